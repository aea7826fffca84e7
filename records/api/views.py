"""Read-only, published-only viewsets with ETags and a per-record cache."""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext
from django_filters import rest_framework as filters
from rest_framework import exceptions, permissions, renderers, viewsets
from rest_framework.response import Response

from records import languages
from records.api.fields import chosen_fields, only
from records.api.filters import SLUG_PATTERN
from records.api.pagination import Pagination
from records.api.params import LIST_PARAMS, check_query_params
from records.api.renderers import (
    CSVRenderer,
    ListOptions,
    pk_chunks,
    stream_csv,
    wants_bom,
)
from records.api.schema import DocketAutoSchema
from records.api.throttling import AnonThrottle
from records.cache import last_modified, public_version


def conditional(request, seed=""):
    """(304 answer or None, etag, last-modified stamp) for a request.

    An answer changes only when the public version does (any publish,
    unpublish, edit or delete: `records.cache`), when the day does (days in
    detention count up) and with the URL and format; `seed` adds what the
    version does not cover, such as a petition's signature count."""
    number, _changed_at = public_version(request)
    seed = "|".join(
        [
            str(number),
            seed,
            timezone.localdate().isoformat(),
            request.get_full_path(),
            getattr(request, "accepted_media_type", ""),
            languages.active(),
        ]
    )
    etag = quote_etag(hashlib.sha256(seed.encode()).hexdigest()[:32])
    stamp = int(last_modified(request).timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
    return not_modified, etag, stamp


def with_validators(response, etag, stamp):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stamp)
    return response


class APIViewMixin:
    """Throttled, JSON or CSV, errors always JSON, documented with errors."""

    renderer_classes = [renderers.JSONRenderer, CSVRenderer]
    # Public and anonymous: no session, so no CSRF and every client throttled.
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonThrottle]
    schema = DocketAutoSchema()
    # Query parameters the view takes besides LIST_PARAMS and its filters.
    query_params = frozenset()

    def initial(self, request, *args, **kwargs):
        # The texts, and the error messages, in ?lang= or Accept-Language;
        # the facts are the same in every language.
        translation.activate(languages.for_api(request))
        super().initial(request, *args, **kwargs)
        asked = request.query_params.get("lang", "")
        if asked and asked not in languages.CODES:
            raise exceptions.ValidationError(
                {
                    "lang": [
                        gettext("Enter one of: %(codes)s.")
                        % {"codes": ", ".join(languages.CODES)}
                    ]
                }
            )
        check_query_params(request, self.allowed_query_params(), self.multiple_params())

    def list_filterset_class(self):
        """The filter set the view applies, if any (a list's only)."""
        if getattr(self, "action", None) not in ("list", None):
            return None
        if filters.DjangoFilterBackend not in getattr(self, "filter_backends", []):
            return None
        return getattr(self, "filterset_class", None)

    def allowed_query_params(self):
        """LIST_PARAMS, the view's own, and its filter set's filter names;
        `page` and `page_size` only where there are pages."""
        allowed = set(LIST_PARAMS) | set(self.query_params)
        paginator = getattr(self, "paginator", None)
        if paginator is None or getattr(self, "action", None) != "list":
            allowed -= {"page", "page_size"}
        filterset = self.list_filterset_class()
        if filterset is not None:
            allowed |= set(filterset.base_filters)
        if getattr(self, "ordering_fields", None):
            allowed.add("ordering")
        return allowed

    def multiple_params(self):
        """The filters that take several values (status=a&status=b)."""
        filterset = self.list_filterset_class()
        if filterset is None:
            return set()
        return {
            name
            for name, item in filterset.base_filters.items()
            if issubclass(item.field_class, forms.MultipleChoiceField)
        }

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (exceptions.NotFound, Http404):
            if force:
                raise
            raise exceptions.ValidationError(
                {"format": ["Enter json or csv."]}
            ) from None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = languages.active()
        patch_vary_headers(response, ("Accept-Language",))
        # Errors are always JSON, even when the client asked for CSV.
        if response.status_code >= 400 and hasattr(response, "accepted_renderer"):
            if not isinstance(response.accepted_renderer, renderers.JSONRenderer):
                response.accepted_renderer = renderers.JSONRenderer()
                response.accepted_media_type = "application/json"
        return response


