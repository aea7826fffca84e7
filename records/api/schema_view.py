"""The schema's own view, apart from records.api.schema: drf-spectacular's
views import DRF's APIView, which loads DEFAULT_SCHEMA_CLASS from there."""

from django.conf import settings
from django.utils.translation import gettext
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, renderers

from records.api.throttling import AnonThrottle


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema. Its one version is settings' VERSION: anything
    else in ?version= is a 400 (the value goes into a header)."""

    authentication_classes = []
    throttle_classes = [AnonThrottle]

    def _get_version_parameter(self, request):
        version = request.GET.get("version")
        if version in (None, "", settings.SPECTACULAR_SETTINGS["VERSION"]):
            return None
        raise exceptions.ValidationError(
            {
                "version": [
                    gettext("Only version %(version)s exists.")
                    % {"version": settings.SPECTACULAR_SETTINGS["VERSION"]}
                ]
            }
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # An error is JSON, as everywhere under /api/, not a YAML schema.
        if response.status_code >= 400 and hasattr(response, "accepted_renderer"):
            response.accepted_renderer = renderers.JSONRenderer()
            response.accepted_media_type = "application/json"
        return response
