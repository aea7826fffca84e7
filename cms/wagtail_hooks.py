"""The admin menu: every app's record viewsets, grouped as researchers work."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.caselist.views import CaseListImportViewSet
from cms.caselist.write import IMPORTED, imported_message
from defenders.wagtail_hooks import OrganizationViewSet
from events.wagtail_hooks import (
    ArticleViewSet,
    ChargeViewSet,
    CriminalCaseViewSet,
    DefenderViewSet,
    DetentionPlaceViewSet,
    EventViewSet,
    FigureViewSet,
    SentenceViewSet,
)
from records.wagtail_hooks import PlaceViewSet, SourceViewSet


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
        CaseListImportViewSet,
    )


class ReferenceGroup(SnippetViewSetGroup):
    menu_label = _("Reference")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (
        ArticleViewSet,
        DetentionPlaceViewSet,
        PlaceViewSet,
        SourceViewSet,
        FigureViewSet,
    )


register_snippet(CaseFileGroup)
register_snippet(ReferenceGroup)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    """The audit log's line for a case-list import: who, which file, what."""

    @actions.register_action(IMPORTED)
    class ImportedFormatter(LogFormatter):
        label = _("Import a case list")

        def format_message(self, log_entry):
            return imported_message(log_entry)
