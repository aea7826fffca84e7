"""The REST API under /api/v1/: every app's viewsets, the headline figures and
the docs, registered in one place."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cms.stats import headline_figures
from events.api.charges import ArticleViewSet, ChargeViewSet
from events.api.defenders import DefenderViewSet
from events.api.events import EventViewSet
from events.api.organizations import OrganizationViewSet
from petition.api import PetitionViewSet
from records.api.throttling import AnonThrottle
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
    organizations_closed = serializers.IntegerField(read_only=True)


class StatsViewSet(APIViewMixin, viewsets.GenericViewSet):
    """Headline figures (cms.stats.headline_figures): one object, no list."""

    serializer_class = StatsSerializer
    pagination_class = None
    filter_backends = []

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


def api_docs(request):
    """Browsable API docs rendered on the server from the OpenAPI schema:
    no JavaScript, nothing loaded from a CDN."""
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


router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("defenders", DefenderViewSet, basename="defender")
router.register("events", EventViewSet, basename="event")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("charges", ChargeViewSet, basename="charge")
router.register("articles", ArticleViewSet, basename="article")
router.register("stats", StatsViewSet, basename="stats")
router.register("petitions", PetitionViewSet, basename="petition")

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(
            authentication_classes=[], throttle_classes=[AnonThrottle]
        ),
        name="api-schema",
    ),
    path("docs/", api_docs, name="api-docs"),
    *router.urls,
]
