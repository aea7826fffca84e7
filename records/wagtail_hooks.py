"""The researchers' workbench: admin viewsets for Source and Place, and the
base every record's viewset shares.

The viewsets are registered in the admin menu by `cms/wagtail_hooks.py`.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, UpdatedAtColumn
from wagtail.models import WorkflowState
from wagtail.snippets.views.snippets import SnippetViewSet, WorkflowActionView

from records.forms import APPROVE, NO_SOURCE, RecordForm
from records.models import Place, Source


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


def publication_status(record):
    """draft, in review, live, live + draft or live + in review.

    From the record's own fields and its prefetched workflow states: Wagtail's
    own status column asks the database once per row."""
    in_review = any(
        state.status == WorkflowState.STATUS_IN_PROGRESS
        for state in getattr(record, "_current_workflow_states", ())
    )
    if not record.live:
        return _("in review") if in_review else _("draft")
    if in_review:
        return _("live + in review")
    return _("live + draft") if record.has_unpublished_changes else _("live")


class PublicationStatusColumn(StatusTagColumn):
    def __init__(self):
        super().__init__(
            "publication_status",
            label=_("Publication"),
            accessor=publication_status,
            sort_key="live",
            primary=lambda record: record.live,
        )


def choice_column(name, label):
    """A listing column showing a choice's label, sorted by its value."""
    return Column(name, label=label, accessor=f"get_{name}_display", sort_key=name)


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

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        view_kwargs["list_display"] = [
            *view_kwargs["list_display"],
            PublicationStatusColumn(),
        ]
        return view_kwargs

    def get_queryset(self, request):
        queryset = self.model._default_manager.prefetch_related(
            Prefetch(
                "workflow_states",
                queryset=WorkflowState.objects.active(),
                to_attr="_current_workflow_states",
            )
        )
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
    list_display = [
        "name",
        choice_column("kind", _("Kind")),
        "country",
        UpdatedAtColumn(),
    ]
    filterset_class = PlaceFilterSet
    list_export = ["name", "slug", "kind", "country", "latitude", "longitude", "live"]
    export_filename = "places"
