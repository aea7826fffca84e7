"""API: events, charges, articles and the headline figures.

`/api/v1/events/`, `charges/`, `articles/`, `stats/`.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from cms.api import (
    SOURCE_SCHEMA,
    AbsoluteURLField,
    APIViewMixin,
    EDTFDateFilter,
    FuzzyDatesMixin,
    PlaceFilter,
    PlaceSerializer,
    RecordFilterSet,
    RecordViewSet,
    SearchFilter,
    SlugFilter,
    SourcesField,
    StableOrderingFilter,
    conditional,
    is_public,
    public_source,
    serialize_many,
    with_validators,
)
from cms.cache import public_version
from cms.models import Place, Source
from cms.stats import headline_figures
from defenders.api import ArticleFilter, OrganizationRefSerializer
from defenders.models import Defender, Organization
from events.models import (
    Article,
    Charge,
    ChargeChange,
    ClaimedFigure,
    Event,
    EventDefender,
)

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


class DetentionPlaceSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
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

    @extend_schema_field(PlaceSerializer(many=True))
    def get_places(self, event):
        return [{"slug": p.slug, "name": p.name} for p in event.places.all() if p.live]

    @extend_schema_field(DetentionPlaceSerializer(allow_null=True))
    def get_detention_place(self, event):
        if not is_public(event.detention_place):
            return None
        return DetentionPlaceSerializer(event.detention_place).data

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
    type = filters.MultipleChoiceFilter(choices=Event.Type.choices, distinct=False)
    date_after = EDTFDateFilter(field_name="date", lookup_expr="gte")
    date_before = EDTFDateFilter(field_name="date", lookup_expr="lte")
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
            "raid",
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

    def filter_city(self, queryset, name, place):
        return queryset.filter(
            Q(
                Exists(
                    Event.places.through.objects.filter(
                        event_id=OuterRef("pk"), place=place
                    )
                )
            )
            | Q(detention_place__place=place)
        )

    def filter_defender(self, queryset, name, defender):
        return queryset.filter(
            Exists(
                EventDefender.objects.filter(event=OuterRef("pk"), defender=defender)
            )
        )

    def filter_organization(self, queryset, name, organization):
        return queryset.filter(
            Exists(
                Event.organizations.through.objects.filter(
                    event_id=OuterRef("pk"), organization=organization
                )
            )
        )


class EventViewSet(RecordViewSet):
    """Raids, detentions, verdicts, closures: what happened, when, where, to whom."""

    model = Event
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


# --- charges ----------------------------------------------------------------


class ArticleRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)
    part = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class DefenderRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = AbsoluteURLField()


class CaseRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)


class ChargeChangeSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    fuzzy_dates = ["on"]
    source = serializers.SerializerMethodField()

    class Meta:
        model = ChargeChange
        fields = ["on", "outcome", "note", "source"]

    @extend_schema_field({**SOURCE_SCHEMA, "nullable": True})
    def get_source(self, change):
        return public_source(change.source) if is_public(change.source) else None

    @staticmethod
    def csv_label(item):
        return f"{item['on']} {item['outcome']}"


class ChargeSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    """A charge has no page of its own: its url is the defender's page."""

    fuzzy_dates = ["brought_on"]
    slug = serializers.SerializerMethodField()
    url = AbsoluteURLField(source="defender")
    defender = DefenderRefSerializer(read_only=True)
    article = ArticleRefSerializer(read_only=True)
    case = serializers.SerializerMethodField()
    history = ChargeChangeSerializer(source="changes", many=True, read_only=True)
    sources = SourcesField()

    class Meta:
        model = Charge
        fields = [
            "id",
            "slug",
            "url",
            "updated_at",
            "defender",
            "article",
            "case",
            "brought_on",
            "brought_on_precision",
            "outcome",
            "history",
            "note",
            "sources",
        ]

    def get_slug(self, charge) -> str:
        """Stable: the defender, the article and the charge's id."""
        return f"{charge.defender.slug}-{charge.article.slug}-{charge.pk}"

    @extend_schema_field(CaseRefSerializer(allow_null=True))
    def get_case(self, charge):
        return CaseRefSerializer(charge.case).data if is_public(charge.case) else None


