"""API: defenders (`/api/v1/defenders/`), with their charges, sentences and
detention timeline."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from defenders.models import SENTENCED_CHOICES, Defender, Membership, Organization
from events.models import Article, Charge, Event, Sentence
from events.timeline import (
    STARTS,
    Timeline,
    load_detention_places,
    load_timelines,
)
from records.api.fields import (
    AbsoluteURLField,
    FuzzyDatesMixin,
    LinesField,
    RichTextHTMLField,
    SourcesField,
    is_public,
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
from records.api.views import RecordViewSet
from records.models import MAX_SEARCH_KEYS, Source

# --- shared filters ---------------------------------------------------------


class ArticleField(forms.CharField):
    """`342-1` is one article part (Article.slug); `342` is every part of
    article 342 (Article.number), and the article itself when recorded
    without a part."""

    message = _("No published article has this slug or number (e.g. 342-1 or 342).")

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if "\x00" in value or len(value) > 50:
            raise ValidationError(self.message)
        articles = list(Article.objects.live().named(value))
        if not articles:
            raise ValidationError(self.message)
        return articles


@extend_schema_field({"type": "string", "maxLength": 50})
class ArticleFilter(filters.Filter):
    field_class = ArticleField


# --- defenders --------------------------------------------------------------


class OrganizationRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = AbsoluteURLField()


class MembershipSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    fuzzy_dates = ["since", "until"]
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["organization", "role", "since", "until"]

    @staticmethod
    def csv_label(item):
        return item["organization"]["slug"]


# The schema of a charge's outcome: the same enum as its history's.
OUTCOME_SCHEMA = serializers.ChoiceField(
    choices=Charge.Outcome.choices,
    read_only=True,
    help_text="The outcome as the record has it: an unknown or pending charge "
    "a published verdict decided is convicted; unknown is never given as "
    "pending.",
)


class DefenderChargeSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    fuzzy_dates = ["brought_on"]
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    case = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()

    class Meta:
        model = Charge
        fields = [
            "article",
            "article_title",
            "case",
            "brought_on",
            "outcome",
            "replaced_by",
            "verdict",
        ]

    def get_case(self, charge) -> str | None:
        return charge.case.slug if is_public(charge.case) else None

    @extend_schema_field(OUTCOME_SCHEMA)
    def get_outcome(self, charge):
        return charge.public_outcome.code

    def get_replaced_by(self, charge) -> str | None:
        """The article (slug) of the published charge that replaced it."""
        other = charge.public_outcome.replaced_by
        return other.article.slug if other is not None else None

    def get_verdict(self, charge) -> str | None:
        """Slug of the published verdict event that decided it."""
        verdict = charge.public_outcome.verdict
        return verdict.slug if verdict is not None else None

    @staticmethod
    def csv_label(item):
        return f"{item['article']} ({item['outcome']})"


def term_text(months):
    years, rest = divmod(months, 12)
    return " ".join(
        part
        for part in (
            f"{years} year{'s' if years != 1 else ''}" if years else "",
            f"{rest} month{'s' if rest != 1 else ''}" if rest else "",
        )
        if part
    )


def public_sentences(defender):
    """The defender's published sentences, oldest verdict first."""
    return sorted(
        (s for s in defender.public_sentences if is_public(s)),
        key=lambda s: (s.verdict_date, s.pk),
    )


class DefenderSentenceSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    """One sentence; `expected_release` only while it is being served."""

    fuzzy_dates = ["verdict_date"]
    term = serializers.SerializerMethodField(help_text='e.g. "10 years"')
    expected_release = serializers.SerializerMethodField()

    class Meta:
        model = Sentence
        fields = [
            "verdict_date",
            "court",
            "term_months",
            "term",
            "regime",
            "in_absentia",
            "expected_release",
        ]

    def get_term(self, sentence) -> str:
        return term_text(sentence.term_months)

    @extend_schema_field(
        {
            "type": "string",
            "format": "date",
            "nullable": True,
            "description": "The start of the detention the term counts from "
            "plus the term, while the person is held; null once released, "
            "in exile or deceased, or in absentia.",
        }
    )
    def get_expected_release(self, sentence):
        release = Timeline.of(sentence.defender).expected_release(sentence)
        return release.isoformat() if release else None

    @staticmethod
    def csv_label(item):
        return f"{item['verdict_date']}: {item['term']}"


