"""?format=csv: the same rows as JSON, stable columns, no formula can run."""

import csv
import io

import pytest

from records.api.renderers import csv_cell

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/defenders/",
    "/api/v1/events/",
    "/api/v1/organizations/",
    "/api/v1/charges/",
    "/api/v1/articles/",
    "/api/v1/petitions/",
]


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("path", LISTS)
def test_csv_has_the_same_rows_as_json(api, case_file, path):
    rows = read_csv(api.get(path, {"format": "csv"}))
    results = api.get(path).json()["results"]
    assert [r["slug"] for r in rows] == [r["slug"] for r in results]
    for row, result in zip(rows, results, strict=True):
        assert row["url"] == result["url"]


@pytest.mark.parametrize("path", LISTS)
def test_csv_columns_are_stable_even_when_empty(api, case_file, path):
    full = api.get(path, {"format": "csv"}).content.decode().splitlines()[0]
    empty = api.get(path, {"format": "csv", "page_size": 1}).content.decode()
    assert empty.splitlines()[0] == full


def test_csv_header_is_stable_for_an_empty_filter(api, case_file):
    full = api.get("/api/v1/defenders/", {"format": "csv"}).content.decode()
    none = api.get("/api/v1/defenders/", {"format": "csv", "q": "nobody"})
    assert none.content.decode().splitlines() == full.splitlines()[:1]


def test_csv_flattens_nested_values(api, case_file):
    rows = read_csv(api.get("/api/v1/defenders/", {"format": "csv"}))
    alpha = rows[0]
    assert alpha["charges"] == "342-1 (convicted)"
    assert alpha["organizations"] == "viasna"
    assert alpha["sentence.total_months"] == "120"
    assert alpha["other_names"] == "Alfa Tėstavy; Тэставы Абаронца"
    assert alpha["sources"] == "https://spring96.org/r/1"
    assert rows[1]["charges"] == "243-2 (dropped); 342-2 (pending)"
    assert rows[1]["sentence.latest_term_months"] == ""


def test_csv_filters_apply(api, case_file):
    rows = read_csv(
        api.get(
            "/api/v1/events/",
            {"format": "csv", "type": "raid", "date_after": "2021-02-01"},
        )
    )
    assert [r["slug"] for r in rows] == ["raids-2021-02-16"]


def test_csv_detail(api, case_file):
    rows = read_csv(
        api.get("/api/v1/defenders/alpha-test-defender/", {"format": "csv"})
    )
    assert [r["slug"] for r in rows] == ["alpha-test-defender"]


def test_csv_by_accept_header(api, case_file):
    response = api.get("/api/v1/events/", HTTP_ACCEPT="text/csv")
    assert len(read_csv(response)) == 5


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Minsk", "Minsk"),
        (None, ""),
        (True, "true"),
        (12, "12"),
    ],
)
def test_no_cell_starts_a_formula(value, cell):
    assert csv_cell(value) == cell


def test_formula_in_a_record_is_defused(api, case_file):
    alpha = case_file["alpha"]
    alpha.role = "=cmd|' /C calc'!A0"
    alpha.save()
    rows = read_csv(api.get("/api/v1/defenders/", {"format": "csv"}))
    assert rows[0]["role"] == "'=cmd|' /C calc'!A0"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r"))
