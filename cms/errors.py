"""When the database is gone: a plain 503, never a traceback."""

import sys

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = "30"


def server_error(request, template_name="500.html"):
    """handler500: a 503 for database failures (JSON under /api/), else a 500.

    Renders without a request context, so nothing here touches the database.
    """
    exception = sys.exc_info()[1]
    if not isinstance(exception, DatabaseError):
        return django_server_error(request, template_name)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The service is temporarily unavailable. Try again later."},
            status=503,
        )
    else:
        # HttpResponse's default type names the charset (DEFAULT_CHARSET).
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    response["Cache-Control"] = "no-store"
    return response
