"""The REST API under /api/v1/: every app's viewsets, registered in one place."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
