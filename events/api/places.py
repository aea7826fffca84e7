"""API: places (`/api/v1/places/`) and detention places
(`/api/v1/detention-places/`), with their map positions and GeoJSON."""

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import DetentionPlace
from events.views import held_at
from records.api.fields import (
    AbsoluteURLField,
    LinesField,
    SourcesField,
    is_public,
    serialize_many,
)
from records.api.filters import RecordFilterSet, SearchFilter
from records.api.geojson import GeoJSONRenderer, map_position
from records.api.views import APIViewMixin, RecordViewSet
from records.models import Place, Source

LATITUDE = serializers.FloatField(
    read_only=True,
    allow_null=True,
    help_text="The town's centre, to two decimals (about 1 km): never an address.",
)
LONGITUDE = serializers.FloatField(
    read_only=True,
    allow_null=True,
    help_text="The town's centre, to two decimals (about 1 km): never an address.",
)


class MapPlaceSerializer(serializers.Serializer):
    """A place named by another record: its slug, name and map position."""

    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    latitude = LATITUDE
    longitude = LONGITUDE

    def to_representation(self, place):
        latitude, longitude = map_position(place)
        return {
            "slug": place.slug,
            "name": place.name,
            "latitude": latitude,
            "longitude": longitude,
        }

    @staticmethod
    def csv_label(item):
        return item["slug"]


def places_url(request, place):
    """A place has no page of its own: its url is the public list of the
    defenders named in what happened there."""
    path = f"{reverse('defender_list')}?city={place.slug}"
    return request.build_absolute_uri(path) if request else path


class PlaceSerializer(serializers.ModelSerializer):
    """A city, region or country named by events and detention places."""

    url = serializers.SerializerMethodField()
    other_names = LinesField()
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = [
            "slug",
            "url",
            "updated_at",
            "name",
            "other_names",
            "kind",
            "country",
            "latitude",
            "longitude",
        ]

    def get_url(self, place) -> str:
        """The public list of defenders named in a published event there
        (`/defenders/?city=<slug>`): a place has no page of its own."""
        return places_url(self.context.get("request"), place)

    @extend_schema_field(LATITUDE)
    def get_latitude(self, place):
        return map_position(place)[0]

    @extend_schema_field(LONGITUDE)
    def get_longitude(self, place):
        return map_position(place)[1]


class PlaceFilterSet(RecordFilterSet):
    q = SearchFilter()

    docs = {"q": ("A name in any spelling (Homiel, Gomel, Гомель).", "Minsk")}

    class Meta:
        model = Place
        fields = []


class MapViewSet(RecordViewSet):
    """A list that is also a map: `?format=geojson`."""

    renderer_classes = [*APIViewMixin.renderer_classes, GeoJSONRenderer]
    # The key of a row that holds its places (see records.api.geojson).
    geojson_places = None


class PlaceViewSet(MapViewSet):
    """Cities, regions and countries, with their map positions. Published
    records only."""

    model = Place
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet


class HeldRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = AbsoluteURLField()


class DetentionPlaceSerializer(serializers.ModelSerializer):
    """A pre-trial detention centre, prison or colony, and where to write."""

    url = AbsoluteURLField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    city = serializers.SerializerMethodField()
    held_now = serializers.SerializerMethodField()
    sources = SourcesField(source="public_sources")

    class Meta:
        model = DetentionPlace
        fields = [
            "slug",
            "url",
            "updated_at",
            "name",
            "kind",
            "kind_label",
            "city",
            "postal_address",
            "held_now",
            "sources",
        ]

    @extend_schema_field(MapPlaceSerializer(allow_null=True))
    def get_city(self, place):
        """Its published city, with the city's map position."""
        if not is_public(place.place):
            return None
        return serialize_many(self, MapPlaceSerializer, [place.place])[0]

    @extend_schema_field(HeldRefSerializer(many=True))
    def get_held_now(self, place):
        """Published defenders held there now, by their timelines (as the
        place's page lists them)."""
        return serialize_many(self, HeldRefSerializer, place.held_now)

    def get_fields(self):
        fields = super().get_fields()
        fields["held_now"].csv_label = lambda item: item["slug"]
        return fields


class DetentionPlaceFilterSet(RecordFilterSet):
    q = SearchFilter()

    docs = {"q": ("Words of the name (colony, Minsk).", "colony")}

    class Meta:
        model = DetentionPlace
        fields = []


class DetentionPlaceViewSet(MapViewSet):
    """Detention places, their addresses for letters and who is held there
    now. Published records only; a map (`?format=geojson`) by their city."""

    model = DetentionPlace
    serializer_class = DetentionPlaceSerializer
    filterset_class = DetentionPlaceFilterSet
    geojson_places = "city"

    def public_queryset(self):
        return (
            DetentionPlace.objects.live()
            .select_related("place")
            .prefetch_related(
                Prefetch(
                    "sources", queryset=Source.objects.live(), to_attr="public_sources"
                )
            )
        )

    def load_records(self, pks):
        return with_held(super().load_records(pks))

    def get_object(self):
        return with_held([super().get_object()])[0]


def with_held(places):
    """Set `held_now` on each: who is held there now, in constant queries
    (`events.views.held_at`, what the place's page reads)."""
    held = held_at(places)
    for place in places:
        place.held_now = held[place.pk]["now"]
    return places
