"""The journalists' REST API: the pieces every endpoint shares.

Read-only and public. Each app's `api.py` declares its serializers, filter
sets and viewsets on top of these; `cms/api_urls.py` wires them under
/api/v1/. The rules kept here, once:

- only published records leave the API (`RecordViewSet.get_queryset` starts
  from `.live()`; nested records are filtered again in `is_public`);
- a confidential source is shown only as withheld (`public_source`);
- every client mistake is a 400/404 JSON answer naming the parameter
  (`exception_handler`, `Pagination`, the filter fields below), never a 500;
- lists answer `?format=csv` with stable, formula-safe columns (`CSVRenderer`);
- lists and details carry ETag / Last-Modified from the public version and
  answer 304 (`conditional`).
"""

import csv
import hashlib
import io
import re

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, permissions, renderers, serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from wagtail.rich_text import expand_db_html
from wagtail.search.backends import get_search_backend

from cms.cache import last_modified, public_version
from cms.fuzzydate import latest_day, parse_edtf
from cms.models import WITHHELD

MAX_PAGE_SIZE = 200
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+$")


# --- errors -----------------------------------------------------------------


def exception_handler(exc, context):
    """Every error as {"errors": {parameter: [message, ...]}}.

    Validation errors name the parameter at fault; anything else (not found,
    throttled) is under "detail"."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) != {"detail"}:
        errors = {key: as_list(value) for key, value in data.items()}
    elif isinstance(data, dict):
        errors = {"detail": as_list(data["detail"])}
    else:
        errors = {api_settings.NON_FIELD_ERRORS_KEY: as_list(data)}
    response.data = {"errors": errors}
    return response


def as_list(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The parameter at fault and what is wrong, e.g. "
        '{"date_after": ["Enter a date as YYYY-MM-DD."]}',
    )


# --- pagination -------------------------------------------------------------


class Pagination(PageNumberPagination):
    """`page` and `page_size` (1–200, default 50), checked, never clamped."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 200:
            raise exceptions.ValidationError(
                {"page_size": [f"Enter a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw not in (None, "") and not (
            raw.isascii() and raw.isdigit() and int(raw) >= 1 and len(raw) < 10
        ):
            raise exceptions.ValidationError({"page": ["Enter a whole number from 1."]})
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = int(raw) if raw else 1
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise exceptions.NotFound(
                {
                    "page": [
                        f"Page {number} does not exist: there are "
                        f"{paginator.num_pages} page(s)."
                    ]
                }
            ) from None
        self.request = request
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = "Page number, from 1; past the last: 404."
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": self.page_size,
                }
                parameter["description"] = f"Rows per page, 1 to {MAX_PAGE_SIZE}."
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response


# --- throttling -------------------------------------------------------------


class AnonThrottle(AnonRateThrottle):
    """Anonymous requests per client IP; the rate comes from API_THROTTLE_RATE
    (read at each request, so tests and settings overrides take effect).
    An empty rate turns throttling off."""

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return getattr(settings, "API_THROTTLE_RATE", "120/minute") or None


# --- CSV --------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a spreadsheet cell that can never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def default_label(item):
    if isinstance(item, dict):
        for key in ("slug", "url", "title", "name"):
            if item.get(key):
                return item[key]
        return ""
    return item


def csv_columns(serializer, prefix=""):
    """[(header, path, labeller)] from a serializer's fields, so the columns
    are the same on every page, even an empty one or one with nulls."""
    columns = []
    for name, field in serializer.fields.items():
        header = f"{prefix}{name}"
        if isinstance(field, serializers.ListSerializer):
            label = getattr(field.child, "csv_label", default_label)
            columns.append((header, header.split("."), label))
        elif isinstance(field, serializers.Serializer):
            columns += csv_columns(field, prefix=f"{header}.")
        else:
            child = getattr(field, "csv_child", None)
            label = (
                getattr(field, "csv_label", None)
                or getattr(child, "csv_label", None)
                or default_label
            )
            columns.append((header, header.split("."), label))
    return columns


def csv_row(data, columns):
    row = []
    for _header, path, label in columns:
        value = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, list):
            value = "; ".join(str(label(item)) for item in value)
        row.append(csv_cell(value))
    return row


