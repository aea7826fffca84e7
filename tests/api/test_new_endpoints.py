"""Issue 18, what the API lacked: sentences/, places/, detention-places/,
a defender's detention place and address for letters as the profile gives
them, every sentence, coordinates, GeoJSON and the monthly time series.

The people and places are fictional (tests/api/conftest.py)."""

import datetime
import json
import re
from decimal import Decimal

import pytest

from defenders.factories import DefenderFactory
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    CriminalCaseFactory,
    DetentionPlaceFactory,
    EventFactory,
    SentenceFactory,
)
from records.factories import PlaceFactory, SourceFactory
from tests.api.conftest import slugs

pytestmark = pytest.mark.django_db

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


@pytest.fixture
def mapped(case_file):
    """The case file with map positions, a colony in Minsk holding Alpha,
    and a second sentence for Alpha."""
    minsk, homel = case_file["minsk"], case_file["homel"]
    minsk.latitude, minsk.longitude = Decimal("53.90454"), Decimal("27.56152")
    minsk.save()
    homel.latitude, homel.longitude = Decimal("52.43449"), Decimal("30.97537")
    homel.save()
    colony = DetentionPlaceFactory(
        name="Test colony No. 7",
        slug="test-colony-7",
        place=minsk,
        postal_address="Colony street 7, Minsk",
    )
    case_file["detention"].detention_place = colony
    case_file["detention"].save()
    SentenceFactory(
        defender=case_file["alpha"],
        verdict_date=datetime.date(2024, 1, 10),
        term_months=18,
        court="Test district court",
    )
    return {**case_file, "colony": colony}


# --- every endpoint: list, detail, 404 for drafts ---------------------------


def test_sentences_list_detail_and_drafts(api, mapped):
    alpha, omega = mapped["alpha"], mapped["omega"]
    draft = SentenceFactory(defender=omega, court="Draft court", live=False)
    of_draft_defender = SentenceFactory(
        defender=DefenderFactory(slug="draft-defender", live=False)
    )
    body = api.get("/api/v1/sentences/").json()
    assert list(body) == ["count", "next", "previous", "results"]
    rows = body["results"]
    # Newest verdict first; both of Alpha's.
    assert [(r["defender"]["slug"], r["verdict_date"]) for r in rows] == [
        (alpha.slug, "2024-01-10"),
        (alpha.slug, "2023-03-03"),
    ]
    row = rows[0]
    assert row["slug"] == f"{alpha.slug}-sentence-{row['id']}"
    assert row["url"] == f"http://testserver/defenders/{alpha.slug}/"
    assert ISO_DATETIME.match(row["updated_at"])
    assert (row["term_months"], row["term"], row["court"]) == (
        18,
        "1 year 6 months",
        "Test district court",
    )
    assert row["verdict_date_precision"] == "day"
    assert rows[1]["expected_release"] == "2031-07-14"
    detail = api.get(f"/api/v1/sentences/{row['id']}/")
    assert detail.status_code == 200
    assert detail.json() == row
    for sentence in (draft, of_draft_defender):
        response = api.get(f"/api/v1/sentences/{sentence.pk}/")
        assert response.status_code == 404
        assert "errors" in response.json()
    assert api.get("/api/v1/sentences/nope/").status_code == 404


def test_places_list_detail_coordinates_and_drafts(api, mapped):
    PlaceFactory(name="Draft town", slug="draft-town", live=False)
    rows = api.get("/api/v1/places/").json()["results"]
    assert [r["slug"] for r in rows] == ["homel", "minsk"]
    minsk = rows[1]
    # A town's centre, to two decimals, as numbers: what the event map shows.
    assert (minsk["latitude"], minsk["longitude"]) == (53.9, 27.56)
    assert minsk["url"] == "http://testserver/defenders/?city=minsk"
    assert ISO_DATETIME.match(minsk["updated_at"])
    assert api.get("/api/v1/places/minsk/").json() == minsk
    assert api.get("/api/v1/places/draft-town/").status_code == 404
    # A place with no position says so.
    PlaceFactory(name="Nowhere", slug="nowhere")
    nowhere = api.get("/api/v1/places/nowhere/").json()
    assert (nowhere["latitude"], nowhere["longitude"]) == (None, None)


