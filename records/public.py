"""Shared building blocks of the public pages.

Everything a public page shows passes through here or through a
`<model>_context` function in an app's views: drafts are filtered out and a
confidential source is reduced to "source withheld for safety" *before* a
template sees it, so no template can leak one by accident.
"""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import formats

from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from records.models import Source

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


def search_ids(model, query, limit=500):
    """Primary keys of live records matching `query`, best match first."""
    # Records use a plain QuerySet (no SearchableQuerySetMixin): ask the
    # backend directly, filtering on the `live` FilterField.
    backend = get_search_backend()
    results = backend.search(query, model.objects.live(), operator="and")[:limit]
    return [record.pk for record in results]


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
