"""API: organizations (`/api/v1/organizations/`) and what the state did to them."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from defenders.models import Membership, Organization
from events.models import Event
from records.api.fields import (
    AbsoluteURLField,
    FuzzyDatesMixin,
    LinesField,
    RichTextHTMLField,
    SourcesField,
    is_public,
    serialize_many,
)
from records.api.filters import EDTFDateFilter, RecordFilterSet, SearchFilter
from records.api.views import RecordViewSet
from records.models import Source

# --- organizations ----------------------------------------------------------


class OrganizationEventSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    fuzzy_dates = ["date"]
    url = AbsoluteURLField()

    class Meta:
        model = Event
        fields = ["slug", "url", "type", "title", "date"]

    @staticmethod
    def csv_label(item):
        return item["slug"]


class OrganizationSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    fuzzy_dates = ["founded", "registered_on", "deregistered_on", "closed_on"]
    url = AbsoluteURLField()
    other_names = LinesField()
    members = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    sources = SourcesField()

    class Meta:
        model = Organization
        fields = [
            "slug",
            "url",
            "updated_at",
            "name",
            "name_be",
            "name_ru",
            "other_names",
            "kind",
            "website",
            "founded",
            "founded_precision",
            "status",
            "registered_on",
            "registered_on_precision",
            "deregistered_on",
            "deregistered_on_precision",
            "closed_on",
            "closed_on_precision",
            "closed_by",
            "members",
            "events",
            "sources",
        ]

    def get_members(self, organization) -> list[str]:
        """Slugs of the published defenders who are or were members."""
        slugs = {
            m.defender.slug
            for m in organization.memberships.all()
            if is_public(m.defender)
        }
        return sorted(slugs)

    @extend_schema_field(OrganizationEventSerializer(many=True))
    def get_events(self, organization):
        events = [e for e in organization.events.all() if is_public(e)]
        return serialize_many(self, OrganizationEventSerializer, events)

    def get_fields(self):
        fields = super().get_fields()
        fields["events"].csv_child = OrganizationEventSerializer
        return fields


class OrganizationDetailSerializer(OrganizationSerializer):
    description = RichTextHTMLField()

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "description"]


class OrganizationFilterSet(RecordFilterSet):
    status = filters.MultipleChoiceFilter(
        choices=Organization.Status.choices, distinct=False, method="filter_status"
    )
    closed_after = EDTFDateFilter(method="filter_closed", lookup_expr="gte")
    closed_before = EDTFDateFilter(method="filter_closed", lookup_expr="lte")
    q = SearchFilter()

    docs = {
        "status": (
            "Registration status; repeat for several. One of: "
            + ", ".join(Organization.Status.values)
            + ".",
            "liquidated",
        ),
        "closed_after": (
            "Closed or liquidated on or after this day: its closed_on date, or a "
            "published organization_closure event naming it. YYYY-MM-DD, or "
            "YYYY-MM / YYYY.",
            "2021-07-01",
        ),
        "closed_before": (
            "Closed or liquidated on or before this day (YYYY-MM-DD; YYYY-MM or "
            "YYYY mean the last day of that month or year).",
            "2021-07-31",
        ),
        "q": ("Full-text search in names and description.", "Viasna"),
    }

    class Meta:
        model = Organization
        fields = []

    def filter_status(self, queryset, name, statuses):
        return queryset.with_status(*statuses)

    def filter_closed(self, queryset, name, value):
        return queryset  # both bounds apply together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        after = self.form.cleaned_data.get("closed_after")
        before = self.form.cleaned_data.get("closed_before")
        if not (after or before):
            return queryset
        closures = Event.objects.live().of_type(Event.Type.ORGANIZATION_CLOSURE)
        return queryset.closed_between(after, before, closures=closures)


class OrganizationViewSet(RecordViewSet):
    """Organizations and what the state did to them. Published records only."""

    model = Organization
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OrganizationDetailSerializer
        return OrganizationSerializer

    def public_queryset(self):
        return Organization.objects.live().prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(defender__live=True).select_related(
                    "defender"
                ),
            ),
            Prefetch("events", queryset=Event.objects.live().order_by("date", "pk")),
            Prefetch("sources", queryset=Source.objects.live()),
        )
