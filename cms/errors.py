"""When the database is gone: a plain 503, never a traceback.

Nor a traceback in the log per request: Django's request logger writes one
for every 500 or 503 it sees. A database that cannot be reached or fails
(OperationalError, InterfaceError) is logged once per outage instead: an
error naming it when it starts, one line when the database answers again (a
new connection, at the latest when CONN_MAX_AGE renews one, or the health
checks' query). Other database errors are bugs, logged with their traceback.
"""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext
from django.views.defaults import server_error as django_server_error

from records.api.errors import error_response, is_api
from records.outage import Outage

RETRY_AFTER_SECONDS = "30"

database_outage = Outage("Database", logging.getLogger(__name__), logging.ERROR)


def database_connected(**kwargs):
    database_outage.recovered()


connection_created.connect(database_connected, dispatch_uid="docket-database-back")


def server_error(request, template_name="500.html"):
    """handler500: a 503 for database failures (JSON under /api/), else a 500.

    Renders without a request context, so nothing here touches the database.
    """
    exception = sys.exc_info()[1]
    if not isinstance(exception, DatabaseError):
        if is_api(request):
            return error_response(500, gettext("Server error."))
        return django_server_error(request, template_name)
    if is_api(request):
        response = error_response(
            503, gettext("The service is temporarily unavailable. Try again later.")
        )
    else:
        # HttpResponse's default type names the charset (DEFAULT_CHARSET).
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    response["Cache-Control"] = "no-store"
    if isinstance(exception, OperationalError | InterfaceError):
        database_outage.failed(exception)
        # Django's log_response skips a response marked as logged: the outage
        # is logged once, not with a traceback per request.
        response._has_been_logged = True
    return response
