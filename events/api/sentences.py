"""API: sentences (`/api/v1/sentences/`): every published sentence, not only
a defender's latest."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from defenders.models import Defender
from events.api.charges import CaseRefSerializer, DefenderRefSerializer
from events.api.defenders import ArticleFilter, DefenderSentenceSerializer
from events.models import Charge, Sentence
from events.timeline import load_timelines
from records.api.fields import (
    AbsoluteURLField,
    SourcesField,
    is_public,
)
from records.api.filters import RecordFilterSet, SlugFilter
from records.api.views import RecordViewSet
from records.models import Source


def sentence_slug(sentence):
    """Stable: the defender and the sentence's id."""
    return f"{sentence.defender.slug}-sentence-{sentence.pk}"


class SentenceSerializer(DefenderSentenceSerializer):
    """A sentence has no page of its own: its url is the defender's page."""

    slug = serializers.SerializerMethodField()
    url = AbsoluteURLField(source="defender")
    defender = DefenderRefSerializer(read_only=True)
    case = serializers.SerializerMethodField()
    sources = SourcesField(source="public_sources")

    class Meta:
        model = Sentence
        fields = [
            "id",
            "slug",
            "url",
            "updated_at",
            "defender",
            "case",
            "verdict_date",
            "verdict_date_precision",
            "court",
            "term_months",
            "term",
            "regime",
            "regime_note",
            "in_absentia",
            "fine",
            "expected_release",
            "note",
            "sources",
        ]

    def get_slug(self, sentence) -> str:
        """Stable: the defender and the sentence's id."""
        return sentence_slug(sentence)

    @extend_schema_field(CaseRefSerializer(allow_null=True))
    def get_case(self, sentence):
        if not is_public(sentence.case):
            return None
        return CaseRefSerializer(sentence.case).data


class SentenceFilterSet(RecordFilterSet):
    defender = SlugFilter(
        queryset=Defender.objects.live(), noun="defender", method="filter_defender"
    )
    article = ArticleFilter(method="filter_article")

    docs = {
        "defender": ("Slug of a published defender.", "ales-bialiatski"),
        "article": (
            "Sentences of defenders charged under this article (a published "
            "charge, in the sentence's case when both name one): a part by "
            "slug (342-1), or an article number (342) for every part of it.",
            "342-1",
        ),
    }

    class Meta:
        model = Sentence
        fields = []

    def filter_defender(self, queryset, name, defender):
        return queryset.filter(defender=defender)

    def filter_article(self, queryset, name, articles):
        charged = Charge.objects.live().filter(
            defender=OuterRef("defender"), article__in=articles
        )
        in_case = charged.filter(Q(case__isnull=True) | Q(case=OuterRef("case")))
        # A sentence without a case: any charge of its defender under it.
        return queryset.filter(
            Exists(in_case) | (Q(case__isnull=True) & Exists(charged))
        )


class SentenceViewSet(RecordViewSet):
    """Sentences: a defender, a verdict, a term. Only published sentences of
    published defenders; looked up by id. Newest verdict first."""

    model = Sentence
    serializer_class = SentenceSerializer
    filterset_class = SentenceFilterSet
    lookup_field = "pk"

    def public_queryset(self):
        return (
            Sentence.objects.live()
            .filter(defender__live=True)
            .select_related("defender", "case")
            .prefetch_related(
                Prefetch(
                    "sources", queryset=Source.objects.live(), to_attr="public_sources"
                )
            )
        )

    def load_records(self, pks):
        return with_timelines(super().load_records(pks))

    def get_object(self):
        return with_timelines([super().get_object()])[0]


def with_timelines(sentences):
    """Each sentence's defender with its timeline (for expected_release), in
    one query for the page; a defender's sentences share one defender."""
    defenders = {}
    for sentence in sentences:
        sentence.defender = defenders.setdefault(
            sentence.defender_id, sentence.defender
        )
    load_timelines(list(defenders.values()))
    return sentences
