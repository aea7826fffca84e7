"""The bench's yardstick: the least a Django 5.2 site can do per request.

One file, no middleware, no installed apps, no templates, no cache:
  GET /        -> {"ok": true}, no database.
  POST /insert -> one row into bench_minimal_insert, {"id": …}, 201.

bench/run.py serves it with the same gunicorn, number of workers and worker
class as Docket, on a port of its own, against the same PostgreSQL database
(DATABASE_URL), with Docket's connection settings (CONN_MAX_AGE,
CONN_HEALTH_CHECKS), so what Docket costs beyond this is what Docket adds:
    gunicorn -c bench/minimal_gunicorn.py bench.minimal:application
"""

import os
import urllib.parse

from django.conf import settings

TABLE = "bench_minimal_insert"


def database(url):
    """Django's DATABASES entry for a postgres:// URL."""
    parts = urllib.parse.urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": urllib.parse.unquote(parts.username or ""),
        "PASSWORD": urllib.parse.unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": parts.port or "",
        # As Docket's bench: connections kept and checked before each request.
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "600")),
        "CONN_HEALTH_CHECKS": True,
    }


settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-minimal-not-secret",  # noqa: S106 (signs nothing)
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
    DATABASES={
        "default": database(
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1/docket_bench")
        )
    },
)

# After settings.configure, as these need settings.
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402


def create_table():
    """Called once by gunicorn's master before the workers start: four
    workers creating the same table at once could collide."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "id bigserial PRIMARY KEY, email text NOT NULL, "
            "created timestamptz NOT NULL)"
        )
    connection.close()  # the workers open their own


def ok(request):
    return JsonResponse({"ok": True})


@require_POST
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (email, created) VALUES (%s, now()) RETURNING id",
            [request.POST.get("email", "")],
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id}, status=201)


urlpatterns = [path("", ok), path("insert", insert)]
application = get_wsgi_application()