class CSVRenderer(renderers.BaseRenderer):
    """`?format=csv`: the same rows as the JSON, one record a line, nested
    objects as dotted columns, lists joined with "; "."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, dict):
            rows = [data]
        else:
            rows = list(data or [])
        serializer = view.get_serializer() if view is not None else None
        if serializer is not None and hasattr(serializer, "fields"):
            columns = csv_columns(serializer)
        else:
            keys = list(rows[0]) if rows else []
            columns = [(key, [key], default_label) for key in keys]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([header for header, _path, _label in columns])
        for row in rows:
            writer.writerow(csv_row(row, columns))
        response = renderer_context.get("response")
        if response is not None and view is not None:
            name = getattr(view, "basename", None) or "docket"
            response["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return out.getvalue().encode(self.charset)


# --- fields -----------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "description": "EDTF: YYYY-MM-DD, YYYY-MM or YYYY; ~ when approximate.",
        "example": "2021-02-16",
    }
)
class EDTFField(serializers.Field):
    """A fuzzy date as EDTF (2021-02-16, 2021-02, 2021, 2021-02-16~)."""

    def __init__(self, name, **kwargs):
        self.date_name = name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return getattr(obj, f"{self.date_name}_edtf")


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "enum": ["day", "month", "year", None],
        "description": "How precise the date beside it is; null with no date.",
    }
)
class PrecisionField(serializers.Field):
    def __init__(self, name, **kwargs):
        self.date_name = name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        if getattr(obj, self.date_name) is None:
            return None
        return getattr(obj, f"{self.date_name}_precision")


def fuzzy(name):
    """The two serializer fields of a fuzzy date: `<name>`, `<name>_precision`."""
    return {name: EDTFField(name), f"{name}_precision": PrecisionField(name)}


class FuzzyDatesMixin:
    """Declare `fuzzy_dates = ["date", ...]` on a serializer to add each as
    EDTF plus precision, placed where the name appears in Meta.fields."""

    fuzzy_dates = []

    def get_fields(self):
        fields = super().get_fields()
        for name in self.fuzzy_dates:
            fields.update(fuzzy(name))
        order = []
        for name in getattr(self.Meta, "fields", fields):
            order.append(name)
            precision = f"{name}_precision"
            if name in self.fuzzy_dates and precision not in self.Meta.fields:
                order.append(precision)
        return {name: fields[name] for name in order if name in fields} | {
            name: field for name, field in fields.items() if name not in order
        }


class AbsoluteURLField(serializers.Field):
    """The record's public page, absolute (what a journalist cites)."""

    def __init__(self, source="*", **kwargs):
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, obj):
        path = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


extend_schema_field(OpenApiTypes.URI)(AbsoluteURLField)


class LinesField(serializers.Field):
    """A "one per line" text field as a list of strings."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


extend_schema_field({"type": "array", "items": {"type": "string"}})(LinesField)


class RichTextHTMLField(serializers.CharField):
    """Wagtail rich text as HTML, with its internal links expanded."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, help_text="Rich text as HTML.", **kwargs)

    def to_representation(self, value):
        return expand_db_html(value or "")


def serialize_many(parent, serializer_class, items):
    """Nested rows, serialized by one child serializer per parent serializer.

    DRF builds a serializer's fields on first use; building them again for
    every row of a list costs more than the database does."""
    children = parent.__dict__.setdefault("_nested_children", {})
    child = children.get(serializer_class)
    if child is None:
        child = children[serializer_class] = serializer_class(context=parent.context)
    return [child.to_representation(item) for item in items]


def is_public(obj):
    return obj is not None and getattr(obj, "live", True)


