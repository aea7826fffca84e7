"""The journalists' guide (/api/v1/docs/guide/), question by question, against
the demo case file: what a journalist following it gets. Change an answer
here and in templates/cms/api_guide.html together."""

import csv
import io

import pytest

from django.core.management import call_command
from django.db import transaction

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(scope="module")
def demo_file(django_db_setup, django_db_blocker):
    """The demo case file, loaded once for the module (some 90 seconds) in a
    transaction rolled back after it; each test runs in a savepoint of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_file, db):
    pass


def results(api, path):
    """Every result of a JSON list, following `next` (as the guide does)."""
    url, rows = f"{API}/{path}", []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        rows += page["results"]
        url = page["next"]
    return rows


def csv_rows(api, path):
    response = api.get(f"{API}/{path}")
    assert response.status_code == 200, response.content
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_held_now_and_where(api, demo):
    held = results(api, "defenders/?status=held&page_size=200")
    places = {d["slug"]: (d["detention_place"] or {}).get("name") for d in held}
    assert places == {
        "marfa-rabkova": "Penal colony No. 4, Homieĺ",
        "nasta-loika": None,
        "valiantsin-stefanovich": None,
    }
    assert {d["status"] for d in held} <= {"detained", "imprisoned", "house_arrest"}
    assert api.get(f"{API}/stats/").json()["held_now"] == 3
    rows = csv_rows(api, "defenders/?status=held&format=csv")
    assert sorted(row["slug"] for row in rows) == sorted(places)


def test_years_of_sentences(api, demo):
    stats = api.get(f"{API}/stats/").json()
    assert (stats["sentence_months_total"], stats["sentence_years_total"]) == (864, 72)
    sentenced = results(api, "defenders/?sentenced=true&page_size=200")
    months = {
        d["slug"]: sum(s["term_months"] for s in d["sentences"]) for d in sentenced
    }
    assert len(months) == 9
    assert sum(months.values()) == 864
    sudalenka = next(d for d in sentenced if d["slug"] == "leanid-sudalenka")
    assert sorted(
        (s["verdict_date"], s["term_months"]) for s in sudalenka["sentences"]
    ) == [("2021-11-03", 36), ("2024-06-17", 60)]


def test_charged_under_an_article(api, demo):
    charged = results(api, "defenders/?article=342&page_size=200")
    assert len(charged) == 8
    assert "andrei-chapiuk" not in {d["slug"] for d in charged}
    charges = results(api, "charges/?article=342-2&page_size=200")
    assert charges
    assert {c["article"]["slug"] for c in charges} == {"342-2"}
    assert {c["defender"]["slug"] for c in charges} <= {d["slug"] for d in charged}
    every_part = results(api, "charges/?article=342&page_size=200")
    assert {c["article"]["number"] for c in every_part} == {"342"}
    assert len(every_part) > len(charges)


def test_the_raids_of_16_february_2021_and_their_cities(api, demo):
    raids = results(
        api, "events/?type=raid&date_after=2021-02-16&date_before=2021-02-16"
    )
    assert [e["slug"] for e in raids] == ["2021-02-16-raids-on-viasna"]
    assert raids[0]["date"] == "2021-02-16"
    cities = {p["name"] for p in raids[0]["places"]}
    assert cities == {"Brest", "Homieĺ", "Mahilioŭ", "Minsk", "Viciebsk"}
    assert all(p["latitude"] and p["longitude"] for p in raids[0]["places"])


def test_the_disputed_closures_of_22_july_2021(api, demo):
    closures = results(
        api,
        "events/?type=organization_closure&date_after=2021-07-22"
        "&date_before=2021-07-23",
    )
    assert [e["slug"] for e in closures] == ["2021-07-22-ngo-closures"]
    closure = closures[0]
    assert closure["affected_count"] == 53
    figures = sorted((f["value"], f["qualifier"]) for f in closure["figures"])
    assert figures == [
        (40, "more_than"),
        (43, "exactly"),
        (47, "at_least"),
        (51, "exactly"),
        (53, "exactly"),
    ]
    only_petition = [f for f in closure["figures"] if f["value"] == 53]
    assert only_petition[0]["source"]["title"].startswith("Petition")
    stats = api.get(f"{API}/stats/").json()
    assert (
        stats["organizations_ordered_closed_low"],
        stats["organizations_ordered_closed_high"],
        stats["organizations_ordered_closed_event"],
    ) == (40, 53, "2021-07-22-ngo-closures")


def test_what_changed_since_last_week(api, demo):
    changes = results(api, "changes/?since=2000-01-01&page_size=200")
    assert {c["action"] for c in changes} == {"published"}
    slugs = {(c["type"], c["slug"]) for c in changes}
    assert ("defender", "leanid-sudalenka") in slugs
    assert ("event", "2021-02-16-raids-on-viasna") in slugs
    assert ("petition", "viasna") in slugs
    assert results(api, "changes/?since=2999-01-01") == []


def test_the_guide_shows_each_question(client, demo):
    response = client.get(f"{API}/docs/guide/")
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ["held-now", "sentence-years", "article", "raids", "closures"]:
        assert f'id="{anchor}"' in html
    assert "API=http://testserver/api/v1" in html
    assert "<script" not in html.split("<footer")[0].split("<main")[1]
