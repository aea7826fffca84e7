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
    # A list's CSV is streamed; getvalue() reads either kind of answer.
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.mark.parametrize("path", LISTS)
def test_csv_has_the_same_rows_as_json(api, case_file, path):
    rows = read_csv(api.get(path, {"format": "csv"}))
    results = api.get(path).json()["results"]
    assert [r["slug"] for r in rows] == [r["slug"] for r in results]
    for row, result in zip(rows, results, strict=True):
        assert row["url"] == result["url"]


@pytest.mark.parametrize("path", LISTS)
def test_csv_columns_are_stable_even_when_empty(api, case_file, path):
    full = api.get(path, {"format": "csv"}).getvalue().decode().splitlines()[0]
    empty = api.get(path, {"format": "csv", "updated_since": "2999-01-01"})
    assert empty.getvalue().decode().splitlines() == [full]


def test_csv_header_is_stable_for_an_empty_filter(api, case_file):
    full = api.get("/api/v1/defenders/", {"format": "csv"}).getvalue().decode()
    none = api.get("/api/v1/defenders/", {"format": "csv", "q": "nobody"})
    assert none.getvalue().decode().splitlines() == full.splitlines()[:1]


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


@pytest.fixture
def nested_case_file(case_file):
    """The case file with every nested object a list row can carry."""
    from events.factories import (
        ArticleFactory,
        ChargeFactory,
        CriminalCaseFactory,
        DetentionPlaceFactory,
    )
    from events.models import Charge

    colony = DetentionPlaceFactory(
        name="Test colony No. 3", slug="test-colony-3", place=case_file["minsk"]
    )
    detention = case_file["detention"]
    detention.detention_place = colony
    detention.save()
    case = CriminalCaseFactory(title="The Test case", slug="the-test-case")
    charge = Charge.objects.get(defender=case_file["alpha"])
    charge.case = case
    charge.save()
    ChargeFactory(
        defender=case_file["alpha"],
        article=ArticleFactory(number="243", part="2"),
        outcome="replaced",
        replaced_by=charge,
    )
    from petition.factories import make_petition
    from petition.models import PetitionDefender

    petition = make_petition(title="Free them", slug="free-them")
    PetitionDefender.objects.create(page=petition, defender=case_file["alpha"])
    return case_file


@pytest.mark.parametrize("path", LISTS)
def test_no_csv_cell_is_a_nested_object_or_list_as_text(api, nested_case_file, path):
    for params in ({"format": "csv"}, {"format": "csv", "bom": "1"}):
        rows = read_csv(api.get(path, params))
        assert rows, path
        for row in rows:
            for header, value in row.items():
                assert not value.startswith(("{", "[")), (path, header, value)
                assert "{'" not in value, (path, header, value)


def test_nested_objects_are_dotted_columns(api, nested_case_file):
    events = read_csv(api.get("/api/v1/events/", {"format": "csv"}))
    detention = next(r for r in events if r["slug"] == "alpha-detained")
    assert "detention_place" not in detention
    assert detention["detention_place.slug"] == "test-colony-3"
    assert detention["detention_place.name"] == "Test colony No. 3"
    assert detention["detention_place.city"] == "minsk"
    raid = next(r for r in events if r["slug"] == "raids-2021-02-16")
    assert raid["detention_place.slug"] == ""
    assert detention["affected_count"] == ""

    charges = read_csv(
        api.get(
            "/api/v1/charges/", {"format": "csv", "defender": "alpha-test-defender"}
        )
    )
    by_article = {r["article.slug"]: r for r in charges}
    assert by_article["342-1"]["case.slug"] == "the-test-case"
    assert by_article["342-1"]["case.title"] == "The Test case"
    assert by_article["243-2"]["case.slug"] == ""
    replaced = by_article["243-2"]
    assert replaced["outcome"] == "replaced"
    assert replaced["replaced_by.article"] == "342-1"
    assert replaced["replaced_by.id"] == by_article["342-1"]["id"]
    assert int(replaced["replaced_by.id"])  # a number stays a number

    defenders = read_csv(api.get("/api/v1/defenders/", {"format": "csv"}))
    alpha = defenders[0]
    assert alpha["detention_place.slug"] == "test-colony-3"
    assert alpha["days_in_detention.at_least"] in ("true", "false")
    assert int(alpha["days_in_detention.current"]) > 0
    assert alpha["sentences"] == "2023-03-03: 10 years"


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