def test_detention_places_list_detail_and_drafts(api, mapped):
    DetentionPlaceFactory(name="Draft jail", slug="draft-jail", live=False)
    rows = api.get("/api/v1/detention-places/").json()["results"]
    assert [r["slug"] for r in rows] == ["test-colony-7"]
    [colony] = rows
    assert colony["url"] == "http://testserver/places/test-colony-7/"
    assert ISO_DATETIME.match(colony["updated_at"])
    assert colony["postal_address"] == "Colony street 7, Minsk"
    assert colony["city"] == {
        "slug": "minsk",
        "name": "Minsk",
        "latitude": 53.9,
        "longitude": 27.56,
    }
    assert [p["slug"] for p in colony["held_now"]] == ["alpha-test-defender"]
    assert api.get("/api/v1/detention-places/test-colony-7/").json() == colony
    assert api.get("/api/v1/detention-places/draft-jail/").status_code == 404


def test_event_places_carry_coordinates(api, mapped):
    raid = api.get("/api/v1/events/raids-2021-02-16/").json()
    assert raid["places"] == [
        {"slug": "homel", "name": "Homel", "latitude": 52.43, "longitude": 30.98},
        {"slug": "minsk", "name": "Minsk", "latitude": 53.9, "longitude": 27.56},
    ]
    detention = api.get("/api/v1/events/alpha-detained/").json()
    assert detention["detention_place"]["url"] == (
        "http://testserver/places/test-colony-7/"
    )


# --- filters -----------------------------------------------------------------


def test_sentence_filters(api, mapped):
    alpha, omega = mapped["alpha"], mapped["omega"]
    SentenceFactory(defender=omega, verdict_date=datetime.date(2023, 5, 5))
    assert {
        r["defender"]["slug"]
        for r in api.get("/api/v1/sentences/", {"defender": omega.slug}).json()[
            "results"
        ]
    } == {omega.slug}
    # Alpha is charged under 342-1, Omega under 243-2 and 342-2.
    by_article = api.get("/api/v1/sentences/", {"article": "342-1"}).json()
    assert {r["defender"]["slug"] for r in by_article["results"]} == {alpha.slug}
    assert by_article["count"] == 2
    whole = api.get("/api/v1/sentences/", {"article": "342"}).json()
    assert whole["count"] == 3
    # In a case: only a charge in the same case (or in none) counts.
    case, other = CriminalCaseFactory(), CriminalCaseFactory()
    tax = ArticleFactory(number="411", part="", slug="411", title="Test")
    ChargeFactory(defender=omega, article=tax, case=case)
    SentenceFactory(defender=omega, case=case, verdict_date=datetime.date(2024, 2, 2))
    SentenceFactory(defender=omega, case=other, verdict_date=datetime.date(2024, 3, 3))
    in_case = api.get("/api/v1/sentences/", {"article": "411"}).json()["results"]
    assert [r["verdict_date"] for r in in_case] == ["2024-02-02", "2023-05-05"]


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/v1/sentences/", {"defender": "nobody"}),
        ("/api/v1/sentences/", {"defender": "bad slug!"}),
        ("/api/v1/sentences/", {"article": "999-9"}),
        ("/api/v1/places/", {"q": "!!!"}),
        ("/api/v1/places/", {"q": "x" * 201}),
        ("/api/v1/detention-places/", {"q": "***"}),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_it(api, mapped, path, params):
    response = api.get(path, params)
    assert response.status_code == 400, response.content
    [name] = params
    assert name in response.json()["errors"]


def test_places_and_detention_places_search(api, mapped):
    mapped["homel"].other_names = "Gomel\nГомель"
    mapped["homel"].save()
    assert slugs(api.get("/api/v1/places/", {"q": "Gomel"})) == ["homel"]
    assert slugs(api.get("/api/v1/places/", {"q": "Minsk"})) == ["minsk"]
    assert slugs(api.get("/api/v1/detention-places/", {"q": "colony"})) == [
        "test-colony-7"
    ]
    assert slugs(api.get("/api/v1/detention-places/", {"q": "prison"})) == []


# --- GeoJSON -------------------------------------------------------------------


def valid_feature_collection(body):
    assert body["type"] == "FeatureCollection"
    assert isinstance(body["features"], list)
    for item in body["features"]:
        assert item["type"] == "Feature"
        assert isinstance(item["properties"], dict)
        geometry = item["geometry"]
        if geometry is not None:
            assert geometry["type"] == "Point"
            longitude, latitude = geometry["coordinates"]
            assert -180 <= longitude <= 180 and -90 <= latitude <= 90
    return body["features"]