class ChargeFilterSet(RecordFilterSet):
    defender = SlugFilter(queryset=Defender.objects.live(), noun="defender")
    article = ArticleFilter(method="filter_article")
    outcome = filters.MultipleChoiceFilter(
        choices=Charge.Outcome.choices, distinct=False
    )

    docs = {
        "defender": ("Slug of a published defender.", "ales-bialiatski"),
        "article": (
            "An article part by slug (342-1), or an article number (342) for "
            "the article and every part of it.",
            "342-1",
        ),
        "outcome": (
            "Outcome; repeat for several. One of: "
            + ", ".join(Charge.Outcome.values)
            + ".",
            "convicted",
        ),
    }

    class Meta:
        model = Charge
        fields = []

    def filter_article(self, queryset, name, articles):
        return queryset.filter(article__in=articles)


class ChargeViewSet(RecordViewSet):
    """Charges: a defender, an article, an outcome and its history.

    Only published charges of published defenders under published articles.
    There is no charge page: look one up with the filters."""

    model = Charge
    serializer_class = ChargeSerializer
    filterset_class = ChargeFilterSet
    lookup_field = "pk"

    def public_queryset(self):
        return (
            Charge.objects.live()
            .filter(defender__live=True, article__live=True)
            .select_related("defender", "article", "case")
            .prefetch_related(
                Prefetch(
                    "changes", queryset=ChargeChange.objects.select_related("source")
                ),
                Prefetch("sources", queryset=Source.objects.live()),
            )
        )


# --- articles ---------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer):
    """An article of a criminal code and how many defenders it was used on."""

    url = serializers.SerializerMethodField()
    defenders_charged = serializers.IntegerField(
        read_only=True,
        help_text="Published defenders with a published charge under it.",
    )
    sources = SourcesField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "url",
            "updated_at",
            "code",
            "number",
            "part",
            "title",
            "maximum_penalty",
            "defenders_charged",
            "sources",
        ]

    def get_url(self, article) -> str:
        """The public list of defenders charged under it."""
        path = f"{reverse('defender_list')}?article={article.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ArticleViewSet(RecordViewSet):
    """Criminal code articles, each with the count of defenders charged."""

    model = Article
    serializer_class = ArticleSerializer
    filterset_class = None
    filter_backends = []

    def public_queryset(self):
        return (
            Article.objects.live()
            .annotate(
                defenders_charged=Count(
                    "charges__defender",
                    filter=Q(charges__live=True, charges__defender__live=True),
                    distinct=True,
                )
            )
            .prefetch_related(Prefetch("sources", queryset=Source.objects.live()))
        )


# --- stats ------------------------------------------------------------------


@extend_schema_serializer(many=False)
class StatsSerializer(serializers.Serializer):
    """The home page's headline figures, from published records only."""

    slug = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="The home page.")
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    as_of = serializers.DateField(read_only=True)
    defenders = serializers.IntegerField(read_only=True)
    held_now = serializers.IntegerField(
        read_only=True, help_text="Detained, imprisoned or under house arrest."
    )
    sentence_months_total = serializers.IntegerField(read_only=True)
    sentence_years_total = serializers.FloatField(read_only=True)
    organizations_closed = serializers.IntegerField(read_only=True)


class StatsViewSet(APIViewMixin, viewsets.GenericViewSet):
    """Headline figures (cms.stats.headline_figures): one object, no list."""

    serializer_class = StatsSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(responses=StatsSerializer)
    def list(self, request, *args, **kwargs):
        not_modified, etag, stamp = conditional(request)
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        data = {
            "slug": "headline-figures",
            "url": request.build_absolute_uri("/"),
            "updated_at": public_version(request)[1],
            "as_of": timezone.localdate(),
            **headline_figures(),
        }
        return with_validators(Response(StatsSerializer(data).data), etag, stamp)