def public_source(source):
    fields = source.public_fields()
    fields.pop("published_on_display", None)  # pages' wording; EDTF here
    return fields


SOURCE_SCHEMA = {
    "type": "object",
    "description": 'A cited source. A confidential one is only {"withheld": '
    f'true, "title": "{WITHHELD}"}}.',
    "properties": {
        "withheld": {"type": "boolean"},
        "title": {"type": "string"},
        "url": {"type": "string", "nullable": True},
        "publisher": {"type": "string", "nullable": True},
        "published_on": {"type": "string", "nullable": True},
        "published_on_precision": {"type": "string", "nullable": True},
        "archived_url": {"type": "string", "nullable": True},
    },
    "required": ["withheld", "title"],
}


@extend_schema_field({"type": "array", "items": SOURCE_SCHEMA})
class SourcesField(serializers.Field):
    """Published sources of a record; confidential ones withheld."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, sources):
        # A related manager, or a list prefetched with to_attr.
        if hasattr(sources, "all"):
            sources = sources.all()
        return [public_source(s) for s in sources if is_public(s)]


def source_label(item):
    if item.get("withheld"):
        return WITHHELD
    return item.get("url") or item.get("title") or ""


SourcesField.csv_label = staticmethod(source_label)


# --- filters ----------------------------------------------------------------


class EDTFDateField(forms.CharField):
    """YYYY-MM-DD, or a whole month (YYYY-MM) or year (YYYY)."""

    message = "Enter a date as YYYY-MM-DD (or YYYY-MM, or YYYY)."

    def __init__(self, *args, end=False, **kwargs):
        self.end = end
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        if "~" in value:
            raise DjangoValidationError(self.message)
        try:
            day, precision, _approximate = parse_edtf(value)
        except ValueError:
            raise DjangoValidationError(self.message) from None
        return latest_day(day, precision) if self.end else day


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "example": "2021-02-01"}
)
class EDTFDateFilter(filters.Filter):
    """On or after (`lookup_expr="gte"`) the earliest day the value can mean,
    or on or before (`lte`) its last day: date_before=2021-02 means up to
    28 February 2021."""

    field_class = EDTFDateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("end", kwargs.get("lookup_expr") == "lte")
        super().__init__(*args, **kwargs)


class SlugChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, noun="record", **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"No published {noun} has this slug."},
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not SLUG_PATTERN.match(str(value)):
            raise DjangoValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


@extend_schema_field({"type": "string", "pattern": SLUG_PATTERN.pattern})
class SlugFilter(filters.ModelChoiceFilter):
    """A published record by its slug; an unknown slug is a 400, not []."""

    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """`ordering=name,-updated_at`; ties broken by id so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


extend_schema_field({"type": "array", "items": {"type": "string"}})(
    StableOrderingFilter
)


SEARCH_MAX = 200
MAX_SEARCH_KEYS = 1000


class SearchField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if len(value) > SEARCH_MAX:
            raise DjangoValidationError(f"Enter at most {SEARCH_MAX} characters.")
        # Letters and digits in any script; punctuation, operators and control
        # characters would only confuse the full-text engines.
        words = re.sub(r"[\W_]+", " ", value).split()
        if not words:
            raise DjangoValidationError("Enter at least one letter or digit.")
        return " ".join(words)


@extend_schema_field({"type": "string", "maxLength": SEARCH_MAX})
class SearchFilter(filters.Filter):
    """Full-text search through Wagtail search (PostgreSQL full text, SQLite
    FTS5), within published records; combined with every other filter."""

    field_class = SearchField

    def filter(self, qs, value):
        if not value:
            return qs
        model = qs.model
        backend = get_search_backend()
        live = model.objects.live()
        matches = backend.search(value, live, order_by_relevance=False)
        prefix = backend.autocomplete(value, live, order_by_relevance=False)
        matches = matches.get_queryset().values("pk").order_by()
        prefix = prefix.get_queryset().values("pk").order_by()
        # The keys, fetched once: as subqueries, the backend's joins run
        # again in the count and in the page. A word most records share
        # gives too many keys to pass back, and stays a subquery.
        pks = {row["pk"] for row in matches.union(prefix)[: MAX_SEARCH_KEYS + 1]}
        if len(pks) > MAX_SEARCH_KEYS:
            return qs.filter(Q(pk__in=matches) | Q(pk__in=prefix))
        return qs.filter(pk__in=pks)


