"""API: events (`/api/v1/events/`)."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from defenders.models import Defender, Organization
from events.api.defenders import OrganizationRefSerializer
from events.api.places import MapPlaceSerializer, MapViewSet
from events.models import (
    ClaimedFigure,
    Event,
    EventDefender,
)
from records.api.fields import (
    SOURCE_SCHEMA,
    AbsoluteURLField,
    FuzzyDatesMixin,
    SourcesField,
    is_public,
    public_source,
    serialize_many,
)
from records.api.filters import (
    EDTFDateFilter,
    PlaceFilter,
    RecordFilterSet,
    SearchFilter,
    SlugFilter,
    StableOrderingFilter,
)
from records.models import Place, Source

# --- events -----------------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    slug = serializers.CharField(source="defender.slug", read_only=True)
    name = serializers.CharField(source="defender.name", read_only=True)
    url = AbsoluteURLField(source="defender")
    role = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)

    @staticmethod
    def csv_label(item):
        return f"{item['slug']} ({item['role']})"


class EventDetentionPlaceSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = AbsoluteURLField()
    kind = serializers.CharField(read_only=True)
    city = serializers.SerializerMethodField()
    postal_address = serializers.CharField(read_only=True)

    def get_city(self, place) -> str | None:
        return place.place.slug if is_public(place.place) else None


FIGURES_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "qualifier": {"type": "string"},
            "value": {"type": "integer"},
            "note": {"type": "string"},
            "source": {**SOURCE_SCHEMA, "nullable": True},
        },
        "required": ["qualifier", "value", "note", "source"],
    },
}


class EventSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    fuzzy_dates = ["date", "end"]
    url = AbsoluteURLField()
    places = serializers.SerializerMethodField()
    detention_place = serializers.SerializerMethodField()
    defenders = serializers.SerializerMethodField()
    organizations = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    sources = SourcesField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "url",
            "updated_at",
            "type",
            "title",
            "date",
            "date_precision",
            "end",
            "end_precision",
            "places",
            "detention_place",
            "defenders",
            "organizations",
            "affected_count",
            "figures",
            "authority",
            "description",
            "sources",
        ]

    @extend_schema_field(MapPlaceSerializer(many=True))
    def get_places(self, event):
        """Where it happened, each with its town's map position."""
        places = [p for p in event.places.all() if p.live]
        return serialize_many(self, MapPlaceSerializer, places)

    @extend_schema_field(EventDetentionPlaceSerializer(allow_null=True))
    def get_detention_place(self, event):
        if not is_public(event.detention_place):
            return None
        return serialize_many(
            self, EventDetentionPlaceSerializer, [event.detention_place]
        )[0]

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_defenders(self, event):
        rows = [p for p in event.participants.all() if is_public(p.defender)]
        return serialize_many(self, ParticipantSerializer, rows)

    @extend_schema_field(OrganizationRefSerializer(many=True))
    def get_organizations(self, event):
        rows = [o for o in event.organizations.all() if is_public(o)]
        return serialize_many(self, OrganizationRefSerializer, rows)

    @extend_schema_field(FIGURES_SCHEMA)
    def get_figures(self, event):
        """Each source's figure for the affected count, kept when they differ."""
        return [
            {
                "qualifier": figure.qualifier,
                "value": figure.value,
                "note": figure.note,
                "source": public_source(figure.source)
                if is_public(figure.source)
                else None,
            }
            for figure in event.figures.all()
        ]

    def get_fields(self):
        fields = super().get_fields()
        fields["defenders"].csv_child = ParticipantSerializer
        fields["figures"].csv_label = lambda item: str(item["value"])
        return fields


class EventFilterSet(RecordFilterSet):
    type = filters.MultipleChoiceFilter(
        choices=Event.Type.choices, distinct=False, method="filter_type"
    )
    date_after = EDTFDateFilter(method="filter_date_after", lookup_expr="gte")
    date_before = EDTFDateFilter(method="filter_date_before", lookup_expr="lte")
    city = PlaceFilter(method="filter_city")
    defender = SlugFilter(
        queryset=Defender.objects.live(), noun="defender", method="filter_defender"
    )
    organization = SlugFilter(
        queryset=Organization.objects.live(),
        noun="organization",
        method="filter_organization",
    )
    q = SearchFilter()
    ordering = StableOrderingFilter(
        fields=(("date", "date"), ("title", "title"), ("updated_at", "updated_at"))
    )

    docs = {
        "type": (
            "Event type; repeat for several (type=raid&type=search). One of: "
            + ", ".join(Event.Type.values)
            + ".",
            Event.Type.RAID.value,
        ),
        "date_after": (
            "On or after this day, comparing the earliest day of the event's "
            "date (a month-precision date counts from the 1st). YYYY-MM-DD, or "
            "YYYY-MM / YYYY.",
            "2021-02-01",
        ),
        "date_before": (
            "On or before this day (YYYY-MM-DD; YYYY-MM or YYYY mean the last "
            "day of that month or year).",
            "2021-02-28",
        ),
        "city": (
            "A published place, by slug (minsk) or name in any case (Minsk): "
            "events that happened there or took someone to a detention place "
            "there.",
            "minsk",
        ),
        "defender": (
            "Slug of a published defender named in the event.",
            "ales-bialiatski",
        ),
        "organization": ("Slug of a published organization affected.", "viasna"),
        "q": ("Full-text search in title, description and authority.", "raid"),
        "ordering": (
            "Sort by date, title or updated_at; prefix - for descending; "
            "comma-separate several. Default: -date (newest first).",
            "date",
        ),
    }

    class Meta:
        model = Event
        fields = []

    def filter_type(self, queryset, name, types):
        return queryset.of_type(*types)

    def filter_date_after(self, queryset, name, day):
        return queryset.between(after=day)

    def filter_date_before(self, queryset, name, day):
        return queryset.between(before=day)

    def filter_city(self, queryset, name, place):
        return queryset.in_city(place)

    def filter_defender(self, queryset, name, defender):
        return queryset.involving(defender)

    def filter_organization(self, queryset, name, organization):
        return queryset.affecting(organization)


class EventViewSet(MapViewSet):
    """Raids, detentions, verdicts, closures: what happened, when, where, to
    whom. `?format=geojson`: one Feature per place of each event."""

    model = Event
    geojson_places = "places"
    serializer_class = EventSerializer
    filterset_class = EventFilterSet

    def public_queryset(self):
        return (
            Event.objects.live()
            .select_related("detention_place__place")
            .prefetch_related(
                Prefetch("places", queryset=Place.objects.live()),
                Prefetch(
                    "participants",
                    queryset=EventDefender.objects.filter(
                        defender__live=True
                    ).select_related("defender"),
                ),
                Prefetch("organizations", queryset=Organization.objects.live()),
                Prefetch(
                    "figures",
                    queryset=ClaimedFigure.objects.select_related("source"),
                ),
                Prefetch("sources", queryset=Source.objects.live()),
            )
        )
