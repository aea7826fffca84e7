"""The OpenAPI schema: only /api/v1/, each filter described, errors listed.

Built on drf-spectacular's public hooks: a filter extension for the filters'
descriptions and examples, `get_response_serializers` for the answers (JSON,
CSV, GeoJSON, 304 and the errors), `get_override_parameters` for `format` and
the ETag, Last-Modified and Retry-After headers.
"""

import inspect

from django_filters import OrderingFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from records import languages
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
            described = (
                filterset.base_filters.get(parameter["name"]) if filterset else None
            )
            if isinstance(described, OrderingFilter):
                ordering_parameter(parameter, described)
            if parameter["name"] in docs:
                description, example = docs[parameter["name"]]
                parameter["description"] = description
                if parameter["schema"].get("type") == "array" and not isinstance(
                    example, list
                ):
                    example = [example]
                parameter["example"] = example
        return parameters


def ordering_parameter(parameter, ordering):
    """`ordering` as one comma-separated value: an array of the sort keys,
    style form, explode false, so that a generated client given
    ['-updated_at', 'name'] sends ordering=-updated_at,name."""
    keys = [key for key, _label in ordering.extra["choices"]]
    parameter["schema"] = {"type": "array", "items": {"type": "string", "enum": keys}}
    parameter["style"] = "form"
    parameter["explode"] = False


# Fields every record has, described once for every schema that shows them.
COMMON_FIELDS = {
    "slug": "The record's stable identifier: the last part of its url and "
    "the value the filters take (organization=viasna).",
    "url": "The record's public page on this site: the address to cite.",
    "updated_at": "When the published record last changed (UTC).",
}

FORMAT_DESCRIPTIONS = {
    "json": "JSON (the default).",
    "csv": "CSV: one row per record, nested objects as dotted columns "
    "(detention_place.slug), lists joined with '; '.",
    "geojson": "GeoJSON (RFC 7946): a FeatureCollection, one Feature per "
    "place of each record, for a map.",
}

ERRORS = {
    "400": "A parameter is not valid: an unknown parameter, one that takes a "
    "single value given twice, or a bad value. The answer names each. An "
    "empty value (q=) counts as not given.",
    "404": "No such published record, or no such page.",
    "406": "The Accept header asks for a format this endpoint does not give.",
    "429": "Too many requests from your address: wait Retry-After seconds.",
    "503": "The service is down for a moment: wait Retry-After seconds.",
}


def own_doc(cls):
    """A class's own docstring: an inherited one is about the code."""
    doc = cls.__dict__.get("__doc__")
    return inspect.cleandoc(doc) if doc else ""


class DocketAutoSchema(AutoSchema):
    """Each GET's answers in every format, 304, the errors and the headers."""

    def formats(self):
        return [
            renderer.format
            for renderer in getattr(self.view, "renderer_classes", [])
            if renderer.format in FORMAT_DESCRIPTIONS
        ]

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method != "GET":
            return parameters
        formats = self.formats()
        if len(formats) > 1:
            parameters.append(
                OpenApiParameter(
                    "format",
                    str,
                    enum=formats,
                    description="The answer's format: "
                    + " ".join(
                        f"{name}: {FORMAT_DESCRIPTIONS[name]}" for name in formats
                    ),
                )
            )
        parameters += [
            OpenApiParameter(
                "lang",
                str,
                enum=languages.CODES,
                description="The language of the texts (titles, descriptions, "
                "biographies): en, be or ru; without it, the Accept-Language "
                "header, else English. A text not yet translated is in English. "
                "The facts are the same in every language; Content-Language "
                "says which was used.",
            ),
            OpenApiParameter(
                "ETag",
                str,
                OpenApiParameter.HEADER,
                response=["200", "304"],
                description="The answer's version. Send it back as "
                "If-None-Match: while nothing changed, the answer is a 304 "
                "with no body.",
            ),
            OpenApiParameter(
                "Last-Modified",
                str,
                OpenApiParameter.HEADER,
                response=["200", "304"],
                description="When the published records last changed (HTTP date).",
            ),
            OpenApiParameter(
                "Content-Language",
                str,
                OpenApiParameter.HEADER,
                response=["200"],
                description="The language of the answer's texts: en, be or ru.",
            ),
            OpenApiParameter(
                "Retry-After",
                int,
                OpenApiParameter.HEADER,
                response=["429", "503"],
                description="Seconds to wait before asking again.",
            ),
        ]
        return parameters

    def get_response_serializers(self):
        serializers = super().get_response_serializers()
        if self.method != "GET" or isinstance(serializers, dict):
            return serializers
        action = getattr(self.view, "action", None)
        codes = ["400", "406", "429", "503"]
        if action in ("list", "retrieve"):
            codes.append("404")
        answers = {
            ("200", "application/json"): OpenApiResponse(
                serializers,
                description="The published records: one, or a page of a list.",
            )
        }
        formats = self.formats()
        if "csv" in formats:
            answers[("200", "text/csv")] = OpenApiResponse(OpenApiTypes.STR)
        if "geojson" in formats:
            answers[("200", "application/geo+json")] = OpenApiResponse(
                {
                    "type": "object",
                    "required": ["type", "features"],
                    "properties": {
                        "type": {"type": "string", "enum": ["FeatureCollection"]},
                        "features": {"type": "array", "items": {"type": "object"}},
                    },
                }
            )
        answers["304"] = OpenApiResponse(
            description="Not modified: the If-None-Match ETag (or "
            "If-Modified-Since date) you sent is still current; no body."
        )
        for code in sorted(codes):
            answers[(code, "application/json")] = OpenApiResponse(
                ErrorSerializer, description=ERRORS[code]
            )
        return answers

    def get_description(self):
        """The view's own docstring (or its action's): an inherited one,
        such as RecordViewSet's, is about the code."""
        action = getattr(self.view, "action", None) or self.method.lower()
        method = type(self.view).__dict__.get(action)
        if method is not None and method.__doc__:
            return inspect.cleandoc(method.__doc__)
        return own_doc(type(self.view))

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        schema.pop("description", None)
        description = own_doc(type(serializer))
        if description:
            schema["description"] = description
        for name, text in COMMON_FIELDS.items():
            field = schema.get("properties", {}).get(name)
            if isinstance(field, dict) and "$ref" not in field:
                field.setdefault("description", text)
        return schema


FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"type": "object"}},
    },
}


def unpaginated_formats(result, generator, request, public):
    """Postprocessing: what drf-spectacular cannot say on its own.

    - A GeoJSON answer is one FeatureCollection, never a page of a list
      (drf-spectacular wraps every 200 of a list in the page envelope); a
      list that pages itself (changes/) answers one page, not an array.
    - `fields=` leaves out the fields not chosen, so no field of a record is
      required; the page envelopes and the errors keep theirs."""
    for path in result.get("paths", {}).values():
        get = path.get("get", {})
        content = get.get("responses", {}).get("200", {}).get("content", {})
        if "application/geo+json" in content:
            content["application/geo+json"]["schema"] = FEATURE_COLLECTION
        # A list that pages itself (changes/) answers one page, not a list.
        json = content.get("application/json", {}).get("schema", {})
        if json.get("type") == "array" and json["items"].get("$ref", "").endswith(
            "Page"
        ):
            content["application/json"]["schema"] = json["items"]
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        properties = schema.get("properties", {})
        if name.startswith("Paginated") or name.startswith("Error"):
            continue
        if "slug" in properties or "id" in properties:
            schema.pop("required", None)
    return result