class SentenceSummarySerializer(serializers.Serializer):
    """A defender's published sentences: how many, their total, the latest."""

    count = serializers.IntegerField(read_only=True)
    total_months = serializers.IntegerField(read_only=True)
    total = serializers.CharField(read_only=True, help_text='e.g. "10 years"')
    latest_verdict_date = serializers.CharField(read_only=True, allow_null=True)
    latest_verdict_date_precision = serializers.CharField(
        read_only=True, allow_null=True
    )
    latest_term_months = serializers.IntegerField(read_only=True, allow_null=True)
    latest_court = serializers.CharField(read_only=True, allow_null=True)
    latest_regime = serializers.CharField(read_only=True, allow_null=True)
    latest_in_absentia = serializers.BooleanField(read_only=True, allow_null=True)
    expected_release = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Of the latest sentence, while the person is held.",
    )

    def to_representation(self, defender):
        sentences = public_sentences(defender)
        months = sum(s.term_months for s in sentences)
        latest = sentences[-1] if sentences else None
        release = Timeline.of(defender).expected_release(latest) if latest else None
        return {
            "count": len(sentences),
            "total_months": months,
            "total": term_text(months),
            "latest_verdict_date": latest.verdict_date_edtf if latest else None,
            "latest_verdict_date_precision": latest.verdict_date_precision
            if latest
            else None,
            "latest_term_months": latest.term_months if latest else None,
            "latest_court": (latest.court or None) if latest else None,
            "latest_regime": latest.regime if latest else None,
            "latest_in_absentia": latest.in_absentia if latest else None,
            "expected_release": release.isoformat() if release else None,
        }


class DaysInDetentionSerializer(serializers.Serializer):
    """Computed from published detention and release events, counted to
    today while the status is current, else to the day the status is known
    as of (`events.timeline.Timeline.held_days`)."""

    current = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Days of the current period."
    )
    total = serializers.IntegerField(
        read_only=True, help_text="Days across every period with a known end."
    )
    as_of = serializers.DateField(read_only=True, help_text="The day counted to.")
    counted_to = serializers.DateField(
        read_only=True,
        help_text="The day counted to (as as_of): today, or the last day the "
        "status is known as of when that is earlier.",
    )
    at_least = serializers.BooleanField(
        read_only=True,
        help_text="True when counted to a status older than today: the person "
        "may have been held longer.",
    )

    def to_representation(self, defender):
        today = timezone.localdate()
        timeline = Timeline.of(defender)
        current, counted_to, at_least = timeline.held_days(today)
        return {
            "current": current,
            "total": timeline.total_days(today),
            "as_of": counted_to.isoformat(),
            "counted_to": counted_to.isoformat(),
            "at_least": at_least,
        }


class DefenderDetentionPlaceSerializer(serializers.Serializer):
    """Where the defender is held now (its page: /places/<slug>/)."""

    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = AbsoluteURLField()
    city = serializers.SerializerMethodField()

    def get_city(self, place) -> str | None:
        """Slug of the place's published city."""
        return place.place.slug if is_public(place.place) else None


class DefenderSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    fuzzy_dates = ["status_as_of", "political_prisoner_since"]
    url = AbsoluteURLField()
    other_names = LinesField()
    status_sources = SourcesField(source="public_status_sources")
    organizations = serializers.SerializerMethodField()
    charges = serializers.SerializerMethodField()
    sentence = SentenceSummarySerializer(source="*", read_only=True)
    sentences = serializers.SerializerMethodField()
    days_in_detention = DaysInDetentionSerializer(source="*", read_only=True)
    detention_place = serializers.SerializerMethodField()
    letter_address = serializers.SerializerMethodField()
    sources = SourcesField(source="public_sources")

    class Meta:
        model = Defender
        fields = [
            "slug",
            "url",
            "updated_at",
            "name",
            "name_be",
            "name_ru",
            "other_names",
            "birth_year",
            "role",
            "status",
            "status_as_of",
            "status_as_of_precision",
            "status_note",
            "status_sources",
            "political_prisoner",
            "political_prisoner_since",
            "political_prisoner_since_precision",
            "organizations",
            "charges",
            "sentence",
            "sentences",
            "days_in_detention",
            "detention_place",
            "letter_address",
            "sources",
        ]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_organizations(self, defender):
        memberships = [
            m for m in defender.public_memberships if is_public(m.organization)
        ]
        return serialize_many(self, MembershipSerializer, memberships)

    @extend_schema_field(DefenderChargeSerializer(many=True))
    def get_charges(self, defender):
        charges = [
            c for c in defender.public_charges if is_public(c) and is_public(c.article)
        ]
        return serialize_many(self, DefenderChargeSerializer, charges)

    @extend_schema_field(DefenderSentenceSerializer(many=True))
    def get_sentences(self, defender):
        """Every published sentence, oldest verdict first."""
        sentences = public_sentences(defender)
        for sentence in sentences:
            sentence.defender = defender  # its timeline, loaded with the page
        return serialize_many(self, DefenderSentenceSerializer, sentences)

    def where_held(self, defender):
        """(detention place, letter address): the profile's rule."""
        places = getattr(defender, "detention_places_now", None)
        if places is None:
            places = load_detention_places([defender])
        return Timeline.of(defender).where_held(places)

    @extend_schema_field(DefenderDetentionPlaceSerializer(allow_null=True))
    def get_detention_place(self, defender):
        """Where the defender is held now; null when not held or not known."""
        place, _address = self.where_held(defender)
        if place is None:
            return None
        return serialize_many(self, DefenderDetentionPlaceSerializer, [place])[0]

    def get_letter_address(self, defender) -> str | None:
        """While held: the defender's own address for letters, else the
        postal address of the detention place; null otherwise."""
        _place, address = self.where_held(defender)
        return address or None

    def get_fields(self):
        fields = super().get_fields()
        # Lists of the nested records, for CSV columns and their labels.
        fields["organizations"].csv_child = MembershipSerializer
        fields["charges"].csv_child = DefenderChargeSerializer
        fields["sentences"].csv_child = DefenderSentenceSerializer
        return fields


class DefenderDetailSerializer(DefenderSerializer):
    biography = RichTextHTMLField()

    class Meta(DefenderSerializer.Meta):
        fields = [*DefenderSerializer.Meta.fields, "biography"]