def test_events_as_geojson_one_feature_per_place(api, mapped):
    response = api.get("/api/v1/events/", {"format": "geojson"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    features = valid_feature_collection(json.loads(response.content))
    raid = [f for f in features if f["properties"]["slug"] == "raids-2021-02-16"]
    assert sorted(
        (f["properties"]["place"]["slug"], f["geometry"]["coordinates"]) for f in raid
    ) == [("homel", [30.98, 52.43]), ("minsk", [27.56, 53.9])]
    assert raid[0]["properties"]["url"] == "http://testserver/events/raids-2021-02-16/"
    assert "places" not in raid[0]["properties"]
    # An event with no place is on no map.
    assert not [f for f in features if f["properties"]["slug"] == "omega-released"]
    # Filters apply; one event as GeoJSON too.
    raids = json.loads(api.get("/api/v1/events/?type=raid&format=geojson").content)
    assert {f["properties"]["slug"] for f in raids["features"]} == {"raids-2021-02-16"}
    assert raids["count"] == 1
    one = api.get("/api/v1/events/raids-2021-02-16/", {"format": "geojson"})
    assert len(valid_feature_collection(json.loads(one.content))) == 2


def test_places_and_detention_places_as_geojson(api, mapped):
    PlaceFactory(name="Nowhere", slug="nowhere")
    body = json.loads(api.get("/api/v1/places/", {"format": "geojson"}).content)
    features = {f["properties"]["slug"]: f for f in valid_feature_collection(body)}
    assert features["minsk"]["geometry"]["coordinates"] == [27.56, 53.9]
    assert features["nowhere"]["geometry"] is None  # kept, with no position
    body = json.loads(
        api.get("/api/v1/detention-places/", {"format": "geojson"}).content
    )
    [colony] = valid_feature_collection(body)
    assert colony["geometry"]["coordinates"] == [27.56, 53.9]
    assert colony["properties"]["slug"] == "test-colony-7"
    assert colony["properties"]["place"] == {"slug": "minsk", "name": "Minsk"}


def test_geojson_errors_stay_json(api, mapped):
    for path in [
        "/api/v1/events/?format=geojson&date_after=yesterday",
        "/api/v1/places/nowhere-at-all/?format=geojson",
    ]:
        response = api.get(path)
        assert response.status_code in (400, 404)
        assert response["Content-Type"].startswith("application/json")
        assert "errors" in response.json()


# --- the defender: where held, where to write, every sentence ----------------


def test_detention_place_and_letter_address_agree_with_the_profile(api, client, mapped):
    alpha = mapped["alpha"]
    body = api.get(f"/api/v1/defenders/{alpha.slug}/").json()
    assert body["detention_place"] == {
        "slug": "test-colony-7",
        "name": "Test colony No. 7",
        "url": "http://testserver/places/test-colony-7/",
        "city": "minsk",
    }
    assert body["letter_address"] == "Colony street 7, Minsk"
    page = client.get(f"/defenders/{alpha.slug}/").content.decode()
    assert 'href="/places/test-colony-7/"' in page
    assert "Colony street 7, Minsk" in page
    # Moved by a later transfer: both follow the timeline.
    prison = DetentionPlaceFactory(
        name="Test prison No. 8",
        slug="test-prison-8",
        kind="prison",
        postal_address="Prison lane 8",
    )
    EventFactory(
        type="transfer",
        date=datetime.date(2024, 5, 5),
        detention_place=prison,
        defenders=[alpha],
    )
    listed = {r["slug"]: r for r in api.get("/api/v1/defenders/").json()["results"]}[
        alpha.slug
    ]
    assert listed["detention_place"]["slug"] == "test-prison-8"
    assert listed["letter_address"] == "Prison lane 8"
    page = client.get(f"/defenders/{alpha.slug}/").content.decode()
    assert 'href="/places/test-prison-8/"' in page and "Prison lane 8" in page
    assert "Colony street 7, Minsk" not in page


def test_every_sentence_on_the_defender_detail_and_list(api, mapped):
    alpha = mapped["alpha"]
    detail = api.get(f"/api/v1/defenders/{alpha.slug}/").json()
    listed = {r["slug"]: r for r in api.get("/api/v1/defenders/").json()["results"]}[
        alpha.slug
    ]
    for body in (detail, listed):
        assert [(s["verdict_date"], s["term_months"]) for s in body["sentences"]] == [
            ("2023-03-03", 120),
            ("2024-01-10", 18),
        ]
        assert body["sentence"]["count"] == 2
        assert body["sentence"]["total_months"] == 138


# --- stats by month and the national figures --------------------------------


def test_monthly_stats_on_a_small_known_timeline(api, db):
    today = datetime.date.today()
    held_now = DefenderFactory(status="imprisoned")
    EventFactory(
        type="detention", date=datetime.date(2021, 1, 30), defenders=[held_now]
    )
    released = DefenderFactory(status="released")
    EventFactory(
        type="detention", date=datetime.date(2021, 2, 16), defenders=[released]
    )
    EventFactory(type="release", date=datetime.date(2021, 3, 2), defenders=[released])
    # Known only to the year, with no release: held in its first month only,
    # and in no month's count of detentions.
    exiled = DefenderFactory(status="in_exile")
    EventFactory(
        type="detention",
        date=datetime.date(2020, 1, 1),
        date_precision="year",
        defenders=[exiled],
    )
    SentenceFactory(defender=held_now, verdict_date=datetime.date(2021, 3, 15))
    SentenceFactory(
        defender=released,
        verdict_date=datetime.date(2021, 1, 1),
        verdict_date_precision="year",
    )
    SentenceFactory(
        defender=held_now, verdict_date=datetime.date(2021, 4, 4), live=False
    )
    EventFactory(
        type="detention",
        date=datetime.date(2021, 4, 1),
        defenders=[DefenderFactory(status="imprisoned", live=False)],
    )

    body = api.get("/api/v1/stats/monthly/").json()
    assert body["slug"] == "monthly"
    assert body["figures"] == "http://testserver/api/v1/figures/"
    months = {m["month"]: m for m in body["months"]}

    def row(month):
        counts = ("held", "detained", "released", "sentenced")
        return tuple(months[month][count] for count in counts)

    assert body["months"][0]["month"] == "2020-01"
    assert body["months"][-1]["month"] == today.isoformat()[:7]
    assert row("2020-01") == (1, 0, 0, 0)
    assert row("2020-02") == (0, 0, 0, 0)
    assert row("2021-01") == (1, 1, 0, 0)
    assert row("2021-02") == (2, 1, 0, 0)
    assert row("2021-03") == (2, 0, 1, 1)
    assert row("2021-04") == (1, 0, 0, 0)
    assert body["dated_to_year"] == {"detained": 1, "released": 0, "sentenced": 1}
    # The held column is the home page's chart.
    from cms.charts import held_by_month

    assert [(m.isoformat()[:7], n) for m, n in held_by_month()] == [
        (m["month"], m["held"]) for m in body["months"]
    ]
    # One CSV row a month.
    csv = api.get("/api/v1/stats/monthly/", {"format": "csv"}).content.decode()
    lines = csv.splitlines()
    assert lines[0] == "month,held,detained,released,sentenced"
    assert "2021-03,2,0,1,1" in lines
    assert len(lines) == len(body["months"]) + 1


def test_stats_link_the_monthly_series_and_the_sourced_figures(api, case_file):
    stats = api.get("/api/v1/stats/").json()
    assert stats["monthly"] == "http://testserver/api/v1/stats/monthly/"
    assert stats["figures"] == "http://testserver/api/v1/figures/"
    [figure] = api.get(stats["figures"]).json()["results"]
    assert (figure["qualifier"], figure["value"], figure["value_display"]) == (
        "more_than",
        1100,
        "more than 1,100",
    )
    assert figure["sources"][0]["url"] == "https://spring96.org/r/1"


# --- query counts: constant in N ----------------------------------------------

NEW = [
    ("/api/v1/sentences/", {}),
    ("/api/v1/places/", {}),
    ("/api/v1/detention-places/", {}),
    ("/api/v1/events/", {"format": "geojson"}),
    ("/api/v1/places/", {"format": "geojson"}),
    ("/api/v1/detention-places/", {"format": "geojson"}),
    ("/api/v1/stats/monthly/", {}),
    ("/api/v1/stats/monthly/", {"format": "csv"}),
    ("/api/v1/defenders/", {}),
]


def seed(n):
    for i in range(n):
        town = PlaceFactory(latitude=Decimal("53.1"), longitude=Decimal("27.2"))
        colony = DetentionPlaceFactory(place=town)
        defender = DefenderFactory(status="imprisoned")
        ChargeFactory(defender=defender)
        SentenceFactory(defender=defender, verdict_date=datetime.date(2022, 1, 1))
        SentenceFactory(defender=defender, verdict_date=datetime.date(2023, 1, 1))
        EventFactory(
            type="detention",
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=i),
            defenders=[defender],
            places=[town],
            detention_place=colony,
            sources=[SourceFactory()],
        )


MAX_QUERIES = 20


def test_query_counts_do_not_grow(api, db, django_assert_max_num_queries):
    counts = {}
    for n in (3, 27):  # 3, then 30 in all
        seed(n)
        for path, params in NEW:
            if not path.startswith("/api/v1/stats/"):
                params = {"page_size": 200, **params}
            api.get(path, params)  # what a first answer loads once
            with django_assert_max_num_queries(MAX_QUERIES) as queries:
                response = api.get(path, params)
            assert response.status_code == 200, response.content
            counts.setdefault((path, str(params)), []).append(len(queries))
    for where, (small, large) in counts.items():
        assert small == large, where
