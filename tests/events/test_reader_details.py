"""What a reader found on event pages: a country listed as "Belarus,
Belarus", an empty map box without JavaScript, counts without separators."""

import re

import pytest

from events.factories import EventFactory
from records.factories import PlaceFactory
from records.models import Place
from tests.public_site import case_fixture, media_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def place_items(html):
    found = re.search(r'<ul class="places">(.*?)</ul>', html, re.S)
    return [" ".join(item.split()) for item in re.findall(r"<li>(.*?)</li>", found[1])]


def test_a_country_is_listed_once_by_its_name(client, media):
    # As in the demo: the Supreme Court of Belarus names the country only.
    belarus = PlaceFactory(name="Belarus", kind=Place.Kind.COUNTRY, country="Belarus")
    vilnius = PlaceFactory(name="Vilnius", country="Lithuania")
    EventFactory(title="Ruling", slug="ruling", places=[belarus, vilnius])
    html = client.get("/events/ruling/").content.decode()
    assert place_items(html) == ["Belarus", "Vilnius, Lithuania"]
    assert "Belarus, Belarus" not in html


def test_the_map_box_waits_for_the_script(client, case):
    html = client.get("/events/raids-on-viasna/").content.decode()
    box = re.search(r'<div id="event-map"[^>]*>', html)[0]
    assert " hidden" in box
    assert place_items(html) == ["Gomel, Belarus", "Minsk, Belarus"]


def test_the_affected_count_has_a_thousands_separator(client, media):
    EventFactory(title="Mass detentions", slug="mass", affected_count=10_000)
    html = client.get("/events/mass/").content.decode()
    assert "10,000 affected" in html


@pytest.mark.parametrize(
    "url", ["/defenders/?status=flying", "/events/?type=flying&year=abc"]
)
def test_a_bad_filter_is_described_by_its_message(client, case, url):
    html = client.get(url).content.decode()
    described_by = [
        name
        for names in re.findall(r'aria-describedby="([^"]+)"', html)
        for name in names.split()
    ]
    assert described_by
    for name in described_by:
        assert re.search(rf'<li id="{name}">[^<]+: ', html), name
