"""The researchers' workbench: admin viewsets for Source and Place, and the
base every record's viewset shares.

The viewsets are registered in the admin menu by `cms/wagtail_hooks.py`.
"""

import datetime
import threading
import weakref

import django_filters
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.compare import FieldComparison, register_comparison_class
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, UpdatedAtColumn
from wagtail.admin.utils import set_query_params
from wagtail.admin.views.generic import CopyViewMixin
from wagtail.models import ModelLogEntry, WorkflowState
from wagtail.snippets.views.snippets import (
    CreateView,
    SnippetViewSet,
    WorkflowActionView,
)

from records import languages
from records.admin_search import NameSearchMixin
from records.admin_views import read_fuzzy_date
from records.choosers import SourceChooserViewSet
from records.forms import APPROVE, RecordForm, form_token, source_error
from records.fuzzydate import FuzzyDayField, display
from records.models import Place, Source


@hooks.register("register_admin_urls")
def register_fuzzy_date_url():
    return [path("fuzzy-date/", read_fuzzy_date, name="records_read_fuzzy_date")]


class FuzzyDateComparison(FieldComparison):
    """Revisions compared on the whole fuzzy date, as the public reads it
    ("February 2021", "c. 2021"): from "February 2021" to "1 February 2021"
    is a change, though the day column holds 1 February 2021 in both."""

    def __init__(self, field, obj_a, obj_b):
        super().__init__(field, obj_a, obj_b)
        self.val_a = self.shown(obj_a)
        self.val_b = self.shown(obj_b)

    def shown(self, obj):
        value = self.field.fuzzy_value_from_object(obj)
        return display(*value.parts) if value is not None else ""


register_comparison_class(FuzzyDayField, comparison_class=FuzzyDateComparison)


class SourceCheckedWorkflowActionView(WorkflowActionView):
    """Approving from the review dashboard publishes without the edit form,
    so the rule "nothing unsourced goes public" is checked here too."""

    def post(self, request, *args, **kwargs):
        if self.action_name == APPROVE:
            under_review = self.task_state.revision.as_object()
            error = source_error(type(under_review), under_review.sources.all())
            if error:
                messages.error(request, error)
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


# How long a create form's token is remembered: past it, a form still open
# creates a record again (its page was long since hydrated to an edit form).
FORM_TOKEN_LIFETIME = datetime.timedelta(days=2)
_token_locks = weakref.WeakValueDictionary()
_token_locks_guard = threading.Lock()


def token_lock(token):
    """One lock per form token in this process: the same form's two posts,
    handled by two threads, take turns (SQLite, where the database has no
    row locks to take turns on)."""
    with _token_locks_guard:
        lock = _token_locks.get(token)
        if lock is None:
            lock = _token_locks[token] = threading.Lock()
        return lock


class RecordCreateView(CreateView):
    """Wagtail's snippet create view, where one create form creates one record.

    Wagtail 7.4 autosaves snippets with revisions, the create form included:
    half a second after an edit it posts the form in the background, which
    creates the record, and only when the answer comes back does the page
    turn into that record's edit form. A "Save draft" (or publish) clicked
    while that post is on its way posts the same create form again, and made
    a second record. So every create form carries a token (`FORM_TOKEN`),
    recorded with the "created" entry of the audit log; a post whose token
    already created a record edits that record instead: the click, the
    newer of the two, is saved as that record's next revision (its inline
    rows matched to the rows the first post saved); a background autosave
    that comes second only points the page at that record. The two posts
    take turns on a lock: a row lock on the user (PostgreSQL) and a lock in
    this process.
    """

    def post(self, request, *args, **kwargs):
        token = form_token(request.POST)
        if token is None:
            return super().post(request, *args, **kwargs)
        with token_lock(token), transaction.atomic():
            get_user_model().objects.select_for_update().filter(
                pk=request.user.pk
            ).exists()
            earlier = self.created_with(token)
            if earlier is None:
                self.form_token = token
                return super().post(request, *args, **kwargs)
            record, entry = earlier
            if self.expects_json_response:
                return self.point_to(record, entry)
            return self.save_again(record, entry)

    def save_instance(self):
        instance = super().save_instance()
        token = getattr(self, "form_token", None)
        if token:
            updates = dict(self.form.get_field_updates_for_resave())
            ModelLogEntry.objects.for_instance(instance).filter(
                action="wagtail.create"
            ).update(data={"form_token": token, "field_updates": updates})
        return instance

    def created_with(self, token):
        """(record, its "created" log entry) if this token made one lately."""
        entries = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(
                self.model, for_concrete_model=False
            ),
            action="wagtail.create",
            user=self.request.user,
            timestamp__gte=timezone.now() - FORM_TOKEN_LIFETIME,
            data__form_token=token,
        ).order_by("timestamp")
        for entry in entries:
            record = self.model._default_manager.filter(pk=entry.object_id).first()
            if record is not None:
                return record, entry
        return None

    def edit_url(self, record):
        return reverse(self.edit_url_name, args=(quote(record.pk),))

    def point_to(self, record, entry):
        """What a background save is told when the record exists already:
        the page becomes its edit form, as after its own create."""
        edit_url = self.edit_url(record)
        return JsonResponse(
            {
                "success": True,
                "pk": record.pk,
                "url": edit_url,
                "hydrate_url": set_query_params(
                    edit_url, {"_w_hydrate_create_view": "1"}
                ),
                "field_updates": entry.data.get("field_updates", {}),
            }
        )

    def save_again(self, record, entry):
        """The same form posted again: save it to the record it created, with
        the edit view, as it would have been posted once the page knew."""
        data = self.request.POST.copy()
        for name, value in entry.data.get("field_updates", {}).items():
            data[name] = value
        self.request.POST = data
        edit = resolve(self.edit_url(record))
        return edit.func(self.request, *edit.args, **edit.kwargs)


class RecordCopyView(CopyViewMixin, RecordCreateView):
    pass


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
    add_view_class = RecordCreateView
    copy_view_class = RecordCopyView
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


class MissingTranslationFilter(django_filters.ChoiceFilter):
    """A listing filter: the records whose texts lack a Belarusian or a
    Russian version, for a researcher to translate."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("translation missing"),
            choices=[(code, name) for code, name in settings.LANGUAGES[1:]],
            method=lambda queryset, _name, code: languages.untranslated(queryset, code),
            **kwargs,
        )


class SourceFilterSet(WagtailFilterSet):
    class Meta:
        model = Source
        fields = ["confidential", "live"]


class SourceViewSet(RecordViewSet):
    model = Source
    icon = "link"
    menu_label = _("Sources")
    # Opened by every record's sources field (records/widgets.py).
    chooser_viewset_class = SourceChooserViewSet
    chooser_per_page = 20
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


class PlaceViewSet(NameSearchMixin, RecordViewSet):
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
