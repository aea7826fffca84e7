"""Shared building blocks of the public pages.

Everything a public page shows passes through here or through a
`<model>_context` function in an app's views: drafts are filtered out and a
confidential source is reduced to "source withheld for safety" *before* a
template sees it, so no template can leak one by accident.
"""

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

# Renditions used by the public templates, prefetched with each photo.
CARD_PHOTO = "fill-160x200"
PROFILE_PHOTO = "fill-320x400"
SHARE_PHOTO = "fill-1200x630"

PER_PAGE = 24
MAX_QUERY_LENGTH = 200


def public_sources(sources):
    """Live sources in public form (`Source.public_fields`): never a
    confidential source's details; several confidential ones show once each."""
    return [source.public_fields() for source in sources if source and source.live]


def live_sources():
    Source = apps.get_model("cms", "Source")
    return Source.objects.live()


def photo_prefetch(*specs):
    """Prefetch a record's photo with the renditions the page will show."""
    images = get_image_model().objects.prefetch_renditions(*specs)
    return Prefetch("photo", queryset=images)


def defender_card_queryset(queryset):
    """Defenders with what a card needs (photo, days held) in constant queries."""
    EventDefender = apps.get_model("events", "EventDefender")
    return queryset.prefetch_related(
        photo_prefetch(CARD_PHOTO),
        Prefetch(
            "involvements",
            queryset=EventDefender.objects.select_related("event"),
        ),
    )


def paginate(request, items, per_page=PER_PAGE):
    """The requested page; a bad or out-of-range ?page= gives a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def search_ids(model, query, limit=500):
    """Primary keys of live records matching `query`, best match first."""
    # Records use a plain QuerySet (no SearchableQuerySetMixin): ask the
    # backend directly, filtering on the `live` FilterField.
    backend = get_search_backend()
    results = backend.search(query, model.objects.live(), operator="and")[:limit]
    return [record.pk for record in results]


def in_order(queryset, ids):
    """`queryset` limited to `ids`, in the order of `ids`."""
    from django.db.models import Case, IntegerField, Value, When

    if not ids:
        return queryset.none()
    ranking = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=ids).order_by(ranking)


def latest_updates(limit=10):
    """Recently published defenders, events and organizations, newest first."""
    Defender = apps.get_model("defenders", "Defender")
    Organization = apps.get_model("defenders", "Organization")
    Event = apps.get_model("events", "Event")
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
                "title": str(record.title if model is Event else record.name),
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
