"""API: national figures (`/api/v1/figures/`): sourced counts such as the
political prisoners in Belarus over time, each with its qualifier, date and
sources. A figure has no slug: it is looked up by its id."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import serializers

from events.models import Figure
from records.api.fields import AbsoluteURLField, FuzzyDatesMixin, SourcesField
from records.api.filters import RecordFilterSet
from records.api.views import RecordViewSet
from records.models import Source


class FigureSerializer(FuzzyDatesMixin, serializers.ModelSerializer):
    """One source's count of one thing on one date; counts that disagree
    are separate figures, side by side."""

    fuzzy_dates = ["as_of"]
    url = AbsoluteURLField(help_text="Its row in the home page's national figures.")
    metric_label = serializers.CharField(source="get_metric_display", read_only=True)
    value_display = serializers.CharField(
        read_only=True, help_text='The count as the site writes it: "more than 1,250".'
    )
    sources = SourcesField()

    class Meta:
        model = Figure
        fields = [
            "id",
            "url",
            "updated_at",
            "metric",
            "metric_label",
            "qualifier",
            "value",
            "value_display",
            "as_of",
            "as_of_precision",
            "note",
            "sources",
        ]


class FigureFilterSet(RecordFilterSet):
    metric = filters.MultipleChoiceFilter(
        choices=Figure.Metric.choices, distinct=False, method="filter_metric"
    )

    docs = {
        "metric": (
            "What is counted; repeat for several. One of: "
            + ", ".join(Figure.Metric.values)
            + ".",
            Figure.Metric.POLITICAL_PRISONERS.value,
        ),
    }

    class Meta:
        model = Figure
        fields = []

    def filter_metric(self, queryset, name, metrics):
        return queryset.of_metric(*metrics)


class FigureViewSet(RecordViewSet):
    """National figures, by what they count, then oldest first. Published
    records only."""

    model = Figure
    serializer_class = FigureSerializer
    filterset_class = FigureFilterSet
    lookup_field = "pk"

    def public_queryset(self):
        return Figure.objects.live().prefetch_related(
            Prefetch("sources", queryset=Source.objects.live())
        )
