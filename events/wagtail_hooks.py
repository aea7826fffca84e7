"""Admin viewsets for what happened, and the admin menu of every record.

events is the last app that knows every record type, so the menu groups are
registered here: "Case file" (what researchers record every day) and
"Reference" (what those records point to).
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.wagtail_hooks import (
    PlaceViewSet,
    RecordViewSet,
    SourceViewSet,
    choice_column,
    fuzzy_column,
)
from defenders.wagtail_hooks import DefenderViewSet, OrganizationViewSet
from events.forms import ChargeForm, EventForm
from events.models import (
    Article,
    Charge,
    CriminalCase,
    DetentionPlace,
    Event,
    Sentence,
)


def event_years():
    return [
        (day.year, day.year)
        for day in Event.objects.dates("date", "year", order="DESC")
    ]


class EventFilterSet(WagtailFilterSet):
    year = django_filters.TypedChoiceFilter(
        label=_("year"),
        field_name="date__year",
        choices=event_years,
        coerce=int,
    )

    class Meta:
        model = Event
        fields = ["type", "year", "live"]


def figures_text(event):
    """Each source's figure, side by side: "53 (Viasna) · at least 40 (RFE/RL)"."""
    return " · ".join(
        f"{figure} ({figure.source.publisher or figure.source.title})"
        for figure in event.figures.all()
    )


class EventViewSet(RecordViewSet):
    model = Event
    icon = "date"
    menu_label = _("Events")
    base_form_class = EventForm
    list_display = [
        "title",
        choice_column("type", _("Type")),
        fuzzy_column("date", _("Date")),
        Column("figures", label=_("Figures claimed"), accessor=figures_text),
        UpdatedAtColumn(),
    ]
    filterset_class = EventFilterSet
    prefetch_related = ("figures__source",)
    list_export = [
        "title",
        "slug",
        "type",
        "date_edtf",
        "end_edtf",
        "affected_count",
        "authority",
        "live",
    ]
    export_headings = {
        "date_edtf": _("Date (EDTF)"),
        "end_edtf": _("End date (EDTF)"),
    }
    export_filename = "events"


class ChargeFilterSet(WagtailFilterSet):
    class Meta:
        model = Charge
        fields = ["outcome", "article", "live"]


class ChargeViewSet(RecordViewSet):
    model = Charge
    icon = "doc-full"
    menu_label = _("Charges")
    base_form_class = ChargeForm
    list_display = [
        "__str__",
        "case",
        fuzzy_column("brought_on", _("Brought on")),
        choice_column("outcome", _("Outcome")),
        UpdatedAtColumn(),
    ]
    filterset_class = ChargeFilterSet
    select_related = ("defender", "article", "case")
    list_export = [
        "defender",
        "article",
        "case",
        "brought_on_edtf",
        "outcome",
        "live",
    ]
    export_headings = {
        "defender": _("Defender"),
        "article": _("Article"),
        "case": _("Case"),
        "brought_on_edtf": _("Brought on (EDTF)"),
    }
    export_filename = "charges"


class SentenceFilterSet(WagtailFilterSet):
    class Meta:
        model = Sentence
        fields = ["regime", "in_absentia", "live"]


class SentenceViewSet(RecordViewSet):
    model = Sentence
    icon = "warning"
    menu_label = _("Sentences")
    list_display = [
        "__str__",
        "case",
        fuzzy_column("verdict_date", _("Verdict date")),
        Column("term_display", label=_("Term"), sort_key="term_months"),
        choice_column("regime", _("Regime")),
        UpdatedAtColumn(),
    ]
    filterset_class = SentenceFilterSet
    select_related = ("defender", "case")
    list_export = [
        "defender",
        "case",
        "verdict_date_edtf",
        "court",
        "term_months",
        "regime",
        "in_absentia",
        "live",
    ]
    export_headings = {
        "defender": _("Defender"),
        "case": _("Case"),
        "verdict_date_edtf": _("Verdict date (EDTF)"),
    }
    export_filename = "sentences"


class CriminalCaseFilterSet(WagtailFilterSet):
    class Meta:
        model = CriminalCase
        fields = ["live"]


class CriminalCaseViewSet(RecordViewSet):
    model = CriminalCase
    icon = "folder-open-inverse"
    menu_label = _("Criminal cases")
    list_display = [
        "title",
        "number",
        fuzzy_column("opened_on", _("Opened on")),
        UpdatedAtColumn(),
    ]
    filterset_class = CriminalCaseFilterSet
    list_export = ["title", "number", "slug", "opened_on_edtf", "authority", "live"]
    export_headings = {"opened_on_edtf": _("Opened on (EDTF)")}
    export_filename = "criminal-cases"


class ArticleFilterSet(WagtailFilterSet):
    class Meta:
        model = Article
        fields = ["code", "live"]


class ArticleViewSet(RecordViewSet):
    model = Article
    icon = "list-ul"
    menu_label = _("Articles")
    list_display = ["__str__", "code", "maximum_penalty", UpdatedAtColumn()]
    filterset_class = ArticleFilterSet
    list_export = ["code", "number", "part", "slug", "title", "maximum_penalty", "live"]
    export_filename = "articles"


class DetentionPlaceFilterSet(WagtailFilterSet):
    class Meta:
        model = DetentionPlace
        fields = ["kind", "place", "live"]


class DetentionPlaceViewSet(RecordViewSet):
    model = DetentionPlace
    icon = "home"
    menu_label = _("Detention places")
    list_display = [
        "name",
        choice_column("kind", _("Kind")),
        "place",
        UpdatedAtColumn(),
    ]
    filterset_class = DetentionPlaceFilterSet
    select_related = ("place",)
    list_export = ["name", "slug", "kind", "place", "postal_address", "live"]
    export_headings = {"place": _("City")}
    export_filename = "detention-places"


class CaseFileGroup(SnippetViewSetGroup):
    menu_label = _("Case file")
    menu_icon = "folder-open-1"
    menu_order = 200
    items = (
        DefenderViewSet,
        OrganizationViewSet,
        EventViewSet,
        ChargeViewSet,
        SentenceViewSet,
        CriminalCaseViewSet,
    )


class ReferenceGroup(SnippetViewSetGroup):
    menu_label = _("Reference")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (ArticleViewSet, DetentionPlaceViewSet, PlaceViewSet, SourceViewSet)


register_snippet(CaseFileGroup)
register_snippet(ReferenceGroup)
