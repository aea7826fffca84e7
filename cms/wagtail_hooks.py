"""The researchers' workbench: admin viewsets for Source and Place, and the
base every record's viewset shares.

The viewsets are registered in groups ("Case file", "Reference") by
`events/wagtail_hooks.py`, the one app that knows every record type.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet, WorkflowActionView

from cms.forms import APPROVE, NO_SOURCE, RecordForm
from cms.models import Place, Source


def cites_a_source(record):
    return not record.requires_source or bool(list(record.sources.all()))


class SourceCheckedWorkflowActionView(WorkflowActionView):
    """Approving from the review dashboard publishes without the edit form,
    so the rule "nothing unsourced goes public" is checked here too."""

    def post(self, request, *args, **kwargs):
        if self.action_name == APPROVE:
            under_review = self.task_state.revision.as_object()
            if not cites_a_source(under_review):
                messages.error(request, NO_SOURCE)
                edit_url = AdminURLFinder(request.user).get_edit_url(self.object)
                edit_url = edit_url or self.redirect_url
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return render_modal_workflow(
                        request,
                        "",
                        None,
                        {},
                        json_data={"step": "success", "redirect": edit_url},
                    )
                return redirect(edit_url)
        return super().post(request, *args, **kwargs)


class RecordViewSet(SnippetViewSet):
    """What every record's admin shares: our form rules, the review guard,
    select/prefetch hooks for bounded listing queries."""

    base_form_class = RecordForm
    workflow_action_view_class = SourceCheckedWorkflowActionView
    # Panels shown above the model's own, e.g. derived warnings.
    extra_panels = []
    list_per_page = 50
    select_related = ()
    prefetch_related = ()

    def get_edit_handler(self):
        panels = [*self.extra_panels, *self.model.panels]
        return ObjectList(panels, base_form_class=self.base_form_class).bind_to_model(
            self.model
        )

    def get_queryset(self, request):
        queryset = self.model._default_manager.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset


def fuzzy_column(name, label):
    """A listing column showing a fuzzy date as written, sorted by its day."""
    return Column(f"{name}_display", label=label, sort_key=name)


class SourceFilterSet(WagtailFilterSet):
    class Meta:
        model = Source
        fields = ["confidential", "live"]


class SourceViewSet(RecordViewSet):
    model = Source
    icon = "link"
    menu_label = _("Sources")
    list_display = [
        "__str__",
        "url",
        fuzzy_column("published_on", _("Published on")),
        "confidential",
        UpdatedAtColumn(),
    ]
    filterset_class = SourceFilterSet
    list_export = [
        "title",
        "publisher",
        "url",
        "archived_url",
        "published_on_edtf",
        "confidential",
        "live",
    ]
    export_headings = {"published_on_edtf": _("Published on (EDTF)")}
    export_filename = "sources"


class PlaceFilterSet(WagtailFilterSet):
    class Meta:
        model = Place
        fields = ["kind", "live"]


class PlaceViewSet(RecordViewSet):
    model = Place
    icon = "site"
    menu_label = _("Places")
    list_display = ["name", "kind", "country", UpdatedAtColumn()]
    filterset_class = PlaceFilterSet
    list_export = ["name", "slug", "kind", "country", "latitude", "longitude", "live"]
    export_filename = "places"
