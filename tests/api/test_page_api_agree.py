"""The public list pages and the API answer each question the same way.

For every filter the defender and event lists have, and a table of values
(an article number for every part of it, a city reached only through a
detention place, a city named by an event another person shares), the slugs
a page lists are the slugs the API returns. Both call one queryset method per
question; this test fails as soon as one of them answers on its own.

The people, places and organizations are fictional.
"""

import datetime
import re
from urllib.parse import urlencode

import pytest

from django.core.cache import cache
from rest_framework.test import APIClient

from defenders.factories import DefenderFactory, MembershipFactory, OrganizationFactory
from defenders.models import Defender
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    DetentionPlaceFactory,
    EventFactory,
)
from events.models import Event
from records.factories import PlaceFactory

pytestmark = pytest.mark.django_db

T = Event.Type


@pytest.fixture
def world(settings):
    """Four fictional people, five places, two groups, six articles."""
    settings.PUBLIC_CACHE_SECONDS = 0  # each answer built, none replayed
    settings.API_THROTTLE_RATE = "100000/minute"
    cache.clear()
    north = PlaceFactory(name="Northtown", slug="northtown")
    south = PlaceFactory(name="Southport", slug="southport")
    east = PlaceFactory(name="Eastland", slug="eastland", kind="country")
    west = PlaceFactory(name="Westbury", slug="westbury")
    hidden = PlaceFactory(name="Hiddenham", slug="hiddenham")
    south_jail = DetentionPlaceFactory(name="Test remand centre", place=south)
    west_colony = DetentionPlaceFactory(name="Test colony", place=west)

    one = OrganizationFactory(name="Test Group One", slug="test-group-one")
    two = OrganizationFactory(name="Test Group Two", slug="test-group-two")

    a = DefenderFactory(name="Test Person A", slug="test-person-a")
    b = DefenderFactory(
        name="Test Person B", slug="test-person-b", status=Defender.Status.RELEASED
    )
    c = DefenderFactory(
        name="Test Person C", slug="test-person-c", status=Defender.Status.DETAINED
    )
    d = DefenderFactory(
        name="Test Person D", slug="test-person-d", status=Defender.Status.IN_EXILE
    )
    draft = DefenderFactory(name="Test Person Draft", slug="test-draft", live=False)
    MembershipFactory(defender=a, organization=one)
    MembershipFactory(defender=b, organization=two)
    MembershipFactory(defender=c, organization=one)
    MembershipFactory(defender=c, organization=two)
    MembershipFactory(defender=draft, organization=one)

    part_1 = ArticleFactory(number="342", part="1", title="Test article, part 1")
    part_2 = ArticleFactory(number="342", part="2", title="Test article, part 2")
    whole = ArticleFactory(number="342", part="", title="Test article, whole")
    tax = ArticleFactory(number="243", part="2", title="Test tax article")
    alone = ArticleFactory(number="411", part="", title="Test article alone")
    ChargeFactory(defender=a, article=part_1)
    ChargeFactory(defender=b, article=part_2)
    ChargeFactory(defender=c, article=whole)
    ChargeFactory(defender=d, article=tax)
    ChargeFactory(defender=d, article=alone)
    ChargeFactory(defender=a, article=tax, live=False)  # a draft charge
    ChargeFactory(defender=draft, article=alone)

    # A detention in Northtown that took A to a remand centre in Southport.
    EventFactory(
        type=T.DETENTION,
        title="Test Person A detained",
        date=datetime.date(2021, 3, 4),
        places=[north],
        detention_place=south_jail,
        defenders=[a, draft],
    )
    # Westbury is reached only through the detention place: no `places`.
    EventFactory(
        type=T.TRANSFER,
        title="Test Person D transferred",
        date=datetime.date(2022, 5, 6),
        detention_place=west_colony,
        defenders=[d],
    )
    # One release names two places and two people.
    EventFactory(
        type=T.RELEASE,
        title="Test release of two",
        date=datetime.date(2025, 12, 13),
        places=[south, east],
        defenders=[b, c],
    )
    EventFactory(
        type=T.DETENTION,
        title="Test Person C detained",
        date=datetime.date(2022, 1, 2),
        places=[north],
        defenders=[c],
    )
    raid = EventFactory(
        type=T.RAID,
        title="Test raid on group one",
        date=datetime.date(2020, 8, 9),
        date_precision="month",
        places=[north, south],
    )
    raid.organizations.set([one])
    raid.save()
    # Drafts lead nowhere: not B to Westbury, nor anyone to Hiddenham.
    EventFactory(
        type=T.DETENTION,
        title="Test draft detention",
        live=False,
        places=[west, hidden],
        detention_place=west_colony,
        defenders=[b],
    )


def page_answer(client, path, kind, params):
    """(status, slugs of the records listed) of a public list page."""
    response = client.get(f"{path}?{urlencode(params, doseq=True)}")
    if response.status_code != 200:
        return response.status_code, set()
    html = response.content.decode()
    found = set(re.findall(rf'href="/{kind}/([-\w]+)/"', html))
    # One page holds every result: none is left on a page not read.
    assert response.context["page_obj"].paginator.count == len(found), params
    return 200, found


def page_slugs(client, path, kind, params):
    status, found = page_answer(client, path, kind, params)
    assert status == 200, (path, params)
    return found


def api_answer(path, params):
    """(status, slugs) of an API list, every row on one page."""
    response = APIClient().get(path, {**params, "page_size": 200})
    if response.status_code != 200:
        return response.status_code, set()
    body = response.json()
    assert body["next"] is None
    return 200, {row["slug"] for row in body["results"]}


