"""The OpenAPI schema: only /api/v1/, each filter described, errors listed.

Built on drf-spectacular's public hooks: a filter extension for the filters'
descriptions and examples, `get_response_serializers` for the error answers.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from records.api.errors import ErrorSerializer


def only_public_api(endpoints, **kwargs):
    """Schema preprocessing hook: document /api/v1/, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class DocumentedFilterExtension(DjangoFilterExtension):
    """Each filter's description and example from its FilterSet's `docs`."""

    priority = DjangoFilterExtension.priority + 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(
            auto_schema, *args, **kwargs
        )
        filterset = getattr(auto_schema.view, "filterset_class", None)
        docs = getattr(filterset, "docs", {})
        for parameter in parameters:
            if parameter["name"] in docs:
                description, example = docs[parameter["name"]]
                parameter["description"] = description
                if parameter["schema"].get("type") == "array" and not isinstance(
                    example, list
                ):
                    example = [example]
                parameter["example"] = example
        return parameters


class DocketAutoSchema(AutoSchema):
    """Lists the error answers beside each GET's own."""

    def get_response_serializers(self):
        serializers = super().get_response_serializers()
        if self.method != "GET" or isinstance(serializers, dict):
            return serializers
        action = getattr(self.view, "action", None)
        errors = {"429": "Too many requests: wait Retry-After seconds."}
        if action in ("list", None):
            errors["400"] = "A filter, page or page_size value is not valid."
        if action in ("list", "retrieve"):
            errors["404"] = "No such published record, or no such page."
        return {
            "200": serializers,
            **{
                (code, "application/json"): OpenApiResponse(
                    ErrorSerializer, description=description
                )
                for code, description in sorted(errors.items())
            },
        }