class RecordFilterSet(filters.FilterSet):
    """Base filter set. `docs = {name: (description, example)}` feeds the
    OpenAPI schema, so each filter is described with an example."""

    docs = {}


# --- schema -----------------------------------------------------------------


def only_public_api(endpoints, **kwargs):
    """Schema preprocessing hook: document /api/v1/, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class DocketAutoSchema(AutoSchema):
    """Adds each filter's description and example, and the error answers."""

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        docs = getattr(filterset, "docs", {})
        for parameter in parameters:
            if parameter["name"] in docs:
                description, example = docs[parameter["name"]]
                parameter["description"] = description
                if parameter["schema"].get("type") == "array" and not isinstance(
                    example, list
                ):
                    example = [example]
                parameter["example"] = example
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method != "GET":
            return responses
        codes = {"429": "Too many requests: wait Retry-After seconds."}
        if getattr(self.view, "action", None) in ("list", None):
            codes["400"] = "A filter, page or page_size value is not valid."
        if getattr(self.view, "action", None) in ("list", "retrieve"):
            codes["404"] = "No such published record, or no such page."
        for code, description in sorted(codes.items()):
            response = self._get_response_for_code(
                ErrorSerializer, code, media_types=["application/json"]
            )
            response["description"] = description
            responses[code] = response
        return responses


# --- viewsets ---------------------------------------------------------------


def conditional(request, seed=""):
    """(304 answer or None, etag, last-modified stamp) for a request.

    An answer changes only when the public version does (any publish,
    unpublish, edit or delete: `cms.cache`), when the day does (days in
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
    filter_backends = [filters.DjangoFilterBackend]

    def public_queryset(self):
        return self.model.objects.live()

    def etag_seed(self):
        """What the answer shows beyond the public version (see `conditional`)."""
        return ""

    def get_queryset(self):
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
        self.paginator.get_page_size(request)  # a bad page_size is a 400, not 304
        seed = self.etag_seed()
        not_modified, etag, stamp = conditional(request, seed)
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        pks = self.paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", flat=True)
        )
        response = self.get_paginated_response(self.represent(pks, seed))
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
                str(pk),
            ]
        )

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        not_modified, etag, stamp = conditional(request, self.etag_seed())
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        response = Response(self.get_serializer(instance).data)
        return with_validators(response, etag, stamp)


def api_docs(request):
    """Browsable API docs rendered on the server from the OpenAPI schema:
    no JavaScript, nothing loaded from a CDN."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation.get("responses", {})
            operations.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "id": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "responses": sorted(responses.items()),
                }
            )
    return render(
        request,
        "cms/api_docs.html",
        {
            "info": schema.get("info", {}),
            "operations": operations,
        },
    )


# --- places -----------------------------------------------------------------


class PlaceField(forms.CharField):
    """A published Place by slug (`minsk`) or by name, any case (`Minsk`)."""

    def clean(self, value):
        from cms.models import Place

        value = super().clean(value)
        if not value:
            return None
        if "\x00" in value or len(value) > 200:
            raise DjangoValidationError("No published place has this slug or name.")
        place = (
            Place.objects.live()
            .filter(Q(slug=value) | Q(name__iexact=value))
            .order_by("pk")
            .first()
        )
        if place is None:
            raise DjangoValidationError("No published place has this slug or name.")
        return place


@extend_schema_field({"type": "string", "maxLength": 200})
class PlaceFilter(filters.Filter):
    field_class = PlaceField


class PlaceSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
