"""API: charges and criminal code articles (`/api/v1/charges/`, `articles/`)."""

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from defenders.models import Defender
from events.api.defenders import OUTCOME_SCHEMA, ArticleFilter
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


class ReplacingChargeSerializer(serializers.Serializer):
    """The charge that replaced another: its id, slug and article."""

    id = serializers.IntegerField(read_only=True)
    slug = serializers.SerializerMethodField()
    article = serializers.CharField(source="article.slug", read_only=True)

    def get_slug(self, charge) -> str:
        return charge_slug(charge)


def charge_slug(charge):
    """Stable: the defender, the article and the charge's id."""
    return f"{charge.defender.slug}-{charge.article.slug}-{charge.pk}"


class ChargeSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    """A charge has no page of its own: its url is the defender's page."""

    fuzzy_dates = ["brought_on"]
    slug = serializers.SerializerMethodField()
    url = AbsoluteURLField(source="defender")
    defender = DefenderRefSerializer(read_only=True)
    article = ArticleRefSerializer(read_only=True)
    case = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()
    outcome_on = serializers.SerializerMethodField()
    outcome_on_precision = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()
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
            "outcome_on",
            "outcome_on_precision",
            "replaced_by",
            "verdict",
            "history",
            "note",
            "sources",
        ]

    def get_slug(self, charge) -> str:
        """Stable: the defender, the article and the charge's id."""
        return charge_slug(charge)

    @extend_schema_field(CaseRefSerializer(allow_null=True))
    def get_case(self, charge):
        return CaseRefSerializer(charge.case).data if is_public(charge.case) else None

    @extend_schema_field(OUTCOME_SCHEMA)
    def get_outcome(self, charge):
        return charge.public_outcome.code

    @extend_schema_field(
        {
            "type": "string",
            "nullable": True,
            "description": "EDTF: when the outcome came (the deciding "
            "verdict's date, else the history's latest change to it).",
        }
    )
    def get_outcome_on(self, charge):
        return charge.public_outcome.on_edtf

    @extend_schema_field(
        {"type": "string", "nullable": True, "enum": ["day", "month", "year", None]}
    )
    def get_outcome_on_precision(self, charge):
        outcome = charge.public_outcome
        return outcome.on_precision if outcome.on else None

    @extend_schema_field(ReplacingChargeSerializer(allow_null=True))
    def get_replaced_by(self, charge):
        """The published charge that replaced this one."""
        other = charge.public_outcome.replaced_by
        if other is None:
            return None
        other.defender = charge.defender  # the same defender, already loaded
        return ReplacingChargeSerializer(other).data

    def get_verdict(self, charge) -> str | None:
        """Slug of the published verdict event that decided it."""
        verdict = charge.public_outcome.verdict
        return verdict.slug if verdict is not None else None


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
            "Outcome as the record has it (the answer's outcome: an unknown or "
            "pending charge a published verdict decided is convicted); repeat "
            "for several. One of: " + ", ".join(Charge.Outcome.values) + ".",
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
            .with_public_outcome()
            .select_related("defender", "article", "case")
            .prefetch_related(Prefetch("sources", queryset=Source.objects.live()))
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
    filterset_class = RecordFilterSet  # updated_since

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
