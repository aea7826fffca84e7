"""Event list and event page: filters, map data, privacy, query counts."""

import json
import re

import pytest

from django.test import RequestFactory

from events.views import event_context
from tests.public_site import (  # noqa: F401
    DRAFT_EVENT,
    assert_filters_never_500,
    assert_nothing_private,
    build_case_file,
    case_fixture,
    media_fixture,
    warm_then_count,
)

pytestmark = pytest.mark.django_db


def test_event_page_lists_and_maps_its_places(client, case):
    response = client.get("/events/raids-on-viasna/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Raids on Viasna" in html and "16 February 2021" in html
    # The places as text, for when map tiles cannot load...
    assert "<li>Minsk, Belarus" in html and "<li>Gomel, Belarus" in html
    # ...and as data for the map, served from our own static files.
    data = re.search(
        r'<script id="event-places" type="application/json">(.*?)</script>', html
    )
    places = json.loads(data.group(1))
    assert {place["name"] for place in places} == {"Minsk", "Gomel"}
    # A town's centre to about a kilometre, never a street-level point.
    minsk = next(place for place in places if place["name"] == "Minsk")
    assert (minsk["lat"], minsk["lng"]) == (53.9, 27.56)
    assert "53.9045" not in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "unpkg.com" not in html and "cdn" not in html.lower()
    # People: live defenders only.
    assert case["defenders"][0].name in html
    assert "source withheld for safety" in html
    assert_nothing_private(html, "event page")


def test_event_page_shows_disagreeing_figures(client, case):
    html = client.get("/events/closure-of-53-organizations/").content.decode()
    assert "Sources disagree on how many:" in html
    assert "53" in html and "more than 43" in html
    assert 'href="/organizations/viasna/"' in html
    assert_nothing_private(html, "closure event page")


def test_draft_event_is_404(client, case):
    assert client.get(f"/events/{case['draft_event'].slug}/").status_code == 404
    assert client.get("/events/no-such-event/").status_code == 404


def test_event_list(client, case):
    response = client.get("/events/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Raids on Viasna" in html
    assert DRAFT_EVENT not in html
    assert_nothing_private(html, "event list")


EVENT_FILTERS = [
    ("type=raid", "Raids on Viasna", "Closure of 53"),
    ("type=organization_closure", "Closure of 53", "Raids on Viasna"),
    ("year=2021", "Raids on Viasna", None),
    ("year=2019", None, "Raids on Viasna"),
    ("city=gomel", "Raids on Viasna", "Closure of 53"),
    ("type=raid&year=2021&city=minsk", "Raids on Viasna", "Closure of 53"),
]


def test_event_filters(client, case):
    for query, present, absent in EVENT_FILTERS:
        response = client.get(f"/events/?{query}")
        assert response.status_code == 200, query
        html = response.content.decode()
        if present:
            assert present in html, query
        if absent:
            assert absent not in html, query


BAD_EVENT_QUERIES = [
    "type=party",
    "year=yesterday",
    "year=99999999999999999999",
    "year=-1",
    "city=atlantis",
    "page=0",
    "page=abc",
    "type=raid&type=search",
]


def test_bad_event_filters_never_500(client, case):
    assert_filters_never_500(client, "/events/", BAD_EVENT_QUERIES)
    assert client.get("/events/?year=yesterday").status_code == 400


def test_preview_builds_the_same_context_as_the_public_page(client, case):
    raid = case["raid"]
    request = RequestFactory().get("/")
    preview = raid.get_preview_context(request, "")
    public = event_context(request, raid)
    for key in ("places", "map_places", "organizations", "sources", "figures"):
        assert preview[key] == public[key], key
    assert [p.pk for p in preview["participants"]] == [
        p.pk for p in public["participants"]
    ]
    assert raid.get_preview_template(request, "") == "events/event_page.html"


@pytest.mark.parametrize("defenders", [5, 50])
def test_query_count_does_not_grow(
    client, media, django_assert_max_num_queries, defenders
):
    build_case_file(defenders=defenders)
    warm_then_count(client, "/events/", django_assert_max_num_queries, 6)
    warm_then_count(
        client, "/events/?type=detention&city=minsk", django_assert_max_num_queries, 6
    )
    # The raid names every defender (and a draft): the page must not grow.
    warm_then_count(
        client, "/events/raids-on-viasna/", django_assert_max_num_queries, 12
    )
    warm_then_count(
        client,
        "/events/closure-of-53-organizations/",
        django_assert_max_num_queries,
        12,
    )
