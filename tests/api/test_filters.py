"""Every filter of DESIGN §5, alone and combined."""

import datetime

import pytest

from tests.api.conftest import slugs

pytestmark = pytest.mark.django_db


def get(api, path, **params):
    return slugs(api.get(path, params))


def test_defenders_by_status_repeatable(api, case_file):
    assert get(api, "/api/v1/defenders/", status="imprisoned") == [
        "alpha-test-defender"
    ]
    both = api.get("/api/v1/defenders/?status=imprisoned&status=released")
    assert slugs(both) == ["alpha-test-defender", "omega-test-defender"]


def test_defenders_by_organization(api, case_file):
    assert get(api, "/api/v1/defenders/", organization="viasna") == [
        "alpha-test-defender"
    ]
    assert get(api, "/api/v1/defenders/", organization="other-org") == [
        "omega-test-defender"
    ]


def test_defenders_by_article_part_or_whole_article(api, case_file):
    assert get(api, "/api/v1/defenders/", article="342-1") == ["alpha-test-defender"]
    assert get(api, "/api/v1/defenders/", article="342-2") == ["omega-test-defender"]
    # A bare number is every part of that article.
    assert get(api, "/api/v1/defenders/", article="342") == [
        "alpha-test-defender",
        "omega-test-defender",
    ]


def test_defenders_article_ignores_draft_charges(api, case_file):
    from events.models import Charge

    Charge.objects.filter(defender=case_file["omega"]).update(live=False)
    assert get(api, "/api/v1/defenders/", article="342") == ["alpha-test-defender"]


def test_defenders_by_city_slug_or_name(api, case_file):
    from events.factories import DetentionPlaceFactory, EventFactory
    from records.factories import PlaceFactory

    brest = PlaceFactory(name="Brest", slug="brest")
    EventFactory(type="search", places=[brest], defenders=[case_file["omega"]])
    assert get(api, "/api/v1/defenders/", city="brest") == ["omega-test-defender"]
    # Or taken to a detention place in that city.
    colony = DetentionPlaceFactory(place=PlaceFactory(name="Navapolatsk"))
    EventFactory(
        type="transfer", detention_place=colony, defenders=[case_file["alpha"]]
    )
    assert get(api, "/api/v1/defenders/", city="navapolatsk") == ["alpha-test-defender"]
    assert get(api, "/api/v1/defenders/", city="Homel") == [
        "alpha-test-defender",
        "omega-test-defender",
    ]
    assert get(api, "/api/v1/defenders/", city="HOMEL") == [
        "alpha-test-defender",
        "omega-test-defender",
    ]


def test_defenders_by_detention_date(api, case_file):
    assert get(api, "/api/v1/defenders/", detained_after="2022-01-01") == [
        "omega-test-defender"
    ]
    assert get(api, "/api/v1/defenders/", detained_before="2021-12-31") == [
        "alpha-test-defender"
    ]
    assert get(
        api,
        "/api/v1/defenders/",
        detained_after="2021-07-01",
        detained_before="2021-07",
    ) == ["alpha-test-defender"]
    assert get(api, "/api/v1/defenders/", detained_after="2021") == [
        "alpha-test-defender",
        "omega-test-defender",
    ]


def test_defender_detention_bounds_apply_to_one_detention(api, case_file):
    # Detained in 2021 and 2022, but not between: no single detention fits.
    assert (
        get(
            api,
            "/api/v1/defenders/",
            detained_after="2021-08-01",
            detained_before="2022-08-01",
        )
        == []
    )


def test_defenders_search(api, case_file):
    assert get(api, "/api/v1/defenders/", q="Alpha") == ["alpha-test-defender"]
    assert get(api, "/api/v1/defenders/", q="alpha") == ["alpha-test-defender"]
    assert get(api, "/api/v1/defenders/", q="Omega") == ["omega-test-defender"]
    assert get(api, "/api/v1/defenders/", q="Тэставы") == ["alpha-test-defender"]
    assert get(api, "/api/v1/defenders/", q="nobody") == []


def test_search_shared_by_too_many_records_asks_for_another_word(
    api, client, case_file, monkeypatch
):
    """Past MAX_SEARCH_KEYS matches a search is refused, on the API and on the
    defender list alike: counting and sorting them all grows with the case
    file. Up to it, every match is listed."""
    monkeypatch.setattr("records.models.MAX_SEARCH_KEYS", 1)
    assert get(api, "/api/v1/defenders/", q="Alpha") == ["alpha-test-defender"]
    response = api.get("/api/v1/events/", {"q": "detained"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "q": ["More than 1 records match this search: add a word to narrow it."]
        }
    }
    page = client.get("/defenders/", {"q": "Test"})
    assert page.status_code == 400
    assert "add a word to narrow it" in page.content.decode()
    monkeypatch.setattr("records.models.MAX_SEARCH_KEYS", 2)
    events = get(api, "/api/v1/events/", q="detained")
    assert events == ["omega-detained", "alpha-detained"]


def test_defenders_ordering(api, case_file):
    assert get(api, "/api/v1/defenders/", ordering="-name") == [
        "omega-test-defender",
        "alpha-test-defender",
    ]
    assert get(api, "/api/v1/defenders/", ordering="status,-updated_at") == [
        "alpha-test-defender",
        "omega-test-defender",
    ]


