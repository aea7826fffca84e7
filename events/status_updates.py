"""A detention, verdict or release updates the status of the people it names.

A participant row may say what their status becomes (`EventDefender.
new_status`). Nothing changes on the defender while the event is a draft or
in review: when the event is published (`Event.publish`), the status, its
as-of date (the event's date, with its precision) and its sources (the
event's) are written into a new revision of the defender, by the user who
published the event, in the same transaction.

The rule for the defender's own draft, plain and safe: only the status
fields change, on the defender's latest revision (their draft included).
That revision is published at once only when the defender had nothing
unpublished; otherwise it stays their draft, for review with the rest of it,
so that nobody else's unreviewed changes reach the public.

A status as of a later date than the event is never overwritten: "later" is
the earliest day of each date, the order every list of Docket sorts by.

`plan` says what publishing does (or did) for one participant; the event's
edit form and the message after publishing read it, so the researcher and
the reviewer see what will happen before it does.
"""

import enum

from django.utils.translation import gettext_lazy as _

from wagtail.permission_policies.base import ModelPermissionPolicy

from defenders.models import Defender
from events.models import Event
from records.fuzzydate import display, fuzzy_parts, set_fuzzy

# The status each event type usually leaves a person in. Only these types
# offer a status update.
STATUS_AFTER = {
    Event.Type.DETENTION: Defender.Status.DETAINED,
    Event.Type.VERDICT: Defender.Status.IMPRISONED,
    Event.Type.RELEASE: Defender.Status.RELEASED,
}


class Plan(enum.Enum):
    PUBLISH = "publish"  # publishing the event publishes their new status
    DRAFT = "draft"  # publishing the event saves it into their draft
    NEWER = "newer"  # their status is as of a later date: left as it is
    DONE = "done"  # their published status follows the event
    IN_DRAFT = "in_draft"  # their draft follows the event, awaiting review


def has_pending_draft(defender):
    """Whether the defender has changes not yet published (or is unpublished)."""
    return not defender.live or defender.has_unpublished_changes


def plan(event, participant, defender, latest):
    """What publishing `event` does, or did, for this participant's status;
    `latest` is the defender's latest revision, draft included."""
    pending = has_pending_draft(defender)
    if latest.status == participant.new_status and fuzzy_parts(
        latest, "status_as_of"
    ) == fuzzy_parts(event, "date"):
        return Plan.IN_DRAFT if pending else Plan.DONE
    if latest.status_as_of and latest.status_as_of > event.date:
        return Plan.NEWER
    return Plan.DRAFT if pending else Plan.PUBLISH


def note(event, participant, kind, latest):
    """The sentence the admin shows for a participant's `plan`."""
    defender = participant.defender
    words = {
        "name": defender,
        "status": participant.get_new_status_display(),
        "day": event.date_display,
        "current": latest.get_status_display(),
        "as_of": display(*fuzzy_parts(latest, "status_as_of")),
    }
    return {
        Plan.PUBLISH: _(
            "Publishing this event updates %(name)s's status to “%(status)s”, "
            "as of %(day)s, citing this event's sources (their status note is "
            "cleared: it described the old status)."
        ),
        Plan.DRAFT: _(
            "%(name)s has changes that are not published: publishing this "
            "event saves the status “%(status)s”, as of %(day)s, into that "
            "draft, and the public sees it once the draft is published."
        ),
        Plan.NEWER: _(
            "%(name)s's status (“%(current)s”, as of %(as_of)s) is as of a "
            "later date than this event: it is left as it is."
        ),
        Plan.DONE: _(
            "%(name)s's status follows this event: “%(status)s”, as of %(day)s."
        ),
        Plan.IN_DRAFT: _(
            "%(name)s's draft has the status “%(status)s” from this event, as "
            "of %(day)s: the public sees it once that draft is published."
        ),
    }[kind] % words


def status_notes(event):
    """[(plan, sentence)] for each participant with a status update."""
    if event.type not in STATUS_AFTER:
        return []
    notes = []
    for participant in event.participants.all():
        if participant.new_status:
            defender = participant.defender
            latest = defender.get_latest_revision_as_object()
            kind = plan(event, participant, defender, latest)
            notes.append((kind, note(event, participant, kind, latest)))
    return notes


def may_publish(user):
    return user is None or ModelPermissionPolicy(Defender).user_has_permission(
        user, "publish"
    )


def apply_status_updates(event, user):
    """Write the new statuses of a just-published event's participants.

    Called by `Event.publish`, inside its transaction. Returns the plans
    carried out, one per participant with a status update."""
    if event.type not in STATUS_AFTER:  # the form refuses it; never act on it
        return []
    sources = list(event.sources.all())
    done = []
    for participant in event.participants.exclude(new_status=""):
        defender = Defender.objects.select_for_update().get(pk=participant.defender_id)
        latest = defender.get_latest_revision_as_object()
        kind = plan(event, participant, defender, latest)
        if kind == Plan.PUBLISH and not may_publish(user):
            kind = Plan.DRAFT
        if kind in (Plan.PUBLISH, Plan.DRAFT):
            latest.status = participant.new_status
            set_fuzzy(latest, "status_as_of", fuzzy_parts(event, "date"))
            latest.status_sources.set(sources)
            # The note describes the status it was written for; kept, it
            # would contradict the new one on the public page.
            latest.status_note = ""
            # Not cleaned again: only the status fields changed, each valid as
            # the event's; a draft's unfinished fields are for its review.
            revision = latest.save_revision(user=user, log_action=True, clean=False)
            if kind == Plan.PUBLISH:
                revision.publish(user=user)
        done.append(kind)
    return done
