"""Admin viewsets for defenders and organizations (registered in groups by
`events/wagtail_hooks.py`).

Days in detention and timeline warnings are derived from the Events that
name a defender: researchers see them here, and never type them.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import UpdatedAtColumn

from defenders.models import Organization
from records.admin_search import NameSearchMixin
from records.wagtail_hooks import (
    MissingTranslationFilter,
    RecordViewSet,
    choice_column,
    fuzzy_column,
)


class OrganizationFilterSet(WagtailFilterSet):
    missing_translation = MissingTranslationFilter()

    class Meta:
        model = Organization
        fields = ["status", "kind", "live"]


class OrganizationViewSet(NameSearchMixin, RecordViewSet):
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