def test_defender_filters_combine(api, case_file):
    assert get(
        api, "/api/v1/defenders/", status="released", article="342", city="homel"
    ) == ["omega-test-defender"]
    assert get(api, "/api/v1/defenders/", status="imprisoned", q="Omega") == []
    assert get(
        api,
        "/api/v1/defenders/",
        status="imprisoned",
        article="342-1",
        organization="viasna",
        city="minsk",
        detained_after="2021-07-01",
        detained_before="2021-07-31",
        q="Alpha",
        ordering="name",
    ) == ["alpha-test-defender"]


def test_events_by_type_repeatable(api, case_file):
    assert get(api, "/api/v1/events/", type="raid") == ["raids-2021-02-16"]
    response = api.get("/api/v1/events/?type=raid&type=release")
    assert slugs(response) == ["omega-released", "raids-2021-02-16"]


def test_events_by_date(api, case_file):
    assert get(
        api, "/api/v1/events/", date_after="2021-02-01", date_before="2021-02-28"
    ) == ["raids-2021-02-16"]
    assert get(api, "/api/v1/events/", date_after="2021-02", date_before="2021-02") == [
        "raids-2021-02-16"
    ]
    assert get(api, "/api/v1/events/", date_after="2025-01-01") == ["omega-released"]


def test_events_month_precision_filter_on_earliest_day(api, case_file):
    from events.factories import EventFactory

    EventFactory(
        type="raid",
        slug="raid-march",
        date=datetime.date(2021, 3, 1),
        date_precision="month",
    )
    assert get(api, "/api/v1/events/", type="raid", date_after="2021-03-01") == [
        "raid-march"
    ]
    assert get(api, "/api/v1/events/", type="raid", date_after="2021-03-02") == []


def test_events_by_city_defender_organization(api, case_file):
    assert get(api, "/api/v1/events/", city="minsk") == [
        "alpha-detained",
        "raids-2021-02-16",
    ]
    assert get(api, "/api/v1/events/", defender="omega-test-defender") == [
        "omega-released",
        "omega-detained",
        "raids-2021-02-16",
    ]
    assert get(api, "/api/v1/events/", organization="other-org") == [
        "closures-2021-07-22"
    ]


def test_events_search_and_ordering(api, case_file):
    assert get(api, "/api/v1/events/", q="raids") == ["raids-2021-02-16"]
    assert get(api, "/api/v1/events/", ordering="date")[0] == "raids-2021-02-16"
    assert get(api, "/api/v1/events/", ordering="title")[0] == "alpha-detained"


def test_event_filters_combine(api, case_file):
    assert get(
        api,
        "/api/v1/events/",
        type="raid",
        date_after="2021-02-01",
        date_before="2021-02-28",
        city="homel",
        defender="alpha-test-defender",
        organization="viasna",
        q="Viasna",
        ordering="-date",
    ) == ["raids-2021-02-16"]
    assert get(api, "/api/v1/events/", type="raid", city="homel", q="closure") == []


def test_organizations_filters(api, case_file):
    assert get(api, "/api/v1/organizations/", status="liquidated") == ["viasna"]
    # other-org is named by the closure event of 22 July 2021.
    july = {"closed_after": "2021-07-01", "closed_before": "2021-07-31"}
    assert get(api, "/api/v1/organizations/", **july) == ["other-org"]
    viasna = case_file["viasna"]
    viasna.closed_on = datetime.date(2021, 7, 22)
    viasna.save()
    assert get(api, "/api/v1/organizations/", **july) == ["other-org", "viasna"]
    assert get(api, "/api/v1/organizations/", status="liquidated", **july) == ["viasna"]
    assert get(api, "/api/v1/organizations/", closed_after="2022") == []
    assert get(api, "/api/v1/organizations/", q="Viasna") == ["viasna"]


def test_charges_filters(api, case_file):
    def charges(**params):
        rows = api.get("/api/v1/charges/", params).json()["results"]
        return sorted((r["defender"]["slug"], r["article"]["slug"]) for r in rows)

    assert charges(defender="omega-test-defender") == [
        ("omega-test-defender", "243-2"),
        ("omega-test-defender", "342-2"),
    ]
    assert charges(article="342") == [
        ("alpha-test-defender", "342-1"),
        ("omega-test-defender", "342-2"),
    ]
    assert charges(outcome="dropped") == [("omega-test-defender", "243-2")]
    response = api.get("/api/v1/charges/?outcome=dropped&outcome=convicted")
    assert len(response.json()["results"]) == 2
    assert charges(
        defender="omega-test-defender", article="342", outcome="pending"
    ) == [("omega-test-defender", "342-2")]


def test_whole_article_includes_the_article_without_a_part(api, case_file):
    from events.factories import ArticleFactory, ChargeFactory

    whole = ArticleFactory(number="342", part="", slug="342", title="Whole")
    other = ChargeFactory(article=whole).defender
    assert get(api, "/api/v1/defenders/", article="342") == [
        "alpha-test-defender",
        other.slug,
        "omega-test-defender",
    ]
    assert get(api, "/api/v1/defenders/", article="342-1") == ["alpha-test-defender"]
