"""A list's CSV is every matching row, streamed a chunk at a time; `fields=`
chooses the fields; `updated_since` finds what changed, a defender
included when one of their charges, sentences or events changes."""

import csv
import datetime
import io
import math

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from defenders.models import Defender
from events.models import Charge, Event, Sentence
from records.api import renderers
from tests.api.test_csv import nested_case_file  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

DEFENDERS = "/api/v1/defenders/"
# The validators, the count of nothing, the pk cursor: whatever the size.
FIXED_QUERIES = 6
# The rows and each nested list of a chunk of defenders (records.api.views
# `represent`: their prefetches, timelines and detention places).
QUERIES_PER_CHUNK = 10


def synthetic(defenders, events=None):
    call_command(
        "generate_synthetic",
        defenders=defenders,
        events=events if events is not None else defenders,
        stdout=io.StringIO(),
    )


def body(response):
    assert response.status_code == 200, response.getvalue()
    return response.getvalue().decode("utf-8")


def rows_of(response):
    return list(csv.DictReader(io.StringIO(body(response).removeprefix("\ufeff"))))


def test_every_row_not_a_page(api):
    synthetic(120)
    live = Defender.objects.live().count()
    assert live > 50  # more than a page
    response = api.get(DEFENDERS, {"format": "csv"})
    assert response.streaming
    rows = rows_of(response)
    assert len(rows) == live
    assert len({row["slug"] for row in rows}) == live
    # In the list's order, as its JSON pages give it.
    first_page = api.get(DEFENDERS, {"page_size": 50}).json()["results"]
    assert [row["slug"] for row in rows[:50]] == [r["slug"] for r in first_page]


def test_streamed_a_chunk_at_a_time(api, monkeypatch):
    monkeypatch.setattr(renderers, "CSV_CHUNK_SIZE", 20)
    synthetic(100)
    response = api.get(DEFENDERS, {"format": "csv"})
    parts = list(response.streaming_content)
    live = Defender.objects.live().count()
    # The header, then one part per chunk of 20.
    assert len(parts) == 1 + math.ceil(live / 20)
    assert parts[0].decode().startswith("slug,url,updated_at,")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="defender.csv"'
    assert response["ETag"]


@pytest.mark.parametrize("n", [120, 1200])
@pytest.mark.parametrize("path", [DEFENDERS, "/api/v1/events/"])
def test_queries_grow_only_by_chunks(api, monkeypatch, n, path):
    monkeypatch.setattr(renderers, "CSV_CHUNK_SIZE", 100)
    synthetic(n)
    with CaptureQueriesContext(connection) as queries:
        rows = rows_of(api.get(path, {"format": "csv"}))
    chunks = math.ceil(len(rows) / 100)
    assert chunks >= n // 100 - 1
    assert len(queries) <= FIXED_QUERIES + QUERIES_PER_CHUNK * chunks, (
        len(queries),
        chunks,
    )


def test_bom_for_excel(api, case_file):
    plain = api.get(DEFENDERS, {"format": "csv"}).getvalue()
    with_bom = api.get(DEFENDERS, {"format": "csv", "bom": "1"}).getvalue()
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert with_bom == b"\xef\xbb\xbf" + plain
    detail = api.get(f"{DEFENDERS}alpha-test-defender/", {"format": "csv", "bom": 1})
    assert detail.content.startswith(b"\xef\xbb\xbfslug,")
    assert api.get(DEFENDERS, {"format": "csv", "bom": "0"}).getvalue() == plain
    bad = api.get(DEFENDERS, {"format": "csv", "bom": "yes"})
    assert bad.status_code == 400
    assert "bom" in bad.json()["errors"]


@pytest.mark.parametrize("params", [{"page": "2"}, {"page_size": "200"}])
def test_pages_do_not_apply_to_csv(api, case_file, params):
    response = api.get(DEFENDERS, {"format": "csv", **params})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()["errors"]) == set(params)


def test_dotted_columns_and_integer_cells(api, nested_case_file):  # noqa: F811
    alpha = nested_case_file["alpha"]
    alpha.birth_year = 1962
    alpha.save()
    # A stream is read once.
    table = body(api.get(DEFENDERS, {"format": "csv"}))
    header = table.splitlines()[0].split(",")
    assert "detention_place" not in header
    assert {"detention_place.slug", "detention_place.name"} <= set(header)
    rows = csv.DictReader(io.StringIO(table))
    row = next(r for r in rows if r["slug"] == "alpha-test-defender")
    assert row["detention_place.slug"] == "test-colony-3"
    assert row["birth_year"] == "1962"
    assert row["sentence.total_months"] == "120"
    for column in ("days_in_detention.current", "days_in_detention.total"):
        assert row[column].isdigit(), (column, row[column])
    assert not any(value.startswith(("{", "[", "'")) for value in row.values())


def test_a_negative_number_is_not_defused_as_a_formula():
    assert renderers.csv_cell(-3) == "-3"
    assert renderers.csv_cell(2.5) == "2.5"
    assert renderers.csv_cell("-3") == "'-3"


