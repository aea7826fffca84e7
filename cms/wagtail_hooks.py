"""The admin menu: every app's record viewsets, grouped as researchers work."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

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
