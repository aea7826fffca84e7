"""Issue 18, contract fixes: unknown and repeated parameters, empty values,
the schema's ordering, formats, 304, 406 and headers, CORS revalidation,
petitions' url on the request's site, one JSON error shape under /api/."""

import io
import json
from pathlib import Path

import pytest

from django.core.management import call_command

from wagtail.models import Site

from cms.api import router
from records.api.params import LIST_PARAMS

LISTS = [
    "/api/v1/defenders/",
    "/api/v1/events/",
    "/api/v1/organizations/",
    "/api/v1/charges/",
    "/api/v1/articles/",
    "/api/v1/figures/",
    "/api/v1/petitions/",
    "/api/v1/stats/",
]


def schema(api):
    return api.get("/api/v1/schema/", {"format": "json"}).json()


def filtersets():
    """(list path, filter set) of every registered list that filters."""
    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is not None:
            yield f"/api/v1/{prefix}/", filterset


def slugs(response):
    assert response.status_code == 200, response.content
    return [row.get("slug", row.get("id")) for row in response.json()["results"]]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query", ["statuss=imprisoned", "status%5B%5D=x", "limit=1", "offset=10"]
)
def test_unknown_parameter_is_a_400_naming_it(api, case_file, path, query):
    name = query.split("=")[0].replace("%5B%5D", "[]")
    response = api.get(f"{path}?{query}")
    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_unknown_parameters_are_each_named_with_what_is_taken(api, case_file):
    response = api.get("/api/v1/defenders/?statuss=x&limit=3&status=imprisoned")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"statuss", "limit"}
    assert "status" in errors["statuss"][0] and "page_size" in errors["statuss"][0]


def test_a_detail_takes_no_list_parameters(api, case_file):
    assert api.get("/api/v1/defenders/alpha-test-defender/").status_code == 200
    response = api.get("/api/v1/defenders/alpha-test-defender/?status=imprisoned")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    assert "page" in api.get("/api/v1/events/alpha-detained/?page=2").json()["errors"]


def test_every_list_takes_the_shared_parameters(api, case_file):
    for path in LISTS:
        assert api.get(path, {"format": "json"}).status_code == 200, path
    assert api.get("/api/v1/defenders/", {"page": 1, "page_size": 10}).status_code == (
        200
    )
    # Stats is one object: no pages.
    response = api.get("/api/v1/stats/", {"page": 1})
    assert "page" in response.json()["errors"]
    assert {"page", "page_size", "format"} <= LIST_PARAMS


@pytest.mark.parametrize(
    "path, query",
    [
        ("/api/v1/defenders/", "page_size=10&page_size=20"),
        ("/api/v1/defenders/", "q=alpha&q=omega"),
        ("/api/v1/defenders/", "ordering=name&ordering=-name"),
        ("/api/v1/defenders/", "organization=viasna&organization=other-org"),
        ("/api/v1/events/", "date_after=2021&date_after=2020"),
        ("/api/v1/events/", "format=json&format=csv"),
        ("/api/v1/petitions/", "page=1&page=2"),
    ],
)
def test_a_repeated_single_value_parameter_is_a_400(api, case_file, path, query):
    name = query.split("=")[0]
    response = api.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert name in response.json()["errors"]


def test_a_filter_taking_several_values_may_repeat(api, case_file):
    response = api.get("/api/v1/defenders/?status=imprisoned&status=released")
    assert len(slugs(response)) == 2
    assert slugs(api.get("/api/v1/events/?type=raid&type=detention"))


def test_an_empty_value_is_the_same_as_not_given_on_every_filter(api, case_file):
    """Every filter of every list (and page, page_size, format)."""
    checked = 0
    for path, filterset in filtersets():
        everything = slugs(api.get(path))
        for name in [*filterset.base_filters, "page", "page_size", "format"]:
            assert slugs(api.get(f"{path}?{name}=")) == everything, (path, name)
            checked += 1
    assert checked > 20
    # Beside a real value, an empty one changes nothing either.
    assert slugs(api.get("/api/v1/defenders/?status=&status=released")) == [
        "omega-test-defender"
    ]


def serialize(parameter, values):
    """A list as a generated client sends it, by the parameter's OpenAPI
    style and explode (form: explode=true repeats, explode=false joins)."""
    assert parameter.get("style", "form") == "form"
    if parameter.get("explode", True):
        return [(parameter["name"], value) for value in values]
    return [(parameter["name"], ",".join(values))]


@pytest.mark.parametrize(
    "path, values, first",
    [
        ("/api/v1/defenders/", ["-updated_at"], None),
        ("/api/v1/defenders/", ["-name"], "omega-test-defender"),
        ("/api/v1/defenders/", ["status", "-name"], "alpha-test-defender"),
        ("/api/v1/events/", ["date"], "raids-2021-02-16"),
    ],
)
def test_ordering_as_a_generated_client_sends_it(api, case_file, path, values, first):
    parameters = schema(api)["paths"][path]["get"]["parameters"]
    ordering = next(p for p in parameters if p["name"] == "ordering")
    # An array of sort keys, not an array of arrays.
    assert ordering["schema"]["items"]["type"] == "string"
    assert set(values) <= set(ordering["schema"]["items"]["enum"])
    query = "&".join(f"{name}={value}" for name, value in serialize(ordering, values))
    found = slugs(api.get(f"{path}?{query}"))
    if first:
        assert found[0] == first


