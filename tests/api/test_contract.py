"""DESIGN §5, row by row: endpoints, list shape, common fields, EDTF dates."""

import datetime
import re

import pytest

from tests.api.conftest import slugs

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/defenders/",
    "/api/v1/events/",
    "/api/v1/organizations/",
    "/api/v1/charges/",
    "/api/v1/articles/",
]
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


@pytest.mark.parametrize("path", LISTS)
def test_every_list_has_the_contract_shape(api, case_file, path):
    body = api.get(path).json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == len(body["results"]) > 0
    for row in body["results"]:
        assert row["slug"]
        assert row["url"].startswith("http://testserver/")
        assert ISO_DATETIME.match(row["updated_at"])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/defenders/alpha-test-defender/",
        "/api/v1/events/raids-2021-02-16/",
        "/api/v1/organizations/viasna/",
    ],
)
def test_detail_url_is_the_public_page(api, case_file, path):
    body = api.get(path).json()
    assert body["url"] == "http://testserver" + path.replace("/api/v1", "")


def test_missing_or_draft_detail_is_404_json(api, case_file):
    case_file["omega"].live = False
    case_file["omega"].save()
    for path in ["/api/v1/defenders/nobody/", "/api/v1/defenders/omega-test-defender/"]:
        response = api.get(path)
        assert response.status_code == 404
        assert "errors" in response.json()


def test_defender_nests_charges_sentence_days_and_sources(api, case_file):
    body = api.get("/api/v1/defenders/alpha-test-defender/").json()
    assert body["status"] == "imprisoned"
    assert body["status_as_of"] == "2025-12"
    assert body["status_as_of_precision"] == "month"
    assert body["other_names"] == ["Alfa Tėstavy", "Тэставы Абаронца"]
    assert body["organizations"][0]["organization"]["slug"] == "viasna"
    assert body["charges"] == [
        {
            "article": "342-1",
            "article_title": "Group actions",
            "case": None,
            "brought_on": "2021-07-17",
            "brought_on_precision": "day",
            "outcome": "convicted",
            "replaced_by": None,
            "verdict": None,
        }
    ]
    assert body["sentence"]["count"] == 1
    assert body["sentence"]["total_months"] == 120
    assert body["sentence"]["total"] == "10 years"
    assert body["sentence"]["expected_release"] == "2031-07-14"  # still held
    assert body["sentences"] == [
        {
            "verdict_date": "2023-03-03",
            "verdict_date_precision": "day",
            "court": "",
            "term_months": 120,
            "term": "10 years",
            "regime": "unknown",
            "in_absentia": False,
            "expected_release": "2031-07-14",
        }
    ]
    # The status is known as of December 2025: the count stops there.
    counted_to = min(datetime.date(2025, 12, 31), datetime.date.today())
    days = (counted_to - datetime.date(2021, 7, 14)).days
    assert body["days_in_detention"]["current"] == days
    assert body["days_in_detention"]["total"] == days
    assert body["days_in_detention"]["as_of"] == counted_to.isoformat()
    assert body["days_in_detention"]["counted_to"] == counted_to.isoformat()
    assert body["days_in_detention"]["at_least"] is (counted_to < datetime.date.today())
    assert body["detention_place"] is None  # the detention names no place
    assert body["letter_address"] is None
    assert body["sources"] == [
        {
            "withheld": False,
            "title": "Viasna report",
            "url": "https://spring96.org/r/1",
            "publisher": "Example Human Rights Monitor",
            "published_on": None,
            "published_on_precision": None,
            "archived_url": None,
        }
    ]


def test_every_sentence_with_an_expected_release_only_while_held(api, case_file):
    from events.factories import SentenceFactory

    alpha, omega = case_file["alpha"], case_file["omega"]
    SentenceFactory(
        defender=alpha, verdict_date=datetime.date(2024, 1, 10), term_months=18
    )
    body = api.get(f"/api/v1/defenders/{alpha.slug}/").json()
    assert [
        (s["verdict_date"], s["term"], s["expected_release"]) for s in body["sentences"]
    ] == [
        ("2023-03-03", "10 years", "2031-07-14"),
        ("2024-01-10", "1 year 6 months", "2023-01-14"),
    ]
    assert body["sentence"]["count"] == 2
    assert body["sentence"]["latest_term_months"] == 18

    # Omega was released after the verdict: no sentence of theirs ends later.
    SentenceFactory(defender=omega, verdict_date=datetime.date(2023, 5, 5))
    body = api.get(f"/api/v1/defenders/{omega.slug}/").json()
    assert body["status"] == "released"
    assert body["sentence"]["expected_release"] is None
    assert [s["expected_release"] for s in body["sentences"]] == [None]
    assert body["days_in_detention"]["current"] is None
    assert body["days_in_detention"]["at_least"] is False


