"""`?format=csv`: stable, flat, formula-safe columns, every row streamed.

A list's CSV is every matching row, not a page: `stream_csv` writes it a
chunk of CSV_CHUNK_SIZE records at a time (the view serializes each chunk
with its prefetches), so memory stays flat however many rows match.
`page` and `page_size` do not apply to it (a 400: a script paging a CSV
would otherwise read the same rows again forever). `?bom=1` starts the file
with a UTF-8 byte order mark, which Excel needs to read it as UTF-8.
"""

import csv
import io

from django.http import StreamingHttpResponse
from drf_spectacular.drainage import get_override
from rest_framework import exceptions, renderers, serializers

from records.api.fields import chosen_fields

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Records serialized at a time: one query for the rows and one per nested
# list each chunk, and a chunk's answers in memory at most.
CSV_CHUNK_SIZE = 500
BOM = "\ufeff"
BOM_VALUES = {"1": True, "true": True, "0": False, "false": False}


def csv_cell(value):
    """A value as a spreadsheet cell that can never run as a formula.

    A number stays a number (-3, not '-3): only text can hold a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
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


def declared_shape(serializer, field):
    """What a field writes, as its OpenAPI schema declares it: a Serializer
    (instance, `many=True` for a list), a JSON schema dict, or None.

    A SerializerMethodField or a custom Field is opaque to DRF; its
    `extend_schema_field` annotation (read with drf-spectacular's own
    `get_override`) is what the schema shows, so CSV columns follow it."""
    if isinstance(field, serializers.SerializerMethodField):
        method = getattr(serializer, field.method_name, None)
        return get_override(method, "field") if method is not None else None
    return get_override(field, "field")


def schema_columns(schema, header, label):
    """Columns of a JSON schema dict: an object's properties as dotted
    columns, anything else (a list, a scalar) as one column."""
    properties = schema.get("properties") if schema.get("type") == "object" else None
    if not properties:
        return [(header, header.split("."), label)]
    columns = []
    for name, child in properties.items():
        columns += schema_columns(child, f"{header}.{name}", default_label)
    return columns


def csv_columns(serializer, prefix=""):
    """[(header, path, labeller)] from a serializer's fields, so the columns
    are the same on every page, even an empty one or one with nulls.

    A nested object is dotted columns (`case.slug`, `case.title`), never
    its dict as text: a nested serializer, or a method or custom field whose
    schema declares an object. A list is one column, its items labelled
    (`csv_label` of the field or of its child serializer) and joined."""
    columns = []
    for name, field in serializer.fields.items():
        header = f"{prefix}{name}"
        if isinstance(field, serializers.ListSerializer):
            label = getattr(field.child, "csv_label", default_label)
            columns.append((header, header.split("."), label))
            continue
        if isinstance(field, serializers.Serializer):
            columns += csv_columns(field, prefix=f"{header}.")
            continue
        shape = declared_shape(serializer, field)
        child = getattr(field, "csv_child", None)
        label = (
            getattr(field, "csv_label", None)
            or getattr(child, "csv_label", None)
            or default_label
        )
        if isinstance(shape, type) and issubclass(shape, serializers.Serializer):
            shape = shape()
        if isinstance(shape, serializers.ListSerializer):
            if label is default_label:
                label = getattr(shape.child, "csv_label", default_label)
            columns.append((header, header.split("."), label))
        elif isinstance(shape, serializers.Serializer):
            columns += csv_columns(shape, prefix=f"{header}.")
        elif isinstance(shape, dict):
            columns += schema_columns(shape, header, label)
        else:
            columns.append((header, header.split("."), label))
    return columns


def csv_row(data, columns):
    row = []
    for _header, path, label in columns:
        value = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, list):
            value = "; ".join(str(csv_text(label(item))) for item in value)
        row.append(csv_cell(csv_text(value)))
    return row


def csv_text(value):
    """A value left nested where no column was declared for its parts (a
    field whose schema says nothing): its label, never a dict's text."""
    if isinstance(value, dict):
        return default_label(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(csv_text(default_label(item))) for item in value)
    return value