def test_fields_choose_the_fields(api, case_file):
    results = api.get(DEFENDERS, {"fields": "name,slug,status"}).json()["results"]
    assert [list(row) for row in results] == [["name", "slug", "status"]] * 2
    detail = api.get(f"{DEFENDERS}alpha-test-defender/", {"fields": "slug,sentence"})
    assert list(detail.json()) == ["slug", "sentence"]
    table = body(api.get(DEFENDERS, {"format": "csv", "fields": "slug,sentence"}))
    header = table.splitlines()[0].split(",")
    assert header[0] == "slug"
    assert header[1:] and all(h.startswith("sentence.") for h in header[1:])
    charges = api.get("/api/v1/charges/", {"format": "csv", "fields": "article"})
    assert body(charges).splitlines()[0] == (
        "article.slug,article.number,article.part,article.title"
    )


def test_an_unknown_field_is_a_400_naming_it(api, case_file):
    for params in (
        {"fields": "slug,nmae"},
        {"fields": "slug,nmae", "format": "csv"},
    ):
        response = api.get(DEFENDERS, params)
        assert response.status_code == 400
        message = response.json()["errors"]["fields"][0]
        assert "nmae" in message
        assert "slug" not in message.split(".")[0]


def test_updated_since(api, case_file):
    alpha = case_file["alpha"]
    Defender.objects.update(updated_at=timezone.now() - datetime.timedelta(days=30))
    Defender.objects.filter(pk=alpha.pk).update(updated_at=timezone.now())
    week_ago = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()
    for value in (week_ago, f"{week_ago}T00:00:00Z", f"{week_ago}T03:00:00+03:00"):
        rows = api.get(DEFENDERS, {"updated_since": value}).json()["results"]
        assert [row["slug"] for row in rows] == ["alpha-test-defender"], value
    later = api.get(DEFENDERS, {"updated_since": "2999-01-01", "format": "csv"})
    assert rows_of(later) == []
    for path in ("/api/v1/events/", "/api/v1/articles/", "/api/v1/petitions/"):
        response = api.get(path, {"updated_since": "2999-01-01T12:00"})
        assert response.status_code == 200, path
        assert response.json()["results"] == []


@pytest.mark.parametrize(
    "value", ["last week", "2021-02-30", "2021-02-16T25:00", "9999-12-31T23:59-05:00"]
)
def test_bad_updated_since_is_a_400(api, case_file, value):
    response = api.get(DEFENDERS, {"updated_since": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["updated_since"]


def stale(defender):
    past = timezone.now() - datetime.timedelta(days=30)
    Defender.objects.filter(pk=defender.pk).update(updated_at=past)
    return past


def moved(defender, past):
    defender.refresh_from_db()
    return defender.updated_at > past


def test_a_charge_sentence_or_event_moves_its_defender(
    api, case_file, django_assert_num_queries
):
    alpha, omega = case_file["alpha"], case_file["omega"]
    charge = Charge.objects.get(defender=alpha)
    past = stale(alpha)
    stale(omega)
    charge.outcome = "dropped"
    charge.save()
    assert moved(alpha, past)
    omega.refresh_from_db()
    assert omega.updated_at <= past + datetime.timedelta(seconds=1)
    since = (past + datetime.timedelta(days=1)).isoformat()
    rows = api.get(DEFENDERS, {"updated_since": since}).json()["results"]
    assert [row["slug"] for row in rows] == ["alpha-test-defender"]

    past = stale(alpha)
    sentence = Sentence.objects.get(defender=alpha)
    sentence.term_months = 60
    sentence.save()
    assert moved(alpha, past)

    past = stale(alpha)
    stale(omega)
    raid = Event.objects.get(slug="raids-2021-02-16")
    raid.title = "Raids on Viasna offices"
    raid.save()
    assert moved(alpha, past) and moved(omega, past)

    # One UPDATE for the defender, whatever else the save does.
    past = stale(alpha)
    with CaptureQueriesContext(connection) as queries:
        charge.save()
    table = Defender._meta.db_table
    updates = [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{table}"')]
    assert len(updates) == 1, updates


def test_a_draft_revision_does_not_move_the_defender(case_file):
    alpha = case_file["alpha"]
    charge = Charge.objects.get(defender=alpha)
    past = stale(alpha)
    charge.outcome = "dropped"
    charge.save_revision()
    assert not moved(alpha, past)


def test_every_list_documents_updated_since_fields_and_its_columns(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    # The paged lists: every RecordViewSet's.
    lists = [
        path
        for path, item in schema["paths"].items()
        if any(p["name"] == "page_size" for p in item["get"].get("parameters", []))
        # changes/ has its own since and cursor; datasets/ are the builds.
        and not path.startswith(("/api/v1/changes/", "/api/v1/datasets/"))
    ]
    assert "/api/v1/defenders/" in lists and "/api/v1/petitions/" in lists
    for path in lists:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert {"updated_since", "fields", "bom"} <= set(parameters), path
    defenders = schema["paths"]["/api/v1/defenders/"]["get"]["parameters"]
    fields = next(p for p in defenders if p["name"] == "fields")
    assert "detention_place.slug" in fields["description"]
    assert "birth_year" in fields["schema"]["items"]["enum"]
