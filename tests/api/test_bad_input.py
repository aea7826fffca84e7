"""A client mistake is a 400 (404 for a missing page or record) naming the
parameter, never a 500 and never silently ignored."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/api/v1/events/", {"date_after": "yesterday"}, "date_after"),
        ("/api/v1/events/", {"date_before": "2021-02-30"}, "date_before"),
        ("/api/v1/events/", {"date_after": "2021-02-16~"}, "date_after"),
        ("/api/v1/events/", {"type": "picnic"}, "type"),
        ("/api/v1/events/", {"city": "atlantis"}, "city"),
        ("/api/v1/events/", {"defender": "nobody"}, "defender"),
        ("/api/v1/events/", {"defender": "bad slug!"}, "defender"),
        ("/api/v1/events/", {"organization": "nothing"}, "organization"),
        ("/api/v1/events/", {"ordering": "secret_field"}, "ordering"),
        ("/api/v1/events/", {"ordering": "private_notes"}, "ordering"),
        ("/api/v1/defenders/", {"status": "flying"}, "status"),
        ("/api/v1/defenders/", {"article": "999-9"}, "article"),
        ("/api/v1/defenders/", {"detained_after": "16.02.2021"}, "detained_after"),
        ("/api/v1/defenders/", {"detained_before": "2021-13"}, "detained_before"),
        ("/api/v1/defenders/", {"q": "!!!"}, "q"),
        ("/api/v1/defenders/", {"q": "x" * 201}, "q"),
        ("/api/v1/defenders/", {"ordering": "-birth_year"}, "ordering"),
        ("/api/v1/organizations/", {"status": "banned"}, "status"),
        ("/api/v1/organizations/", {"closed_after": "July"}, "closed_after"),
        ("/api/v1/charges/", {"outcome": "maybe"}, "outcome"),
        ("/api/v1/charges/", {"article": "x"}, "article"),
        ("/api/v1/defenders/", {"page_size": "201"}, "page_size"),
        ("/api/v1/defenders/", {"page_size": "ten"}, "page_size"),
        ("/api/v1/defenders/", {"page_size": "0"}, "page_size"),
        ("/api/v1/defenders/", {"page_size": "-1"}, "page_size"),
        ("/api/v1/defenders/", {"page": "two"}, "page"),
        ("/api/v1/defenders/", {"page": "0"}, "page"),
        ("/api/v1/articles/", {"page_size": "500"}, "page_size"),
        ("/api/v1/defenders/", {"format": "xml"}, "format"),
    ],
)
def test_bad_value_is_400_naming_the_parameter(api, case_file, path, params, parameter):
    response = api.get(path, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == [parameter]
    assert all(isinstance(m, str) for m in response.json()["errors"][parameter])


def test_date_message(api, case_file):
    response = api.get("/api/v1/events/", {"date_after": "yesterday"})
    assert response.json() == {
        "errors": {"date_after": ["Enter a date as YYYY-MM-DD (or YYYY-MM, or YYYY)."]}
    }


def test_page_out_of_range_is_404_naming_page(api, case_file):
    response = api.get("/api/v1/defenders/", {"page": 99})
    assert response.status_code == 404
    assert "page" in response.json()["errors"]


def test_errors_are_json_even_for_csv(api, case_file):
    response = api.get("/api/v1/events/", {"format": "csv", "type": "picnic"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "type" in response.json()["errors"]


def test_several_bad_values_are_all_named(api, case_file):
    response = api.get(
        "/api/v1/defenders/", {"status": "flying", "detained_after": "yesterday"}
    )
    assert set(response.json()["errors"]) == {"status", "detained_after"}


@pytest.mark.parametrize(
    "value",
    [
        "\x00",
        "a\x00b",
        '"',
        "'",
        "*",
        "AND",
        "OR NOT",
        "NEAR(a b)",
        "a:b",
        "^x",
        "(",
        "%",
        "_",
        "\\",
        "Тэставы*",
        "😀 ales",
        "-x",
        "a" * 200,
    ],
)
def test_search_never_fails(api, case_file, value):
    for path in ["/api/v1/defenders/", "/api/v1/events/", "/api/v1/organizations/"]:
        response = api.get(path, {"q": value})
        assert response.status_code in (200, 400), (value, response.content)


@pytest.mark.parametrize(
    # Минск would be Minsk in any spelling: Атлантида is no place.
    "value",
    ["\x00", "x" * 300, "%", "' OR 1=1 --", "../../etc", "Атлантида"],
)
def test_odd_values_never_fail(api, case_file, value):
    for path, names in [
        ("/api/v1/defenders/", ["organization", "article", "city", "status"]),
        ("/api/v1/events/", ["city", "defender", "organization", "date_after"]),
        ("/api/v1/charges/", ["defender", "article"]),
    ]:
        for name in names:
            response = api.get(path, {name: value})
            assert response.status_code == 400, (path, name, response.content)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/defenders/a%00b/",
        "/api/v1/defenders/%D0%90/",
        "/api/v1/events/x.y/",
        "/api/v1/charges/abc/",
        "/api/v1/charges/99999999999999999999999/",
        "/api/v1/petitions/nope/",
    ],
)
def test_odd_detail_paths_are_404(api, case_file, path):
    assert api.get(path).status_code == 404
