"""The REST API under /api/v1/: every app's viewsets, registered in one place."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from cms.api import AnonThrottle, api_docs
from defenders.api import DefenderViewSet, OrganizationViewSet
from events.api import ArticleViewSet, ChargeViewSet, EventViewSet, StatsViewSet
from petition.api import PetitionViewSet

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
