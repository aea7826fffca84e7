"""New drafts created, and later published, many at a time.

Wagtail saves one record in tens of milliseconds: two saves, a revision, a
log entry, and a search and a reference index update after each save. A
case list of 5,000 people is some 27,000 records, so the ones that are new
are written here in bulk, leaving exactly what Wagtail's create view and
its publish action leave (the row, its revisions, latest and live revision,
"wagtail.create" and "wagtail.publish" in the audit log); one task then
updates the search and reference indexes for them all (`index_records`,
which the task worker runs in production). Records that already exist go
through Wagtail's own save_revision and publish.

Every record handled here is a draft that was never published, so its row
holds its latest revision (as Wagtail's edit view keeps it).
"""

import uuid
from collections import defaultdict

from django_tasks import task

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision, WorkflowState
from wagtail.search.backends import get_search_backends

from records.cache import bump_public_version
from records.models import Named

BATCH = 1000


def new(model, **fields):
    """An unsaved draft whose inline and many-to-many relations are set (to
    none), so that none of them is read from the database when it is saved."""
    record = model(live=False, has_unpublished_changes=True, **fields)
    for relation in get_all_child_relations(model):
        setattr(record, relation.get_accessor_name(), [])
    for field in get_all_child_m2m_relations(model):
        getattr(record, field.name).set([])
    return record


def create_drafts(model, records, user):
    """Insert new drafts of one model, their inline rows and links, a first
    revision each and its "wagtail.create" entry; index them for search.
    Returns their revisions."""
    if not records:
        return []
    for record in records:
        if isinstance(record, Named):  # bulk_create does not call save()
            record.fill_search_names()
    model.objects.bulk_create(records, batch_size=BATCH)
    for relation in get_all_child_relations(model):
        children = []
        for record in records:
            rows = list(getattr(record, relation.get_accessor_name()).all())
            for order, child in enumerate(rows):
                setattr(child, relation.field.attname, record.pk)
                if hasattr(child, "sort_order"):
                    child.sort_order = order
            children += rows
        relation.related_model.objects.bulk_create(children, batch_size=BATCH)
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = [
            through(**{f"{own}_id": record.pk, f"{other}_id": target.pk})
            for record in records
            for target in getattr(record, field.name).all()
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_type = model.get_base_content_type()
    now = timezone.now()
    revisions = []
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        made = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=content_type,
                    base_content_type=base_type,
                    object_id=str(record.pk),
                    user=user,
                    created_at=now,
                    content=record.serializable_data(),
                    object_str=str(record),
                )
                for record in chunk
            ]
        )
        log_all(chunk, [r.pk for r in made], "wagtail.create", user, now)
        for record, revision in zip(chunk, made, strict=True):
            record.latest_revision_id = revision.pk
            revision.content = None  # saved; 27,000 of them weigh in memory
        revisions += made
    # One UPDATE, each row finding its revision (Django's bulk_update would
    # build a CASE of every row).
    own_revision = Revision.objects.filter(
        base_content_type=base_type,
        object_id=Cast(OuterRef("pk"), models.CharField()),
    ).values("pk")[:1]
    model.objects.filter(pk__in=[record.pk for record in records]).update(
        latest_revision=Subquery(own_revision)
    )
    return revisions


def publish_drafts(model, records, user):
    """Publish never-published drafts of one model at their latest revision,
    as Wagtail's publish action does. Returns those it left to that action:
    drafts in a workflow of their own, which publishing must cancel."""
    pks = [record.pk for record in records]
    reviewed = set(
        WorkflowState.objects.active()
        .filter(
            base_content_type=model.get_base_content_type(),
            object_id__in=[str(pk) for pk in pks],
        )
        .values_list("object_id", flat=True)
    )
    others = [record for record in records if str(record.pk) in reviewed]
    records = [record for record in records if str(record.pk) not in reviewed]
    if not records:
        return others
    now = timezone.now()
    model.objects.filter(pk__in=[record.pk for record in records]).update(
        live=True,
        has_unpublished_changes=False,
        live_revision=F("latest_revision"),
        first_published_at=Coalesce("first_published_at", now),
        last_published_at=now,
        expired=False,
    )
    for record in records:
        record.live, record.has_unpublished_changes = True, False
        record.live_revision_id = record.latest_revision_id
        record.first_published_at = record.first_published_at or now
        record.last_published_at = now
    revisions = [record.latest_revision_id for record in records]
    log_all(records, revisions, "wagtail.publish", user, now)
    transaction.on_commit(bump_public_version)
    return others


def log_all(records, revision_ids, action, user, now):
    """One audit-log entry per record, grouped as one action of the user."""
    content_type = ContentType.objects.get_for_model(
        type(records[0]), for_concrete_model=False
    )
    action_uuid = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(record.pk),
                label=str(record),
                action=action,
                timestamp=now,
                user=user,
                revision_id=revision_id,
                content_changed=True,
                data={},
                uuid=action_uuid,
            )
            for record, revision_id in zip(records, revision_ids, strict=True)
        ],
        batch_size=BATCH,
    )


@task()
def index_records(keys):
    """The search index and Wagtail's reference index ("used by") for
    records written in bulk, given as [app label, model name, pk]."""
    by_model = defaultdict(list)
    for app_label, model_name, pk in keys:
        by_model[(app_label, model_name)].append(pk)
    for (app_label, model_name), pks in by_model.items():
        model = apps.get_model(app_label, model_name)
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            records = list(model.get_indexed_objects().filter(pk__in=chunk))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, records)
            with transaction.atomic():
                for record in records:
                    ReferenceIndex.create_or_update_for_object(record)


def index(records):
    """Queue `index_records` for these records (in this transaction)."""
    keys = [
        [record._meta.app_label, record._meta.model_name, record.pk]
        for record in records
    ]
    if keys:
        index_records.enqueue(keys)