def test_defender_says_where_they_are_held_and_where_to_write(api, case_file):
    from events.factories import DetentionPlaceFactory

    alpha, omega = case_file["alpha"], case_file["omega"]
    colony = DetentionPlaceFactory(
        name="Test colony No. 7",
        slug="test-colony-7",
        place=case_file["minsk"],
        postal_address="Colony street 7, Minsk",
    )
    for event in (case_file["detention"], case_file["omega_detained"]):
        event.detention_place = colony
        event.save()
    body = api.get(f"/api/v1/defenders/{alpha.slug}/").json()
    assert body["detention_place"] == {
        "slug": "test-colony-7",
        "name": "Test colony No. 7",
        "url": "http://testserver/places/test-colony-7/",
        "city": "minsk",
    }
    assert body["letter_address"] == "Colony street 7, Minsk"
    alpha.letter_address = "Their own address for letters"
    alpha.save()
    listed = api.get("/api/v1/defenders/").json()["results"]
    rows = {row["slug"]: row for row in listed}
    assert rows[alpha.slug]["letter_address"] == "Their own address for letters"
    # The released are held nowhere and have no address for letters.
    omega.letter_address = "An old address"
    omega.save()
    body = api.get(f"/api/v1/defenders/{omega.slug}/").json()
    assert body["detention_place"] is None
    assert body["letter_address"] is None
    # A draft place is not named.
    colony.live = False
    colony.save()
    body = api.get(f"/api/v1/defenders/{alpha.slug}/").json()
    assert body["detention_place"] is None
    assert body["letter_address"] == "Their own address for letters"


def test_dates_are_edtf_with_precision_beside_them(api, case_file):
    event = case_file["raid"]
    event.date = datetime.date(2021, 2, 1)
    event.date_precision = "month"
    event.date_approximate = True
    event.save()
    body = api.get("/api/v1/events/raids-2021-02-16/").json()
    assert body["date"] == "2021-02~"
    assert body["date_precision"] == "month"
    assert body["end"] is None
    assert body["end_precision"] is None


def test_confidential_source_is_withheld(api, case_file):
    from records.factories import SourceFactory

    secret = SourceFactory(
        title="Witness in colony", url="https://secret.example/x", confidential=True
    )
    case_file["alpha"].sources.add(secret)
    case_file["alpha"].save()
    body = api.get("/api/v1/defenders/alpha-test-defender/").json()
    assert {"withheld": True, "title": "source withheld for safety"} in body["sources"]


def test_event_lists_places_defenders_and_organizations(api, case_file):
    body = api.get("/api/v1/events/raids-2021-02-16/").json()
    assert body["type"] == "raid"
    assert [p["slug"] for p in body["places"]] == ["homel", "minsk"]
    assert {d["slug"] for d in body["defenders"]} == {
        "alpha-test-defender",
        "omega-test-defender",
    }
    assert body["organizations"][0]["slug"] == "viasna"


def test_articles_count_defenders_charged(api, case_file):
    from events.factories import ChargeFactory

    # A second charge of the same defender under the same article counts once.
    ChargeFactory(defender=case_file["alpha"], article=case_file_article("342-1"))
    rows = {row["slug"]: row for row in api.get("/api/v1/articles/").json()["results"]}
    assert rows["342-1"]["defenders_charged"] == 1
    assert rows["342-1"]["url"] == "http://testserver/defenders/?article=342-1"
    assert rows["243-2"]["defenders_charged"] == 1


def case_file_article(slug):
    from events.models import Article

    return Article.objects.get(slug=slug)


