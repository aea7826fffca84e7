"""ETag / Last-Modified and 304, throttling, CORS, schema and docs."""

import datetime
import re
import time

import pytest

from django.utils import timezone

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/defenders/",
    "/api/v1/defenders/alpha-test-defender/",
    "/api/v1/events/",
    "/api/v1/organizations/",
    "/api/v1/charges/",
    "/api/v1/articles/",
    "/api/v1/figures/",
    "/api/v1/stats/",
    "/api/v1/petitions/",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_etag_and_304(api, case_file, path):
    first = api.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"')
    again = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert "Last-Modified" in first, path
    since = api.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_etag_depends_on_query_and_format(api, case_file):
    plain = api.get("/api/v1/events/")["ETag"]
    assert api.get("/api/v1/events/", {"type": "raid"})["ETag"] != plain
    assert api.get("/api/v1/events/", {"format": "csv"})["ETag"] != plain


def test_etag_changes_when_a_record_or_a_nested_record_changes(api, case_file):
    etag = api.get("/api/v1/defenders/")["ETag"]
    alpha = case_file["alpha"]
    alpha.role = "Chair"
    alpha.save()
    changed = api.get("/api/v1/defenders/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    etag = changed["ETag"]
    # A nested record: unpublishing a charge changes the defender list.
    from events.models import Charge

    Charge.objects.filter(defender=alpha).first().unpublish()
    assert api.get("/api/v1/defenders/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_etag_changes_with_the_day(api, case_file, monkeypatch):
    """Days in detention count up: yesterday's answer is not today's."""
    first = api.get("/api/v1/defenders/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    for validator in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        assert api.get("/api/v1/defenders/", **validator).status_code == 200


def test_last_modified_is_the_newest_change(api, case_file):
    from django.utils.http import parse_http_date

    raid = case_file["raid"]
    raid.title = "Raids on Viasna, 16 February 2021"
    raid.save()
    response = api.get("/api/v1/events/", {"type": "raid"})
    last_modified = parse_http_date(response["Last-Modified"])
    assert int(raid.updated_at.timestamp()) <= last_modified <= time.time()


def test_bad_input_is_400_even_with_an_etag(api, case_file):
    etag = api.get("/api/v1/events/")["ETag"]
    response = api.get("/api/v1/events/", {"page_size": 999}, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 400


def test_anonymous_throttling_answers_429_with_retry_after(api, case_file, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    for _ in range(3):
        assert api.get("/api/v1/stats/").status_code == 200
    response = api.get("/api/v1/events/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()["errors"]


@pytest.mark.parametrize("allowed", [2, 4])
def test_throttle_rate_comes_from_settings(api, case_file, settings, allowed):
    """The 429 arrives after the configured number of requests, whatever it is."""
    settings.API_THROTTLE_RATE = f"{allowed}/minute"
    for _ in range(allowed):
        assert api.get("/api/v1/stats/").status_code == 200
    assert api.get("/api/v1/stats/").status_code == 429


def test_empty_throttle_rate_turns_throttling_off(api, case_file, settings):
    settings.API_THROTTLE_RATE = "1/minute"
    assert api.get("/api/v1/stats/").status_code == 200
    assert api.get("/api/v1/stats/").status_code == 429
    # The same client, its requests still counted in the cache: no limit now.
    settings.API_THROTTLE_RATE = ""
    for _ in range(3):
        assert api.get("/api/v1/stats/").status_code == 200


def test_default_throttle_rate_is_120_a_minute():
    from cms import settings as project_settings

    assert project_settings.API_THROTTLE_RATE == "120/minute"


def test_cors_open_for_get_on_the_api(api, case_file):
    response = api.get("/api/v1/events/", HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/events/",
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_no_cors_outside_the_api(client, case_file):
    response = client.get("/healthz", HTTP_ORIGIN="https://newsroom.example")
    assert "Access-Control-Allow-Origin" not in response


def test_schema_is_openapi_3(api, case_file):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [
        "/api/v1/defenders/",
        "/api/v1/defenders/{slug}/",
        "/api/v1/events/",
        "/api/v1/events/{slug}/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/charges/",
        "/api/v1/articles/",
        "/api/v1/figures/",
        "/api/v1/figures/{id}/",
        "/api/v1/stats/",
        "/api/v1/petitions/",
        "/api/v1/petitions/{slug}/",
    ]:
        assert path in paths
    assert not [p for p in paths if not p.startswith("/api/v1/")]


def test_every_filter_is_described_with_an_example(api, case_file):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    expected = {
        "/api/v1/defenders/": {
            "status",
            "organization",
            "article",
            "sentenced",
            "city",
            "detained_after",
            "detained_before",
            "q",
            "ordering",
        },
        "/api/v1/events/": {
            "type",
            "date_after",
            "date_before",
            "city",
            "defender",
            "organization",
            "q",
            "ordering",
        },
        "/api/v1/organizations/": {"status", "closed_after", "closed_before", "q"},
        "/api/v1/charges/": {"defender", "article", "outcome"},
        "/api/v1/figures/": {"metric"},
    }
    for path, names in expected.items():
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        # format: json or csv (issue 18: the formats are described).
        assert names | {"page", "page_size", "format"} <= set(parameters)
        for name in names:
            assert parameters[name]["description"], (path, name)
            assert "example" in parameters[name], (path, name)


def test_docs_page_loads_nothing_from_elsewhere(api, case_file):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/defenders/" in html
    assert "detained_after" in html
    # Swagger UI from drf-spectacular-sidecar (issue 18), from our own
    # static files, started by a file: no inline script, no outside host.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/'
        'swagger-ui-bundle.js">',
        '<script src="/static/js/api-docs.js">',
    ]
    assert "</script>" in html and "<script>" not in html
    assert "cdn" not in html.lower()
