"""Admin viewsets for defenders and organizations (registered in groups by
`events/wagtail_hooks.py`).

Days in detention and timeline warnings are derived from the Events that
name a defender: researchers see them here, and never type them.
"""

import django_filters
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column, UpdatedAtColumn

from cms.wagtail_hooks import RecordViewSet, choice_column, fuzzy_column
from defenders.models import Defender, Organization


class TimelineWarningsPanel(Panel):
    """Where the defender's status contradicts their detentions and releases."""

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def render_html(self, parent_context=None):
            warnings = self.instance.timeline_warnings()
            current, total = self.instance.days_in_detention()
            days = _("Days in detention: %(current)s now, %(total)s in total.") % {
                "current": "—" if current is None else current,
                "total": total,
            }
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


def days_now(defender):
    return defender.days_in_detention()[0]


def days_total(defender):
    return defender.days_in_detention()[1]


def warnings_text(defender):
    return " ".join(str(warning) for warning in defender.timeline_warnings())


class DefenderFilterSet(WagtailFilterSet):
    organization = django_filters.ModelChoiceFilter(
        label=_("organization"),
        field_name="memberships__organization",
        queryset=Organization.objects.all(),
        distinct=True,
    )

    class Meta:
        model = Defender
        fields = ["status", "organization", "political_prisoner", "live"]


class DefenderViewSet(RecordViewSet):
    model = Defender
    icon = "user"
    menu_label = _("Defenders")
    extra_panels = [
        TimelineWarningsPanel(heading=_("Timeline check"), help_text=None),
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
        "days_in_detention.0",
        "days_in_detention.1",
        "political_prisoner",
        "live",
    ]
    export_headings = {
        "status_as_of_edtf": _("Status as of (EDTF)"),
        "days_in_detention.0": _("Days held now"),
        "days_in_detention.1": _("Days held in total"),
    }
    export_filename = "defenders"


class OrganizationFilterSet(WagtailFilterSet):
    class Meta:
        model = Organization
        fields = ["status", "kind", "live"]


class OrganizationViewSet(RecordViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    list_display = [
        "__str__",
        choice_column("kind", _("Kind")),
        choice_column("status", _("Registration")),
        fuzzy_column("closed_on", _("Closed on")),
        UpdatedAtColumn(),
    ]
    filterset_class = OrganizationFilterSet
    list_export = [
        "name",
        "slug",
        "kind",
        "status",
        "founded_edtf",
        "closed_on_edtf",
        "closed_by",
        "live",
    ]
    export_headings = {
        "founded_edtf": _("Founded (EDTF)"),
        "closed_on_edtf": _("Closed on (EDTF)"),
    }
    export_filename = "organizations"