def wants_bom(request):
    """`?bom=1` (or true); 0, false or nothing for none; else a 400."""
    raw = request.query_params.get("bom")
    if raw in (None, ""):
        return False
    if raw.lower() not in BOM_VALUES:
        raise exceptions.ValidationError({"bom": ["Enter 1 or 0."]})
    return BOM_VALUES[raw.lower()]


def view_columns(view, fields=None):
    """The CSV columns of a view's serializer, only those of `fields` (the
    `?fields=` names, in their order) when given."""
    columns = csv_columns(view.get_serializer())
    if fields is None:
        return columns
    return [column for name in fields for column in columns if column[1][0] == name]


def csv_filename(view):
    name = getattr(view, "basename", None) or "docket"
    return f'inline; filename="{name}.csv"'


def pk_chunks(queryset, size=None):
    """The primary keys of every row, in the queryset's order, a list of
    `size` at a time: a database cursor, never every row in memory."""
    size = size or CSV_CHUNK_SIZE
    chunk = []
    pks = queryset.prefetch_related(None).values_list("pk", flat=True)
    for pk in pks.iterator(chunk_size=size):
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def csv_lines(columns, chunks, bom=False):
    """The header, then each chunk of serialized records, as encoded CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if bom:
        out.write(BOM)
    writer.writerow([header for header, _path, _label in columns])
    yield out.getvalue().encode(CSVRenderer.charset)
    for rows in chunks:
        out.seek(0)
        out.truncate()
        for row in rows:
            writer.writerow(csv_row(row, columns))
        yield out.getvalue().encode(CSVRenderer.charset)


def stream_csv(view, chunks, fields=None, bom=False):
    """Every row of a list as one streamed CSV; `chunks` yields lists of
    serialized records (the view's `represent`, a chunk of pks at a time)."""
    columns = view_columns(view, fields)
    response = StreamingHttpResponse(
        csv_lines(columns, chunks, bom),
        content_type=f"{CSVRenderer.media_type}; charset={CSVRenderer.charset}",
    )
    response["Content-Disposition"] = csv_filename(view)
    return response


class CSVRenderer(renderers.BaseRenderer):
    """`?format=csv`: the same rows as the JSON, one record a line, nested
    objects as dotted columns, lists joined with "; ". A list's CSV is
    streamed (`stream_csv`); this renders a single record."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        request = renderer_context.get("request")
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, dict):
            rows = [data]
        else:
            rows = list(data or [])
        serializer = view.get_serializer() if view is not None else None
        if serializer is not None and hasattr(serializer, "fields"):
            fields = chosen_fields(request, serializer) if request else None
            columns = view_columns(view, fields)
        else:
            keys = list(rows[0]) if rows else []
            columns = [(key, [key], default_label) for key in keys]
        bom = wants_bom(request) if request is not None else False
        body = b"".join(csv_lines(columns, [rows], bom))
        response = renderer_context.get("response")
        if response is not None and view is not None:
            response["Content-Disposition"] = csv_filename(view)
        return body


class ListOptions:
    """A no-op filter backend that documents what every list takes besides
    its filters: `fields` (the choice of fields, their CSV columns listed)
    and `bom`. drf-spectacular reads its parameters for list operations."""

    def filter_queryset(self, request, queryset, view):
        return queryset

    def get_schema_operation_parameters(self, view):
        serializer = view.get_serializer()
        names = list(serializer.fields)
        columns = ", ".join(header for header, _path, _label in csv_columns(serializer))
        return [
            {
                "name": "fields",
                "required": False,
                "in": "query",
                "style": "form",
                "explode": False,
                "description": "Only these fields, in this order, comma-separated "
                "(fields=slug,name,status); an unknown name is a 400 naming it. "
                "A nested object is chosen whole. With format=csv, every "
                "matching row, one a line; its columns, in order: "
                f"{columns}. A nested object is dotted columns, a list one "
                "column of its items joined with '; ', numbers stay numbers, "
                "empty is null.",
                "schema": {"type": "array", "items": {"type": "string", "enum": names}},
            },
            {
                "name": "bom",
                "required": False,
                "in": "query",
                "description": "With format=csv: 1 starts the file with a UTF-8 "
                "byte order mark, so that Excel reads it as UTF-8.",
                "schema": {"type": "string", "enum": ["0", "1", "true", "false"]},
            },
        ]
