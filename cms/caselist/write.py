"""Write a plan: every record as a draft, all in one transaction, and the
lot to review as one batch (`cms.models.CaseListImport`).

A new record is saved with live=False and its first revision (`bulk.py`
does it many at a time); a record that exists gets a new revision only,
from Wagtail's save_revision: its live version stays what the public sees.
Approving the batch publishes them (`publish`).
"""

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from cms.caselist import bulk
from cms.caselist.plan import Outcome
from cms.models import CaseListImport, ImportedRecord
from defenders.models import Defender
from events.models import Charge, Event, Sentence
from records.models import Source

IMPORTED = "docket.import_case_list"
# New records are inserted model by model, each after those it refers to.
ORDER = [Source, Defender, Event, Charge, Sentence]


def write(plan, *, name, sha256, user=None):
    """The CaseListImport that puts the plan's drafts to review, or None
    when no row changes anything. A plan with errors writes nothing."""
    if plan.has_errors:
        raise ValueError("A plan with errors is never written.")
    going = [row for row in plan.rows if row.outcome in (Outcome.NEW, Outcome.UPDATE)]
    if not going:
        return None
    counts = plan.counts
    with transaction.atomic():
        batch = CaseListImport.objects.create(
            title=name[:255],
            sha256=sha256,
            imported_by=user,
            new_count=counts[Outcome.NEW],
            updated_count=counts[Outcome.UPDATE],
            live=False,
        )
        created, revisions = create(plan, going, user)
        entries = [
            ImportedRecord(batch=batch, revision=revision, created=True)
            for revision in revisions
        ]
        entries += [
            ImportedRecord(batch=batch, revision=revision)
            for revision in update(going, user, created)
        ]
        ImportedRecord.objects.bulk_create(entries, batch_size=bulk.BATCH)
        batch.rows = [summary(row) for row in going]
        batch.save(update_fields=["rows"])
        batch.save_revision(user=user, log_action="wagtail.create")
        workflow = batch.get_workflow()
        if workflow is not None:
            workflow.start(batch, user)
        log(
            instance=batch,
            action=IMPORTED,
            user=user,
            data={
                "file": batch.title,
                "new": batch.new_count,
                "updated": batch.updated_count,
            },
        )
    return batch


def create(plan, going, user):
    """Insert the new records: ({(model, pk)}, their revisions)."""
    new = defaultdict(list)
    for source in plan.new_sources:
        new[Source].append(source)
    for row in going:
        for record, is_new, sources in row.records:
            if is_new:
                record.sources.set(sources)
                new[type(record)].append(record)
    revisions = []
    for model in ORDER:
        revisions += bulk.create_drafts(model, new[model], user)
    records = [record for model in ORDER for record in new[model]]
    bulk.index(records)
    return {(type(record), record.pk) for record in records}, revisions


def update(going, user, created):
    """A new revision of each record that exists, and of the draft sources
    the rows cite (they go public with the records citing them, or those
    would read "no source"). Returns the revisions."""
    revisions, done, cited = [], set(created), {}

    def save(record):
        if not record.live:
            record.save()  # a draft never published: its row is its latest
        revisions.append(record.save_revision(user=user, clean=False, log_action=True))
        done.add((type(record), record.pk))

    for row in going:
        for record, is_new, sources in row.records:
            if not is_new:
                record.sources.add(*sources)
                save(record)
            cited.update((source.pk, source) for source in sources if not source.live)
    for source in cited.values():
        if (Source, source.pk) not in done:
            save(source)
    return revisions


def publish(batch, user):
    """Publish the latest version of every record the batch wrote: drafts
    never published in bulk, the others with Wagtail's publish action."""
    by_model = defaultdict(list)
    for record in batch.drafts():
        by_model[type(record)].append(record)
    one_by_one, published = [], []
    for model in ORDER:
        live = [record for record in by_model[model] if record.live]
        drafts = [record for record in by_model[model] if not record.live]
        left = bulk.publish_drafts(model, drafts, user) if drafts else []
        kept = {id(record) for record in left}
        published += [record for record in drafts if id(record) not in kept]
        one_by_one += [*left, *live]
    for record in one_by_one:
        record.latest_revision.publish(user=user)
    bulk.index(published)


def summary(row):
    """What the editor reviews of one row."""
    return {
        "row": row.number,
        "name": row.name,
        "defender": row.defender.pk,
        "outcome": str(row.outcome),
        "changes": [[c.column, c.old, c.new] for c in row.changes],
    }


def imported_message(entry):
    return _("Imported %(file)s: %(new)s new, %(updated)s updated") % {
        "file": entry.data.get("file", ""),
        "new": entry.data.get("new", 0),
        "updated": entry.data.get("updated", 0),
    }
