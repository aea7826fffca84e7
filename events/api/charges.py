"""API: charges and criminal code articles (`/api/v1/charges/`, `articles/`)."""

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from defenders.models import Defender
from events.api.defenders import ArticleFilter
from events.models import (
    Article,
    Charge,
    ChargeChange,
)
from records.api.fields import (
    SOURCE_SCHEMA,
    AbsoluteURLField,
    FuzzyDatesMixin,
    SourcesField,
    is_public,
    public_source,
)
from records.api.filters import RecordFilterSet, SlugFilter
from records.api.views import RecordViewSet
from records.models import Source

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
    defender = SlugFilter(
        queryset=Defender.objects.live(), noun="defender", method="filter_defender"
    )
    article = ArticleFilter(method="filter_article")
    outcome = filters.MultipleChoiceFilter(
        choices=Charge.Outcome.choices, distinct=False, method="filter_outcome"
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

    def filter_defender(self, queryset, name, defender):
        return queryset.against(defender)

    def filter_article(self, queryset, name, articles):
        return queryset.under(articles)

    def filter_outcome(self, queryset, name, outcomes):
        return queryset.with_outcome(*outcomes)


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
