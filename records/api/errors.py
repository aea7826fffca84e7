"""Every API error as one JSON shape, naming the parameter at fault.

{"errors": {parameter: [message, ...]}} for DRF's errors (exception_handler)
and for the answers Django gives outside the viewsets under /api/: an
unknown route (404), a server error (500) or the database gone (503,
cms.errors)."""

from django.http import JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Every error as {"errors": {parameter: [message, ...]}}.

    Validation errors name the parameter at fault; anything else (not found,
    throttled) is under "detail"."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) != {"detail"}:
        errors = {key: as_list(value) for key, value in data.items()}
    elif isinstance(data, dict):
        errors = {"detail": as_list(data["detail"])}
    else:
        errors = {api_settings.NON_FIELD_ERRORS_KEY: as_list(data)}
    response.data = {"errors": errors}
    return response


def as_list(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def is_api(request):
    return request.path.startswith("/api/")


def error_response(status, message, key="detail"):
    return JsonResponse({"errors": {key: [message]}}, status=status)


def bad_request(request, exception):
    """handler400: JSON under /api/, the site's page elsewhere."""
    if is_api(request):
        return error_response(400, gettext("Bad request."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    """handler403."""
    if is_api(request):
        return error_response(403, gettext("Forbidden."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    """handler404: an unknown route under /api/ is a JSON 404 too."""
    if is_api(request):
        return error_response(
            404, gettext("No such endpoint. The list of endpoints is at /api/v1/.")
        )
    return defaults.page_not_found(request, exception)


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The parameter at fault and what is wrong, e.g. "
        '{"date_after": ["Enter a date as YYYY-MM-DD."]}',
    )
