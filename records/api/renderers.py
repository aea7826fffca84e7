"""`?format=csv`: stable, flat, formula-safe columns."""

import csv
import io

from drf_spectacular.drainage import get_override
from rest_framework import renderers, serializers

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
