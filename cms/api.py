"""The REST API under /api/v1/: every app's viewsets, the headline figures and
the docs, registered in one place."""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cms.changes import ChangesViewSet
from cms.dataset.views import DatasetBuildViewSet
from cms.stats import headline_figures
from cms.stats_api import MonthlyStatsViewSet
from events.api.charges import ArticleViewSet, ChargeViewSet
from events.api.defenders import DefenderViewSet
from events.api.events import EventViewSet
from events.api.figures import FigureViewSet
from events.api.organizations import OrganizationViewSet
from events.api.places import DetentionPlaceViewSet, PlaceViewSet
from events.api.sentences import SentenceViewSet
from petition.api import PetitionViewSet
from records.api.schema_view import SchemaView
from records.api.views import APIViewMixin, conditional, with_validators
from records.cache import public_version


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
    organizations_closed = serializers.IntegerField(
        read_only=True,
        help_text="Organization records closed or liquidated (by their own "
        "date or a closure event naming them): the case file's count, not the "
        "national one (organizations_ordered_closed).",
    )
    organizations_ordered_closed = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="How many organizations the largest published closure event "
        "ordered closed: its affected count (53 on 22 July 2021).",
    )
    organizations_ordered_closed_on = serializers.CharField(
        read_only=True, allow_null=True, help_text="That event's date (EDTF)."
    )
    organizations_ordered_closed_low = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The lowest figure that event's sources give.",
    )
    organizations_ordered_closed_high = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The highest figure that event's sources give.",
    )
    organizations_ordered_closed_event = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="That event's slug (events/<slug>/ has every source's figure).",
    )
    organizations_ordered_closed_url = serializers.CharField(
        read_only=True, allow_null=True, help_text="That event's public page."
    )
    political_prisoners = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The latest published count of political prisoners in Belarus.",
    )
    political_prisoners_qualifier = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="exactly, at_least, more_than or about.",
    )
    political_prisoners_as_of = serializers.CharField(
        read_only=True, allow_null=True, help_text="Its as-of date (EDTF)."
    )
    political_prisoners_figure = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Its id in figures/."
    )
    figures = serializers.CharField(
        read_only=True,
        help_text="Every sourced national count, with its qualifier and "
        "sources: figures/.",
    )
    monthly = serializers.CharField(
        read_only=True,
        help_text="Held, detained, released and sentenced by month: stats/monthly/.",
    )


class StatsViewSet(APIViewMixin, viewsets.GenericViewSet):
    """Headline figures (cms.stats.headline_figures): one object, no list."""

    serializer_class = StatsSerializer
    pagination_class = None
    filter_backends = []

    def list(self, request, *args, **kwargs):
        not_modified, etag, stamp = conditional(request)
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        figures = headline_figures()
        closure = figures["organizations_ordered_closed_event"]
        data = {
            "slug": "headline-figures",
            "url": request.build_absolute_uri("/"),
            "updated_at": public_version(request)[1],
            "as_of": timezone.localdate(),
            **figures,
            "organizations_ordered_closed_url": request.build_absolute_uri(
                reverse("event_detail", args=[closure])
            )
            if closure
            else None,
            "figures": request.build_absolute_uri(reverse("figure-list")),
            "monthly": request.build_absolute_uri(reverse("stats-monthly-list")),
        }
        return with_validators(Response(StatsSerializer(data).data), etag, stamp)


def api_docs(request):
    """The API docs: Swagger UI from drf-spectacular-sidecar, started by a
    static file (the CSP allows no inline script), over the operations
    rendered on the server for readers without JavaScript."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for route, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation.get("responses", {})
            operations.append(
                {
                    "path": route,
                    "method": method.upper(),
                    "id": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "responses": sorted(responses.items()),
                }
            )
    return render(
        request,
        "cms/api_docs.html",
        {
            "info": schema.get("info", {}),
            "operations": operations,
        },
    )


def api_docs_guide(request):
    """The journalists' guide: the questions the API answers, worked with
    curl and pandas (each one a test: tests/api/test_worked_examples.py)."""
    return render(
        request,
        "cms/api_guide.html",
        {"api": request.build_absolute_uri("/api/v1/").rstrip("/")},
    )


router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("defenders", DefenderViewSet, basename="defender")
router.register("events", EventViewSet, basename="event")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("charges", ChargeViewSet, basename="charge")
router.register("articles", ArticleViewSet, basename="article")
router.register("figures", FigureViewSet, basename="figure")
router.register("stats/monthly", MonthlyStatsViewSet, basename="stats-monthly")
router.register("stats", StatsViewSet, basename="stats")
router.register("sentences", SentenceViewSet, basename="sentence")
router.register("places", PlaceViewSet, basename="place")
router.register("detention-places", DetentionPlaceViewSet, basename="detention-place")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("datasets", DatasetBuildViewSet, basename="dataset")
router.register("changes", ChangesViewSet, basename="change")

urlpatterns = [
    path(
        "schema/",
        SchemaView.as_view(),
        name="api-schema",
    ),
    path("docs/", api_docs, name="api-docs"),
    path("docs/guide/", api_docs_guide, name="api-docs-guide"),
    *router.urls,
]
