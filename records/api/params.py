"""The query parameters a list takes besides its filters: anything else is
a 400 naming it (records.api.views).

The rules, the same on every endpoint:
- an unknown parameter is a 400 naming it (`statuss`, `status[]`, `limit`);
- a parameter that takes one value is a 400 when given twice; only the
  filters that take several (`status`, `type`) may repeat;
- an empty value (`status=`, `q=`) means the same as leaving the parameter
  out, on every filter: it is dropped before anything reads the query.
"""

from django.utils.translation import gettext
from rest_framework import exceptions

# bom: ?bom=1 on a CSV (records.api.renderers); RecordViewSet adds `fields`;
# lang: the language of the texts (records.api.views.APIViewMixin).
LIST_PARAMS = {"page", "page_size", "format", "bom", "lang"}


def check_query_params(request, allowed, multiple=()):
    """Refuse unknown and repeated parameters, then drop the empty values."""
    query = request._request.GET
    errors = {}
    for name in query:
        if name not in allowed:
            errors[name] = [
                gettext("Unknown parameter. This endpoint takes: %(names)s.")
                % {"names": ", ".join(sorted(allowed))}
            ]
        elif name not in multiple and len(query.getlist(name)) > 1:
            errors[name] = [gettext("Give this parameter once (one value).")]
    if errors:
        raise exceptions.ValidationError(errors)
    given = query.copy()
    for name in list(given):
        values = [value for value in given.getlist(name) if value != ""]
        if values:
            given.setlist(name, values)
        else:
            del given[name]
    given._mutable = False
    request._request.GET = given
