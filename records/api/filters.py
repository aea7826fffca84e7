"""Filter fields that turn every bad value into a 400 naming the parameter."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from records.fuzzydate import latest_day, parse_edtf
from records.models import Place, SearchTooBroad

SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+$")
NO_PLACE = _("No published place has this slug or name.")


class EDTFDateField(forms.CharField):
    """YYYY-MM-DD, or a whole month (YYYY-MM) or year (YYYY)."""

    message = _("Enter a date as YYYY-MM-DD (or YYYY-MM, or YYYY).")

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


class SearchField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if len(value) > SEARCH_MAX:
            raise DjangoValidationError(
                ngettext(
                    "Enter at most %(max)d character.",
                    "Enter at most %(max)d characters.",
                    SEARCH_MAX,
                )
                % {"max": SEARCH_MAX}
            )
        # Letters and digits in any script; punctuation, operators and control
        # characters would only confuse the full-text engines.
        words = re.sub(r"[\W_]+", " ", value).split()
        if not words:
            raise DjangoValidationError(gettext("Enter at least one letter or digit."))
        return " ".join(words)


@extend_schema_field({"type": "string", "maxLength": SEARCH_MAX})
class SearchFilter(filters.Filter):
    """Full-text search within published records (`RecordQuerySet.matching`);
    combined with every other filter. A search too many records match is
    a 400 asking for another word."""

    field_class = SearchField

    def filter(self, qs, value):
        if not value:
            return qs
        try:
            return qs.matching(value)
        except SearchTooBroad as error:
            raise serializers.ValidationError({"q": [error.message()]}) from None


class UpdatedSinceField(forms.CharField):
    """An ISO date (the start of that day, UTC) or date and time (UTC when
    it names no offset), as an aware UTC datetime."""

    message = _(
        "Enter an ISO date (2026-01-31) or date and time (2026-01-31T12:00:00Z)."
    )

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        if "\x00" in value or len(value) > 40:
            raise DjangoValidationError(self.message)
        try:
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=datetime.UTC)
            # In UTC here, so that no database adapter overflows later.
            return moment.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise DjangoValidationError(self.message) from None


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
        r"(Z|[+-]\d{2}:\d{2})?)?$",
        "example": "2026-01-31",
    }
)
class UpdatedSinceFilter(filters.Filter):
    """Records whose published answer changed at or after the moment."""

    field_class = UpdatedSinceField

    def filter(self, qs, value):
        if value is None:
            return qs
        field = getattr(self.parent, "updated_field", "updated_at")
        return qs.filter(**{f"{field}__gte": value})


# The filters every list takes, described once for every filter set.
RECORD_DOCS = {
    "updated_since": (
        "Only records changed at or after this moment: an ISO date "
        "(2026-01-31, from midnight UTC) or date and time "
        "(2026-01-31T12:00:00Z; UTC when no offset is given). A defender "
        "counts as changed when one of their charges, sentences or events "
        "does. Keep the time of your last fetch and send it next time.",
        "2026-01-31",
    ),
}


class RecordFilterSet(filters.FilterSet):
    """Base filter set: `updated_since` on every list. `docs = {name:
    (description, example)}` feeds the OpenAPI schema, so each filter is
    described with an example; a subclass's docs add to RECORD_DOCS.

    `updated_field` is the model field `updated_since` reads (a page's
    `last_published_at`)."""

    updated_field = "updated_at"
    updated_since = UpdatedSinceFilter()

    docs = RECORD_DOCS

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.docs = {**RECORD_DOCS, **cls.__dict__.get("docs", {})}


class PlaceField(forms.CharField):
    """A published Place by slug (`minsk`), by name in any case (`Minsk`) or
    in any spelling (`Gomel` for Homieĺ): `RecordQuerySet.called`."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if "\x00" in value or len(value) > 200:
            raise DjangoValidationError(NO_PLACE)
        place = Place.objects.live().called(value)
        if place is None:
            raise DjangoValidationError(NO_PLACE)
        return place


@extend_schema_field({"type": "string", "maxLength": 200})
class PlaceFilter(filters.Filter):
    field_class = PlaceField