def test_schema_version_is_checked_not_put_in_a_header(api, case_file):
    response = api.get("/api/v1/schema/?version=%0aX")
    assert response.status_code == 400
    assert "version" in response.json()["errors"]
    assert api.get("/api/v1/schema/?version=2").status_code == 400
    assert api.get("/api/v1/schema/", {"version": "1"}).status_code == 200
    for query in ["lang=%0aX", "format=%0aX", "version=1%0d%0aSet-Cookie:x=1"]:
        assert api.get(f"/api/v1/schema/?{query}").status_code < 500, query


def test_schema_describes_formats_304_406_and_headers(api, case_file):
    paths = schema(api)["paths"]
    for path in LISTS:
        operation = paths[path]["get"]
        responses = operation["responses"]
        formats = next(p for p in operation["parameters"] if p["name"] == "format")
        assert {"json", "csv"} <= set(formats["schema"]["enum"]), path
        assert "text/csv" in responses["200"]["content"], path
        if "geojson" in formats["schema"]["enum"]:
            assert "application/geo+json" in responses["200"]["content"], path
        assert "ETag" in responses["200"]["headers"], path
        assert "ETag" in responses["304"]["headers"], path
        assert "content" not in responses["304"], path
        assert "Retry-After" in responses["429"]["headers"], path
        assert "Retry-After" in responses["503"]["headers"], path
        for code in ("400", "406", "429", "503"):
            assert responses[code]["description"], (path, code)
    assert "404" in paths["/api/v1/defenders/{slug}/"]["get"]["responses"]


def test_schema_descriptions_are_for_readers_not_developers(api, case_file):
    components = schema(api)["components"]["schemas"]
    for name, component in components.items():
        description = component.get("description", "")
        assert "fuzzy_dates" not in description, name
        assert "Declare" not in description, name
        for field, property_schema in component.get("properties", {}).items():
            text = property_schema.get("description", "")
            assert "domain.com" not in text, (name, field)
            assert "as you'd like" not in text, (name, field)
    assert "cite" in components["Defender"]["properties"]["url"]["description"]
    for path, methods in schema(api)["paths"].items():
        for operation in methods.values():
            assert "Subclasses" not in operation.get("description", ""), path


def test_the_answer_to_an_unacceptable_accept_is_a_json_406(api, case_file):
    response = api.get("/api/v1/defenders/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert "errors" in response.json()


def test_cors_preflight_lets_a_newsroom_revalidate(api, case_file):
    preflight = api.options(
        "/api/v1/events/",
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    assert preflight.status_code == 200
    allowed = preflight["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed and "if-modified-since" in allowed
    first = api.get("/api/v1/events/", HTTP_ORIGIN="https://newsroom.example")
    exposed = first["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "Last-Modified" in exposed
    again = api.get(
        "/api/v1/events/",
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_every_url_names_the_site_the_request_came_to(api, case_file, settings):
    from petition.factories import make_petition

    settings.ALLOWED_HOSTS = ["docket.example"]
    make_petition(title="Free them", slug="free-them")
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    for path in ["/api/v1/petitions/", "/api/v1/defenders/", "/api/v1/events/"]:
        rows = api.get(path, HTTP_HOST="docket.example", secure=True).json()
        for row in rows["results"]:
            assert row["url"].startswith("https://docket.example/"), row["url"]
    detail = api.get(
        "/api/v1/petitions/free-them/", HTTP_HOST="docket.example", secure=True
    )
    assert detail.json()["url"] == "https://docket.example/petition/free-them/"


def test_load_demo_sets_the_site_record_from_base_url(home_page, settings, monkeypatch):
    from cms.management.commands import load_demo

    monkeypatch.setattr(load_demo, "LOADERS", [])
    settings.WAGTAILADMIN_BASE_URL = "https://docket.example"
    call_command("load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("docket.example", 443)
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8001"
    call_command("load_demo", stdout=io.StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8001)


def test_makefile_run_passes_base_url_to_load_demo():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "BASE_URL ?= http://$(HOST):$(PORT)" in makefile
    assert "BASE_URL=$(BASE_URL) $(BIN)/python manage.py load_demo" in makefile


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/v1/nothing-here/", 404),
        ("/api/v2/defenders/", 404),
        ("/api/", 404),
        ("/api/v1/defenders/no-such-defender/", 404),
        ("/api/v1/defenders/?page=99", 404),
        ("/api/v1/defenders/?status=flying", 400),
    ],
)
def test_every_error_under_the_api_is_one_json_shape(api, case_file, path, status):
    response = api.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"errors"}
    assert all(isinstance(messages, list) for messages in body["errors"].values())


def test_a_method_the_api_does_not_take_is_the_same_shape(api, case_file):
    response = api.post("/api/v1/defenders/", {})
    assert response.status_code == 405
    assert set(response.json()) == {"errors"}


def test_an_unknown_page_outside_the_api_stays_html(client, case_file):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_is_json(rf):
    from cms.errors import server_error

    try:
        raise RuntimeError("a bug, not the database")
    except RuntimeError:
        response = server_error(rf.get("/api/v1/defenders/"))
    assert response.status_code == 500
    assert set(json.loads(response.content)) == {"errors"}
