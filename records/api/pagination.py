"""`page` and `page_size`, checked: a bad value is a 400, never clamped."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext, ngettext
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200


class Pagination(PageNumberPagination):
    """`page` and `page_size` (1–200, default 50), checked, never clamped."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 200:
            raise exceptions.ValidationError(
                {
                    "page_size": [
                        gettext("Enter a whole number from 1 to %(max)d.")
                        % {"max": MAX_PAGE_SIZE}
                    ]
                }
            )
        return int(raw)

    def check_params(self, request, streamed=False):
        """Check `page` and `page_size` before anything is answered. A
        streamed list (`?format=csv`: every matching row) has no pages, so
        either is a 400 there: a script paging a CSV until a 404 would
        otherwise read every row again and again."""
        if not streamed:
            self.get_page_size(request)
            return
        given = [
            name
            for name in (self.page_query_param, self.page_size_query_param)
            if request.query_params.get(name) not in (None, "")
        ]
        if given:
            raise exceptions.ValidationError(
                {
                    name: [
                        gettext("format=csv gives every matching row: leave this out.")
                    ]
                    for name in given
                }
            )

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw not in (None, "") and not (
            raw.isascii() and raw.isdigit() and int(raw) >= 1 and len(raw) < 10
        ):
            raise exceptions.ValidationError(
                {"page": [gettext("Enter a whole number from 1.")]}
            )
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = int(raw) if raw else 1
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise exceptions.NotFound(
                {
                    "page": [
                        ngettext(
                            "Page %(number)d does not exist: there is %(count)d page.",
                            "Page %(number)d does not exist: there are %(count)d "
                            "pages.",
                            paginator.num_pages,
                        )
                        % {"number": number, "count": paginator.num_pages}
                    ]
                }
            ) from None
        self.request = request
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    "Page number, from 1; past the last: 404. Not with "
                    "format=csv, which gives every matching row (a 400)."
                )
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": self.page_size,
                }
                parameter["description"] = (
                    f"Rows per page, 1 to {MAX_PAGE_SIZE}. Not with format=csv, "
                    "which gives every matching row (a 400)."
                )
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response
