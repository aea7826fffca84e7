"""With the database gone, the site and the API answer 503, not a traceback,
and the log says so once per outage, not once per request."""

import logging

import pytest

from django.db import OperationalError, ProgrammingError
from django.test import Client

from tests.database import refuse_statements


@pytest.fixture
def database_gone(monkeypatch):
    refuse_statements(
        monkeypatch,
        OperationalError("could not connect to server: Connection refused"),
    )


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def no_outage_yet():
    """Each test starts (and leaves) with the database thought well."""
    from cms.errors import database_outage

    database_outage.since = None
    yield
    database_outage.since = None


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/defenders/", "/events/", "/search/?q=x"])
def test_site_answers_a_plain_503(client, database_gone, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"Temporarily unavailable" in response.content
    assert b"Traceback" not in response.content
    assert b"OperationalError" not in response.content
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/defenders/", "/api/v1/events/?type=raid"])
def test_api_answers_a_json_503(client, database_gone, path):
    response = client.get(path)
    assert response.status_code == 503
    # One JSON shape for every error under /api/ (issue 18).
    assert response.json() == {
        "errors": {
            "detail": ["The service is temporarily unavailable. Try again later."]
        }
    }


def test_other_errors_stay_a_500(rf):
    from cms.errors import server_error

    try:
        raise RuntimeError("a bug, not the database")
    except RuntimeError:
        response = server_error(rf.get("/defenders/"))
    assert response.status_code == 500


@pytest.mark.django_db
def test_petition_never_reports_success_for_a_signature_it_did_not_store(
    client, monkeypatch
):
    from petition.factories import make_petition
    from petition.models import Signature
    from tests.petition.helpers import sign_data

    petition = make_petition()
    refuse_statements(
        monkeypatch, OperationalError("the database went away"), start="INSERT"
    )
    response = client.post(petition.url, sign_data())
    assert response.status_code == 503
    assert "status=sent" not in response.get("Location", "")
    assert b"Nothing you sent was lost or recorded" in response.content
    monkeypatch.undo()
    assert not Signature.objects.exists()


UTF8_HTML = "text/html; charset=utf-8"


def assert_utf8_page(response):
    assert response["Content-Type"] == UTF8_HTML
    assert b'<meta charset="utf-8">' in response.content


@pytest.mark.django_db
def test_the_503_page_names_its_charset(client, database_gone):
    response = client.get("/defenders/")
    assert response.status_code == 503
    assert_utf8_page(response)


@pytest.mark.django_db
def test_the_404_page_names_its_charset(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_utf8_page(response)


def test_the_500_page_names_its_charset(rf):
    from cms.errors import server_error

    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/defenders/"))
    assert response.status_code == 500
    assert_utf8_page(response)


@pytest.mark.parametrize(
    "view, status", [("bad_request", 400), ("permission_denied", 403)]
)
def test_the_400_and_403_pages_name_their_charset(rf, view, status):
    from django.core.exceptions import PermissionDenied
    from django.views import defaults

    response = getattr(defaults, view)(rf.get("/"), PermissionDenied())
    assert response.status_code == status
    assert_utf8_page(response)


OUTAGE_PATHS = ["/", "/defenders/", "/api/v1/defenders/", "/search/?q=x", "/livez"]


def assert_logged_once(caplog, error):
    """One error line naming the failure, no traceback, nothing else."""
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.name == "cms.errors"
    assert record.levelno == logging.ERROR
    assert record.getMessage().startswith("Database unavailable (OperationalError")
    assert error in record.getMessage()
    assert not [r for r in caplog.records if r.exc_info]


def assert_logged_back(caplog):
    back = [r for r in caplog.records if "available again" in r.getMessage()]
    assert [(r.name, r.levelno) for r in back] == [("cms.errors", logging.INFO)]


@pytest.mark.django_db
def test_an_outage_is_logged_once_and_so_is_its_end(
    client, home_page, monkeypatch, caplog
):
    with caplog.at_level(logging.INFO):
        refuse_statements(monkeypatch, OperationalError("server closed the connection"))
        for _ in range(3):
            for path in OUTAGE_PATHS:
                assert client.get(path).status_code == 503, path
        assert_logged_once(caplog, "server closed the connection")
        monkeypatch.undo()
        assert client.get("/livez").status_code == 200
        assert client.get("/").status_code == 200
    assert_logged_back(caplog)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unreachable_database_is_logged_once(client, home_page, monkeypatch, caplog):
    """A real refused connection; its end is the first new connection."""
    from django.db import connection

    with caplog.at_level(logging.INFO):
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
        for _ in range(3):
            for path in OUTAGE_PATHS:
                assert client.get(path).status_code == 503, path
        assert_logged_once(caplog, "127.0.0.1")
        monkeypatch.undo()
        assert client.get("/defenders/").status_code == 200
    assert_logged_back(caplog)


@pytest.mark.django_db
def test_other_database_errors_keep_their_traceback(client, monkeypatch, caplog):
    """Not an outage but a bug: each one is logged, with its traceback."""
    refuse_statements(monkeypatch, ProgrammingError('column "x" does not exist'))
    with caplog.at_level(logging.INFO):
        for _ in range(2):
            assert client.get("/defenders/").status_code == 503
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert len(logged) == 2
    assert all(r.exc_info and r.exc_info[0] is ProgrammingError for r in logged)
