"""The OpenAPI schema: only /api/v1/, each filter described, errors listed."""

from drf_spectacular.openapi import AutoSchema

from records.api.errors import ErrorSerializer


def only_public_api(endpoints, **kwargs):
    """Schema preprocessing hook: document /api/v1/, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class DocketAutoSchema(AutoSchema):
    """Adds each filter's description and example, and the error answers."""

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
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

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method != "GET":
            return responses
        codes = {"429": "Too many requests: wait Retry-After seconds."}
        if getattr(self.view, "action", None) in ("list", None):
            codes["400"] = "A filter, page or page_size value is not valid."
        if getattr(self.view, "action", None) in ("list", "retrieve"):
            codes["404"] = "No such published record, or no such page."
        for code, description in sorted(codes.items()):
            response = self._get_response_for_code(
                ErrorSerializer, code, media_types=["application/json"]
            )
            response["description"] = description
            responses[code] = response
        return responses
