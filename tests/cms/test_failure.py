"""With the database gone, the site and the API answer 503, not a traceback."""

import pytest

from django.db import OperationalError
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
    assert response.json() == {
        "detail": "The service is temporarily unavailable. Try again later."
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
