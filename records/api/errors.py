"""Every API error as one JSON shape, naming the parameter at fault."""

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


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The parameter at fault and what is wrong, e.g. "
        '{"date_after": ["Enter a date as YYYY-MM-DD."]}',
    )
