"""API: this case file's time series (`/api/v1/stats/monthly/`): how many
people were held, detained, released and sentenced in each month, computed
from their timelines (`cms.charts.by_month`, what the home page's chart of
people held reads)."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from cms.charts import by_month
from records.api.views import APIViewMixin, conditional, with_validators
from records.cache import public_version


class MonthSerializer(serializers.Serializer):
    """One month; each person counts once in each count."""

    month = serializers.CharField(read_only=True, help_text="YYYY-MM")
    held = serializers.IntegerField(
        read_only=True,
        help_text="People held at any time in the month. A detention with no "
        "recorded release counts only in its first month, unless the person "
        "is held now.",
    )
    detained = serializers.IntegerField(
        read_only=True, help_text="People whose detention began in the month."
    )
    released = serializers.IntegerField(
        read_only=True, help_text="People released from detention in the month."
    )
    sentenced = serializers.IntegerField(
        read_only=True,
        help_text="People with a published verdict in the month (in absentia too).",
    )

    def to_representation(self, month):
        return {
            "month": month.month.isoformat()[:7],
            "held": month.held,
            "detained": month.detained,
            "released": month.released,
            "sentenced": month.sentenced,
        }


class DatedToYearSerializer(serializers.Serializer):
    detained = serializers.IntegerField(read_only=True)
    released = serializers.IntegerField(read_only=True)
    sentenced = serializers.IntegerField(read_only=True)


@extend_schema_serializer(many=False)
class MonthlyStatsSerializer(serializers.Serializer):
    """This case file's people by month, from published records only."""

    slug = serializers.CharField(read_only=True)
    url = serializers.CharField(
        read_only=True, help_text="The home page, whose chart draws `held`."
    )
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    as_of = serializers.DateField(read_only=True, help_text="The last day counted.")
    figures = serializers.CharField(
        read_only=True,
        help_text="The sourced national counts (political prisoners in "
        "Belarus), each with its qualifier and sources: figures/.",
    )
    months = MonthSerializer(
        many=True,
        read_only=True,
        help_text="From the first month with any count to this month, oldest "
        "first; ?format=csv gives one row a month.",
    )
    dated_to_year = DatedToYearSerializer(
        read_only=True,
        help_text="Detentions, releases and verdicts known only to the year: "
        "in no month's count.",
    )


class MonthlyStatsViewSet(APIViewMixin, viewsets.GenericViewSet):
    """Held, detained, released and sentenced by month: one object, no list.
    `?format=csv`: one row a month."""

    serializer_class = MonthlyStatsSerializer
    pagination_class = None
    filter_backends = []

    def get_serializer_class(self):
        # A CSV's columns are a month's.
        renderer = getattr(self.request, "accepted_renderer", None)
        if getattr(renderer, "format", None) == "csv":
            return MonthSerializer
        return MonthlyStatsSerializer

    def list(self, request, *args, **kwargs):
        not_modified, etag, stamp = conditional(request)
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        today = timezone.localdate()
        months, dated_to_year = by_month(today)
        if request.accepted_renderer.format == "csv":
            rows = MonthSerializer(months, many=True).data
            return with_validators(Response({"results": rows}), etag, stamp)
        data = {
            "slug": "monthly",
            "url": request.build_absolute_uri("/"),
            "updated_at": public_version(request)[1],
            "as_of": today,
            "figures": request.build_absolute_uri(reverse("figure-list")),
            "months": months,
            "dated_to_year": dated_to_year,
        }
        response = Response(MonthlyStatsSerializer(data).data)
        return with_validators(response, etag, stamp)
