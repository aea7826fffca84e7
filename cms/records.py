"""The base of every case record: Wagtail's editorial features, in one place.

Records are snippets with drafts, revisions (and their compare view), locking,
preview, a review workflow and the audit log, all from Wagtail. The public sees
only live records: use `Model.objects.live()`.
"""

from importlib import import_module

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from cms.fuzzydate import clean_fuzzy_dates


class RecordQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)


class Record(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    objects = RecordQuerySet.as_manager()

    # Records whose publication must cite at least one source.
    requires_source = False

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {**clean_fuzzy_dates(self), **self.validation_errors()}
        if errors:
            raise ValidationError(errors)

    def validation_errors(self):
        """{field: message} for rules across fields; override per record."""
        return {}

    def get_preview_template(self, request, mode_name):
        meta = self._meta
        return f"{meta.app_label}/{meta.model_name}_page.html"

    def get_preview_context(self, request, mode_name):
        return {
            **super().get_preview_context(request, mode_name),
            **self.public_context(request),
        }

    def public_context(self, request):
        """The context of this record's public page, shared with its preview.

        `<app>/views.py` may define `<model_name>_context(request, record)`;
        the public view and the admin preview both call it, so an editor
        previews exactly what the public will see.
        """
        meta = self._meta
        views = import_module(f"{meta.app_label}.views")
        build = getattr(views, f"{meta.model_name}_context", None)
        return build(request, self) if build else {"page": self}


class Cited(models.Model):
    """A record whose facts each come from a Source."""

    sources = ParentalManyToManyField(
        "cms.Source",
        blank=True,
        related_name="cited_by_%(app_label)s_%(class)s",
        verbose_name=_("sources"),
    )

    class Meta:
        abstract = True
