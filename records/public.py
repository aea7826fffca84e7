"""Shared building blocks of the public pages.

Everything a public page shows passes through here or through a
`<model>_context` function in an app's views: drafts are filtered out and a
confidential source is reduced to "source withheld for safety" *before* a
template sees it, so no template can leak one by accident.
"""

import time

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import formats, timezone, translation

from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from records.cache import public_version
from records.models import Named, Source

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
    return Source.objects.live()


def photo_prefetch(*specs):
    """Prefetch a record's photo with the renditions the page will show."""
    images = get_image_model().objects.prefetch_renditions(*specs)
    return Prefetch("photo", queryset=images)


def paginate(request, items, per_page=PER_PAGE):
    """The requested page; a bad or out-of-range ?page= gives a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


# A search lists at most this many records of each kind: a word most
# records share must not rank (or hold a worker over) them all.
SEARCH_CAP = 500


def text_matches(live, query, limit):
    """(pks, more) of the `live` records (`Model.objects.live()`: the search
    backends filter on FilterFields only) whose text matches `query`
    (Wagtail search, every word), at most `limit`: best match first when they are
    that few, else as found, with `more` true. Ranking every record that
    shares a common word is what makes such a search slow."""
    backend = get_search_backend()
    # No ordering: the backends sort only on FilterFields (records.models).
    live = live.order_by()
    found = backend.search(query, live, operator="and", order_by_relevance=False)
    pks = list(found.get_queryset().values_list("pk", flat=True)[: limit + 1])
    if len(pks) > limit:
        return pks[:limit], True
    if len(pks) > 1:
        ranked = backend.search(query, live, operator="and").get_queryset()
        pks = list(ranked.values_list("pk", flat=True))
    return pks, False


def ranked_ids(live, query, limit=None):
    """(pks, more) of the `live` records matching `query`, at most `limit`
    (SEARCH_CAP): those whose name is spelled so first
    (`RecordQuerySet.named_like`, best first), then those whose text only
    mentions it."""
    limit = limit or SEARCH_CAP
    named = []
    if issubclass(live.model, Named):
        named, more = live.named_ids(query, limit)
        if more:
            return named, True
    text, more = text_matches(live, query, limit)
    seen = set(named)
    pks = named + [pk for pk in text if pk not in seen]
    return pks[:limit], more or len(pks) > limit


# The longest a request waits for another to build what per_public_version
# keeps, before building it itself.
BUILD_SECONDS = 30


def per_public_version(request, name, build):
    """build(), kept in the cache while the published version, the day (days
    held count up) and the language stay the same: for what reads every
    record and changes only when something is published."""
    number, changed_at = public_version(request)
    key = (
        f"docket:{name}:{number}:{changed_at and changed_at.timestamp()}:"
        f"{timezone.localdate()}:{translation.get_language()}"
    )
    found = cache.get(key)
    if found is not None:
        return found
    # One process builds (the home chart takes seconds at 50,000 defenders);
    # the others wait for it rather than each building it at once.
    building = f"{key}:building"
    if not cache.add(building, 1, BUILD_SECONDS):
        deadline = time.monotonic() + BUILD_SECONDS
        while cache.get(building) and time.monotonic() < deadline:
            time.sleep(0.05)
        if (found := cache.get(key)) is not None:
            return found
    try:
        found = build()
        cache.set(key, found, 24 * 3600)
    finally:
        cache.delete(building)
    return found


def in_order(queryset, ids):
    """`queryset` limited to `ids`, in the order of `ids`."""
    if not ids:
        return queryset.none()
    ranking = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=ids).order_by(ranking)


def grouped(number):
    """A count as the site writes it, in the reader's language: 10,000, 61.5,
    and 72 rather than 72.0."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return formats.number_format(number, force_grouping=True)
