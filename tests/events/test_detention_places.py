"""Detention places: their address for letters and who is held there."""

import datetime

import pytest

from defenders.factories import DefenderFactory
from events.factories import DetentionPlaceFactory, EventFactory
from tests.public_site import (  # noqa: F401
    assert_nothing_private,
    case_fixture,
    media_fixture,
)

pytestmark = pytest.mark.django_db


def moved(defender, day, place, type="transfer"):
    return EventFactory(
        type=type, date=day, defenders=[defender], detention_place=place
    )


def test_place_page_gives_the_address_and_who_is_held_there_now(client, media):
    sizo = DetentionPlaceFactory(name="Pre-trial centre No. 1", postal_address="")
    colony = DetentionPlaceFactory(
        name="Penal colony No. 4", postal_address="ул. Антошкина, 3\n246035, г. Гомель"
    )
    moved_on = DefenderFactory(name="Moved On")
    moved(moved_on, datetime.date(2021, 1, 1), sizo, type="detention")
    moved(moved_on, datetime.date(2022, 1, 1), colony)
    still = DefenderFactory(name="Still There")
    moved(still, datetime.date(2021, 1, 1), sizo, type="detention")
    freed = DefenderFactory(name="Freed Since", status="released")
    moved(freed, datetime.date(2021, 1, 1), colony, type="detention")
    EventFactory(type="release", date=datetime.date(2023, 1, 1), defenders=[freed])
    DefenderFactory(name="Draft Person", live=False)

    html = client.get(colony.get_absolute_url()).content.decode()
    assert "ул. Антошкина, 3<br>246035, г. Гомель" in html
    now = html[
        html.index('id="held-now-heading"') : html.index('id="held-before-heading"')
    ]
    assert "Moved On" in now and "Still There" not in now and "Freed Since" not in now
    before = html[html.index('id="held-before-heading"') :]
    assert "Freed Since" in before

    html = client.get(sizo.get_absolute_url()).content.decode()
    assert "No postal address for this place is known." in html
    now = html[
        html.index('id="held-now-heading"') : html.index('id="held-before-heading"')
    ]
    assert "Still There" in now and "Moved On" not in now


def test_place_list_counts_who_is_held_and_hides_drafts(client, media):
    colony = DetentionPlaceFactory(name="Penal colony No. 9", postal_address="")
    DetentionPlaceFactory(name="Draft colony", live=False)
    for _n in range(2):
        moved(DefenderFactory(), datetime.date(2021, 1, 1), colony, type="detention")
    html = client.get("/places/").content.decode()
    assert "2 people held here now" in html and "no postal address known" in html
    assert "Draft colony" not in html
    assert client.get("/places/draft-colony/").status_code == 404


def test_place_pages_leak_nothing(client, case):
    for url in ("/places/", "/places/penal-colony-no-9/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_private(response.content.decode(), url)


@pytest.mark.parametrize("size", [3, 15])
def test_place_queries_do_not_grow(client, media, django_assert_max_num_queries, size):
    colony = DetentionPlaceFactory(name="Penal colony No. 3")
    for _n in range(size):
        moved(DefenderFactory(), datetime.date(2021, 1, 1), colony, type="detention")
    client.get(colony.get_absolute_url())  # renditions, caches
    with django_assert_max_num_queries(8):
        assert client.get(colony.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/places/").status_code == 200