class RecordViewSet(APIViewMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only, published-only list and detail by slug.

    Subclasses set `model`, `serializer_class` and `filterset_class`, and
    override `public_queryset` to prefetch nested records."""

    model = None
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    pagination_class = Pagination
    # ListOptions documents `fields` and `bom` (records.api.renderers).
    filter_backends = [filters.DjangoFilterBackend, ListOptions]
    query_params = frozenset({"fields"})

    def public_queryset(self):
        return self.model.objects.live()

    def etag_seed(self):
        """What the answer shows beyond the public version (see `conditional`)."""
        return ""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation, perhaps with no database (check --deploy).
            return self.model.objects.none()
        queryset = self.public_queryset()
        ordering = [*(queryset.query.order_by or self.model._meta.ordering), "pk"]
        return queryset.order_by(*ordering)

    def get_object(self):
        value = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not SLUG_PATTERN.match(value) or (
            self.lookup_field == "pk" and not value.isdigit()
        ):
            raise exceptions.NotFound()
        return super().get_object()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        # A bad page, page_size, fields or bom is a 400, not a 304.
        streamed = isinstance(request.accepted_renderer, CSVRenderer)
        self.paginator.check_params(request, streamed=streamed)
        fields, bom = chosen_fields(request, self.get_serializer()), wants_bom(request)
        seed = self.etag_seed()
        not_modified, etag, stamp = conditional(request, seed)
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        if streamed:
            # Every matching row, a chunk at a time (records.api.renderers).
            chunks = (self.represent(pks, seed) for pks in pk_chunks(queryset))
            response = stream_csv(self, chunks, fields, bom)
            return with_validators(response, etag, stamp)
        pks = self.paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", flat=True)
        )
        rows = only(self.represent(pks, seed), fields)
        response = self.get_paginated_response(rows)
        return with_validators(response, etag, stamp)

    def represent(self, pks, seed=""):
        """The serialized records, in the order of `pks`.

        Each record's answer is kept in the cache for the current public
        version, day and `etag_seed`, so any list, filter, ordering or page
        that shows it again skips the nested queries and the serializing: a
        journalist paging through filtered lists pays for each record once.
        Only the records not in the cache are loaded (with their prefetches)."""
        seconds = settings.PUBLIC_CACHE_SECONDS
        keys = {pk: self.record_cache_key(pk, seed) for pk in pks}
        found = cache.get_many(keys.values()) if seconds else {}
        missing = [pk for pk in pks if keys[pk] not in found]
        if missing:
            records = self.load_records(missing)
            built = dict(
                zip(
                    (record.pk for record in records),
                    self.get_serializer(records, many=True).data,
                    strict=True,
                )
            )
            fresh = {keys[pk]: data for pk, data in built.items()}
            if seconds:
                cache.set_many(fresh, seconds)
            found.update(fresh)
        # A record unpublished between the two queries is left out.
        return [found[keys[pk]] for pk in pks if keys[pk] in found]

    def load_records(self, pks):
        """The records to serialize, with what their answers show."""
        return list(self.get_queryset().filter(pk__in=pks))

    def record_cache_key(self, pk, seed):
        number, _changed_at = public_version(self.request)
        return ":".join(
            [
                "docket:api-record",
                str(number),
                timezone.localdate().isoformat(),
                seed,
                # Answers hold absolute URLs.
                self.request.build_absolute_uri("/"),
                self.get_serializer_class().__qualname__,
                languages.active(),
                str(pk),
            ]
        )

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        fields, _bom = chosen_fields(request, self.get_serializer()), wants_bom(request)
        not_modified, etag, stamp = conditional(request, self.etag_seed())
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        response = Response(only(self.get_serializer(instance).data, fields))
        return with_validators(response, etag, stamp)
