"""`?format=csv`: stable, flat, formula-safe columns."""

import csv
import io

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