class DefenderFilterSet(RecordFilterSet):
    status = filters.MultipleChoiceFilter(
        choices=Defender.status_filter_choices, distinct=False, method="filter_status"
    )
    organization = SlugFilter(
        queryset=Organization.objects.live(),
        noun="organization",
        method="filter_organization",
    )
    article = ArticleFilter(method="filter_article")
    sentenced = filters.ChoiceFilter(
        choices=SENTENCED_CHOICES, method="filter_sentenced"
    )
    city = PlaceFilter(method="filter_city")
    detained_after = EDTFDateFilter(method="filter_detained", lookup_expr="gte")
    detained_before = EDTFDateFilter(method="filter_detained", lookup_expr="lte")
    q = SearchFilter()
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("status", "status"), ("updated_at", "updated_at"))
    )

    docs = {
        "status": (
            "Current status; repeat for several (status=detained&status="
            "imprisoned). One of: " + ", ".join(Defender.Status.values) + "; "
            "held stands for detained, imprisoned and house_arrest together.",
            "imprisoned",
        ),
        "organization": (
            "Slug of a published organization the defender is a member of.",
            "viasna",
        ),
        "sentenced": (
            "true: with a published sentence; false: with none.",
            "true",
        ),
        "article": (
            "Charged under this article: a part by its slug (342-1), or an "
            "article number (342) for the article and every part of it.",
            "342-1",
        ),
        "city": (
            "A published place, by slug (minsk) or name in any case (Minsk): "
            "defenders named in a published event that happened there or that "
            "took them to a detention place there.",
            "minsk",
        ),
        "detained_after": (
            "Detained (a published detention event) on or after this day. "
            "YYYY-MM-DD, or YYYY-MM / YYYY for the first day of a month / year. "
            "With detained_before, one detention must fall in both.",
            "2021-07-01",
        ),
        "detained_before": (
            "Detained on or before this day (YYYY-MM-DD; YYYY-MM or YYYY mean "
            "the last day of that month or year).",
            "2021-07-31",
        ),
        "q": (
            "Full-text search in names (Latin and Cyrillic spellings), role "
            "and biography; words are matched whole, the last one as a prefix. "
            f"A search more than {MAX_SEARCH_KEYS:,} defenders match is a 400 "
            "asking for another word.",
            "Bialiatski",
        ),
        "ordering": (
            "Sort by name, status or updated_at; prefix - for descending; "
            "comma-separate several. Default: name.",
            "-updated_at",
        ),
    }

    class Meta:
        model = Defender
        fields = []

    def filter_status(self, queryset, name, statuses):
        return queryset.with_status(*statuses)

    def filter_organization(self, queryset, name, organization):
        return queryset.member_of(organization)

    def filter_article(self, queryset, name, articles):
        return queryset.charged_under(articles)

    def filter_sentenced(self, queryset, name, value):
        return queryset.sentenced(value == "true")

    def filter_city(self, queryset, name, place):
        return queryset.in_city(place)

    def filter_detained(self, queryset, name, value):
        return queryset  # both bounds apply together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        after = self.form.cleaned_data.get("detained_after")
        before = self.form.cleaned_data.get("detained_before")
        if after or before:
            # One detention in both bounds: what starts a detention is the
            # timeline's rule.
            detentions = Event.objects.live().of_type(*STARTS).between(after, before)
            queryset = queryset.named_in(detentions)
        return queryset


def with_places(defenders):
    """Set `detention_places_now` on each: the places they are held now, in
    one query for the page."""
    places = load_detention_places(defenders)
    for defender in defenders:
        defender.detention_places_now = places
    return defenders


class DefenderViewSet(RecordViewSet):
    """Defenders: who is held, since when, for what. Published records only."""

    model = Defender
    serializer_class = DefenderSerializer
    filterset_class = DefenderFilterSet

    def get_serializer_class(self):
        if self.action == "retrieve":
            return DefenderDetailSerializer
        return DefenderSerializer

    # Days in detention read only (type, day) pairs: a page names hundreds
    # of events, and an Event instance for each costs more than the query.
    def load_records(self, pks):
        return with_places(load_timelines(super().load_records(pks)))

    def get_object(self):
        return with_places(load_timelines([super().get_object()]))[0]

    def public_queryset(self):
        # Lists, not managers (to_attr): Django builds no queryset per
        # defender and relation, which cost more than the queries did.
        return Defender.objects.live().prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    organization__live=True
                ).select_related("organization"),
                to_attr="public_memberships",
            ),
            Prefetch(
                "charges",
                queryset=Charge.objects.live()
                .filter(article__live=True)
                .with_public_outcome()
                .select_related("article", "case"),
                to_attr="public_charges",
            ),
            Prefetch(
                "sentences",
                queryset=Sentence.objects.live(),
                to_attr="public_sentences",
            ),
            Prefetch(
                "sources", queryset=Source.objects.live(), to_attr="public_sources"
            ),
            Prefetch(
                "status_sources",
                queryset=Source.objects.live(),
                to_attr="public_status_sources",
            ),
        )
