"""Admin viewsets for what happened, and for defenders, whose listing and
form show their detention timeline (days held, status-versus-timeline
warnings). The admin menu that groups them is `cms/wagtail_hooks.py`."""

import django_filters
from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column, UpdatedAtColumn

from defenders.models import Defender, Organization
from events.forms import ChargeForm, EventForm
from events.models import (
    Article,
    Charge,
    CriminalCase,
    DetentionPlace,
    Event,
    Figure,
    Sentence,
)
from events.status_updates import Plan, status_notes
from events.timeline import Timeline, load_timelines
from events.whole_case import EventCreateView, WholeCasePanel
from records.admin_search import (
    DefenderNameSearchIndexView,
    NameSearchIndexView,
    NameSearchMixin,
)
from records.forms import requested_action
from records.public import grouped
from records.wagtail_hooks import (
    MissingTranslationFilter,
    RecordViewSet,
    choice_column,
    fuzzy_column,
)


class TimelineWarningsPanel(Panel):
    """Where the defender's status contradicts their detentions and releases."""

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def render_html(self, parent_context=None):
            # One query, however many events name the person.
            timeline = load_timelines([self.instance])[0].timeline
            warnings = timeline.warnings()
            current, total = timeline.days()
            in_total = ngettext(
                "%(days)s day in detention in total.",
                "%(days)s days in detention in total.",
                total,
            ) % {"days": grouped(total)}
            if current is None:
                days = _("Not held now; %(in_total)s") % {"in_total": in_total}
            else:
                days = ngettext(
                    "Held for %(days)s day now; %(in_total)s",
                    "Held for %(days)s days now; %(in_total)s",
                    current,
                ) % {"days": grouped(current), "in_total": in_total}
            if not warnings:
                return format_html(
                    '<div class="help-block help-info"><p>{}</p><p>{}</p></div>',
                    _("The status agrees with the recorded detentions and releases."),
                    days,
                )
            return format_html(
                '<div class="help-block help-warning" data-timeline-warnings>'
                "<p><strong>{}</strong></p><ul>{}</ul><p>{}</p></div>",
                _("Check the status against the timeline:"),
                format_html_join("", "<li>{}</li>", ((w,) for w in warnings)),
                days,
            )


class StatusUpdatesPanel(Panel):
    """What publishing the event does to the status of the people it names
    ("Update their status to"): for the researcher and the reviewer."""

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            return bool(self.instance and self.instance.pk and self.notes)

        @property
        def notes(self):
            if not hasattr(self, "_notes"):
                self._notes = status_notes(self.instance)
            return self._notes

        def render_html(self, parent_context=None):
            calm = {Plan.PUBLISH, Plan.DONE}
            level = (
                "info" if all(kind in calm for kind, _text in self.notes) else "warning"
            )
            return format_html(
                '<div class="help-block help-{}" data-status-updates><ul>{}</ul></div>',
                level,
                format_html_join("", "<li>{}</li>", ((t,) for _k, t in self.notes)),
            )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def report_status_updates(request, instance):
    """Once an event is published from its form, say what became of the
    statuses it updates (and which it left, being older)."""
    if not isinstance(instance, Event):
        return
    if requested_action(request.POST) not in ("publish", "approve"):
        return
    event = Event.objects.get(pk=instance.pk)
    if not event.live:
        return
    for kind, text in status_notes(event):
        if kind == Plan.DONE:
            messages.success(request, text)
        else:
            messages.warning(request, text)


def days_now(defender):
    return Timeline(defender).days()[0]


def days_total(defender):
    return Timeline(defender).days()[1]


def warnings_text(defender):
    return " ".join(str(warning) for warning in Timeline(defender).warnings())


class DefenderIndexView(NameSearchIndexView):
    def to_row_dict(self, item):
        item.timeline = Timeline(item)  # read by the export's days columns
        return super().to_row_dict(item)


class DefenderFilterSet(WagtailFilterSet):
    missing_translation = MissingTranslationFilter()
    organization = django_filters.ModelChoiceFilter(
        label=_("organization"),
        field_name="memberships__organization",
        queryset=Organization.objects.all(),
        distinct=True,
    )

    class Meta:
        model = Defender
        fields = ["status", "organization", "political_prisoner", "live"]


class DefenderViewSet(NameSearchMixin, RecordViewSet):
    model = Defender
    index_view_class = DefenderIndexView
    icon = "user"
    menu_label = _("Defenders")
    extra_panels = [
        TimelineWarningsPanel(heading=_("Timeline check"), help_text=None),
        WholeCasePanel(heading=_("The whole case"), help_text=None),
    ]
    list_display = [
        "__str__",
        choice_column("status", _("Status")),
        fuzzy_column("status_as_of", _("Status as of")),
        Column("days_now", label=_("Days held now"), accessor=days_now),
        Column("days_total", label=_("Days held in total"), accessor=days_total),
        Column("warnings", label=_("Timeline warnings"), accessor=warnings_text),
        UpdatedAtColumn(),
    ]
    filterset_class = DefenderFilterSet
    prefetch_related = ("involvements__event",)
    list_export = [
        "name",
        "name_be",
        "name_ru",
        "slug",
        "status",
        "status_as_of_edtf",
        "timeline.days_now.0",
        "timeline.days_now.1",
        "political_prisoner",
        "live",
    ]
    export_headings = {
        "status_as_of_edtf": _("Status as of (EDTF)"),
        "timeline.days_now.0": _("Days held now"),
        "timeline.days_now.1": _("Days held in total"),
    }
    export_filename = "defenders"


def event_years():
    return [
        (day.year, day.year)
        for day in Event.objects.dates("date", "year", order="DESC")
    ]


class EventFilterSet(WagtailFilterSet):
    missing_translation = MissingTranslationFilter()
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
    add_view_class = EventCreateView
    extra_panels = [
        StatusUpdatesPanel(heading=_("Status updates"), help_text=None),
    ]
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
    index_view_class = DefenderNameSearchIndexView
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
    index_view_class = DefenderNameSearchIndexView
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
    missing_translation = MissingTranslationFilter()

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
    missing_translation = MissingTranslationFilter()

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
    missing_translation = MissingTranslationFilter()

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


class FigureFilterSet(WagtailFilterSet):
    class Meta:
        model = Figure
        fields = ["metric", "qualifier", "live"]


class FigureViewSet(RecordViewSet):
    """National figures: sourced counts (political prisoners in Belarus,
    organizations dissolved), one record per claim."""

    model = Figure
    icon = "table"
    menu_label = _("National figures")
    list_display = [
        "__str__",
        choice_column("metric", _("What is counted")),
        fuzzy_column("as_of", _("As of")),
        UpdatedAtColumn(),
    ]
    filterset_class = FigureFilterSet
    list_export = ["metric", "qualifier", "value", "as_of_edtf", "note", "live"]
    export_headings = {"as_of_edtf": _("As of (EDTF)")}
    export_filename = "figures"