def test_charges_name_defender_article_and_outcome(api, case_file):
    rows = api.get("/api/v1/charges/").json()["results"]
    assert {
        (r["defender"]["slug"], r["article"]["slug"], r["outcome"]) for r in rows
    } == {
        ("alpha-test-defender", "342-1", "convicted"),
        ("omega-test-defender", "243-2", "dropped"),
        ("omega-test-defender", "342-2", "pending"),
    }
    assert rows[0]["url"] == rows[0]["defender"]["url"]


def test_stats_are_the_headline_figures(api, case_file):
    from cms.stats import headline_figures

    body = api.get("/api/v1/stats/").json()
    for key, value in headline_figures().items():
        assert body[key] == value
    assert body["held_now"] == 1
    assert body["organizations_closed"] == 1
    assert {"slug", "url", "updated_at"} <= set(body)
    # The closure's own count, with the event it comes from.
    assert body["organizations_ordered_closed"] == 53
    assert body["organizations_ordered_closed_on"] == "2021-07-22"
    assert (
        body["organizations_ordered_closed_low"],
        body["organizations_ordered_closed_high"],
    ) == (53, 53)
    assert body["organizations_ordered_closed_url"] == (
        "http://testserver/events/closures-2021-07-22/"
    )
    # The latest national count of political prisoners.
    assert body["political_prisoners"] == 1100
    assert body["political_prisoners_qualifier"] == "more_than"
    assert body["political_prisoners_as_of"] == "2025-12-15"
    assert body["political_prisoners_figure"] == case_file["figure"].pk


def test_figures_list_has_the_contract_shape_by_id(api, case_file):
    body = api.get("/api/v1/figures/").json()
    assert list(body) == ["count", "next", "previous", "results"]
    [row] = body["results"]
    assert row["id"] == case_file["figure"].pk
    assert row["url"] == f"http://testserver/#figure-{row['id']}"
    assert ISO_DATETIME.match(row["updated_at"])
    assert (row["metric"], row["qualifier"], row["value"]) == (
        "political_prisoners",
        "more_than",
        1100,
    )
    assert row["value_display"] == "more than 1,100"
    assert (row["as_of"], row["as_of_precision"]) == ("2025-12-15", "day")
    assert row["sources"][0]["url"] == "https://spring96.org/r/1"
    detail = api.get(f"/api/v1/figures/{row['id']}/").json()
    assert detail == row


def test_figures_filter_by_metric(api, case_file):
    from events.factories import FigureFactory

    FigureFactory(metric="organizations_dissolved", value=1601)
    rows = api.get("/api/v1/figures/", {"metric": "organizations_dissolved"}).json()
    assert [r["value"] for r in rows["results"]] == [1601]
    both = api.get(
        "/api/v1/figures/",
        {"metric": ["organizations_dissolved", "political_prisoners"]},
    ).json()
    assert both["count"] == 2
    bad = api.get("/api/v1/figures/", {"metric": "flying"})
    assert bad.status_code == 400 and "metric" in bad.json()["errors"]


def test_organization_lists_members_and_events(api, case_file):
    body = api.get("/api/v1/organizations/viasna/").json()
    assert body["members"] == ["alpha-test-defender"]
    assert [e["slug"] for e in body["events"]] == ["raids-2021-02-16"]
    assert body["status"] == "liquidated"


def test_pagination(api, case_file):
    body = api.get("/api/v1/events/", {"page_size": 2}).json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["previous"] is None
    assert "page=2" in body["next"]
    last = api.get("/api/v1/events/", {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    every = [
        *slugs(api.get("/api/v1/events/", {"page_size": 2, "page": 1})),
        *slugs(api.get("/api/v1/events/", {"page_size": 2, "page": 2})),
        *slugs(api.get("/api/v1/events/", {"page_size": 2, "page": 3})),
    ]
    assert sorted(every) == sorted(slugs(api.get("/api/v1/events/")))
    assert len(api.get("/api/v1/events/", {"page_size": 200}).json()["results"]) == 5


def test_api_is_read_only(api, case_file):
    assert api.post("/api/v1/defenders/", {"name": "x"}).status_code == 405
    assert api.delete("/api/v1/defenders/alpha-test-defender/").status_code == 405
