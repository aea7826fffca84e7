"""Serializer fields every record shares: fuzzy dates, links, sources."""

from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from records.models import WITHHELD
from records.richtext import render as render_richtext


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
    """Wagtail rich text as HTML, internal links expanded, sanitised."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, help_text="Rich text as HTML.", **kwargs)

    def to_representation(self, value):
        return str(render_richtext(value))


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


class PlaceSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


# --- `fields=`: the fields a list or record shows -------------------------


def chosen_fields(request, serializer):
    """The top-level fields `?fields=slug,name,status` asks for, in its
    order, or None for all of them; an unknown name is a 400 naming it.

    Nested objects are chosen whole (`fields=detention_place` gives every
    `detention_place.*` column of the CSV)."""
    raw = ",".join(request.query_params.getlist("fields"))
    names = list(dict.fromkeys(name.strip() for name in raw.split(",")))
    names = [name for name in names if name]
    if not names:
        return None
    known = list(serializer.fields)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise serializers.ValidationError(
            {
                "fields": [
                    ngettext(
                        "Unknown field: %(names)s. This endpoint has: %(known)s.",
                        "Unknown fields: %(names)s. This endpoint has: %(known)s.",
                        len(unknown),
                    )
                    % {"names": ", ".join(unknown), "known": ", ".join(known)}
                ]
            }
        )
    return names


def only(data, fields):
    """A serialized record (or list of them) with only `fields`, in order."""
    if fields is None:
        return data
    if isinstance(data, list):
        return [only(item, fields) for item in data]
    return {name: data[name] for name in fields if name in data}
