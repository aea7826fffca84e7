"""What changed lately: the home page's latest events, the feed's latest
publications."""

from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from defenders.models import Defender, Organization
from events.models import Event, EventDefender


def latest_changes(limit=8):
    """The newest events of the case file, dated by when they happened: a
    detention, a verdict, a release is when a person's record changed (the
    day the demo or an import was loaded is not)."""
    return list(
        Event.objects.live()
        .filter(date__isnull=False)
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=EventDefender.objects.filter(defender__live=True)
                .select_related("defender")
                .only("event_id", "defender__name", "defender__slug")
                .order_by("sort_order", "pk"),
            )
        )
        .order_by("-date", "-pk")[:limit]
    )


def latest_updates(limit=10):
    """Recently published defenders, events and organizations, newest first."""
    updates = []
    for model, kind in (
        (Defender, _("Defender")),
        (Event, _("Event")),
        (Organization, _("Organization")),
    ):
        # Records loaded outside the admin (demo, imports) have no
        # last_published_at; their last save is when they went public.
        records = (
            model.objects.live()
            .annotate(published=Coalesce("last_published_at", "updated_at"))
            .order_by("-published", "-pk")[:limit]
        )
        updates.extend(
            {
                "kind": kind,
                "record": record,
                "title": str(record.title if model is Event else record.local_name),
                "url": record.get_absolute_url(),
                "published_at": record.published,
                "summary": summary(record),
            }
            for record in records
        )
    updates.sort(key=lambda update: update["published_at"], reverse=True)
    return updates[:limit]


def summary(record):
    """One public line about a record: never its notes or sources."""
    meta = record._meta
    if meta.model_name == "defender":
        return _("%(status)s (as of %(day)s)") % {
            "status": record.get_status_display(),
            "day": record.status_as_of_display,
        }
    if meta.model_name == "event":
        return f"{record.date_display}: {record.get_type_display()}"
    if meta.model_name == "organization":
        if record.closed_on:
            return _("Closed %(day)s") % {"day": record.closed_on_display}
        return record.get_kind_display()
    return ""