def disagreements(client, page, api, kind, table):
    """[(query, page's answer, API's answer)] wherever the two differ; each
    answer is (status, sorted slugs), and both must be a 200."""
    found = []
    for page_params, api_params in table:
        listed = page_answer(client, page, kind, page_params)
        returned = api_answer(api, api_params)
        if listed != returned or listed[0] != 200:
            found.append(
                (
                    page_params,
                    (listed[0], sorted(listed[1])),
                    (returned[0], sorted(returned[1])),
                )
            )
    return found


def same(*params):
    return [(p, p) for p in params]


DEFENDER_TABLE = [
    *same(*({"status": status} for status in Defender.Status.values)),
    *same({"organization": "test-group-one"}, {"organization": "test-group-two"}),
    *same(
        {"city": "northtown"},
        {"city": "southport"},  # A's detention place, and B and C's release
        {"city": "eastland"},  # named by a release that B and C share
        {"city": "westbury"},  # only through D's detention place
        {"city": "Westbury"},  # by name
        {"city": "EASTLAND"},
    ),
    *same(
        {"article": "342"},  # every part, and the article without a part
        {"article": "342-1"},
        {"article": "342-2"},
        {"article": "243"},
        {"article": "243-2"},
        {"article": "411"},
    ),
    *same(
        {"q": "Person"},
        {"q": "Test Person A"},
        {"q": "Pers"},  # the last word as a prefix
        {"q": "person c"},
        {"q": "Test-Person, D!"},
    ),
    *same(
        {"status": "imprisoned", "city": "northtown"},
        {"article": "342", "organization": "test-group-two"},
        {"article": "342", "city": "eastland", "q": "Person"},
    ),
]


def test_defender_list_and_api_agree(client, world):
    assert (
        disagreements(
            client, "/defenders/", "/api/v1/defenders/", "defenders", DEFENDER_TABLE
        )
        == []
    )


EVENT_TABLE = [
    *same(*({"type": kind} for kind in Event.Type.values)),
    *(
        ({"year": year}, {"date_after": year, "date_before": year})
        for year in ["2020", "2021", "2022", "2025"]
    ),
    *same(
        {"city": "northtown"},
        {"city": "southport"},  # a place, or A's detention place
        {"city": "eastland"},
        {"city": "westbury"},  # only through the detention place
        {"city": "Westbury"},
    ),
    (
        {"type": T.DETENTION, "year": "2022", "city": "northtown"},
        {
            "type": T.DETENTION,
            "date_after": "2022",
            "date_before": "2022",
            "city": "northtown",
        },
    ),
]


def test_event_list_and_api_agree(client, world):
    assert (
        disagreements(client, "/events/", "/api/v1/events/", "events", EVENT_TABLE)
        == []
    )


# The drift cases, answered as the API always did: both sides must say this.
EXPECTED = [
    (
        "/defenders/",
        "defenders",
        {"article": "342"},
        {"test-person-a", "test-person-b", "test-person-c"},
    ),
    ("/defenders/", "defenders", {"article": "342-1"}, {"test-person-a"}),
    ("/defenders/", "defenders", {"article": "411"}, {"test-person-d"}),
    ("/defenders/", "defenders", {"city": "westbury"}, {"test-person-d"}),
    (
        "/defenders/",
        "defenders",
        {"city": "eastland"},
        {"test-person-b", "test-person-c"},
    ),
    (
        "/defenders/",
        "defenders",
        {"city": "southport"},
        {"test-person-a", "test-person-b", "test-person-c"},
    ),
    (
        "/defenders/",
        "defenders",
        {"q": "Pers", "status": "in_exile"},
        {"test-person-d"},
    ),
    ("/events/", "events", {"city": "westbury"}, {"test-person-d-transferred"}),
    (
        "/events/",
        "events",
        {"city": "southport"},
        {"test-person-a-detained", "test-release-of-two", "test-raid-on-group-one"},
    ),
    ("/events/", "events", {"year": "2020"}, {"test-raid-on-group-one"}),
]


def test_a_published_place_where_nothing_is_published_lists_nothing_on_both(
    client, world
):
    """Hiddenham is not offered (only a draft happened there), but it is a
    published place: the page, like the API, lists no one, not a 400."""
    for page, kind in [("/defenders/", "defenders"), ("/events/", "events")]:
        assert page_slugs(client, page, kind, {"city": "hiddenham"}) == set()
        assert api_answer(f"/api/v1/{kind}/", {"city": "hiddenham"}) == (200, set())


def test_the_drift_cases_are_answered_the_apis_way(client, world):
    for page, kind, params, expected in EXPECTED:
        assert page_slugs(client, page, kind, params) == expected, (page, params)


def test_the_page_offers_what_it_takes(client, world):
    """Every value of the table is a choice of the page's form (or a name of
    one), and an unknown value is still a 400 with the form."""
    html = client.get("/defenders/").content.decode()
    for value in ["342", "342-1", "342-2", "243", "243-2", "411", "westbury"]:
        assert f'value="{value}"' in html, value
    assert "every part" in html
    html = client.get("/events/").content.decode()
    assert 'value="westbury"' in html
    for path, query in [
        ("/defenders/", "article=999"),
        ("/defenders/", "city=atlantis"),
        ("/defenders/", "q=!!!"),
        ("/events/", "city=atlantis"),
    ]:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, query
        assert "Some filters could not be used." in response.content.decode()
