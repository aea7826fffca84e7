"""The petition's featured defenders: those held now apart from the others,
each with their status, and days held saying what they are counted to.

The people are fictional."""

import datetime
import re

import pytest

from defenders.factories import DefenderFactory
from events.factories import EventFactory
from petition.models import PetitionDefender

pytestmark = pytest.mark.django_db


def feature(petition, *defenders):
    for defender in defenders:
        PetitionDefender.objects.create(page=petition, defender=defender)


def section(html, heading_id):
    """The text of the <section> labelled by `heading_id`."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S
    )
    assert match, heading_id
    return match.group(1)


def test_featured_defenders_are_split_into_held_now_and_the_others(client, petition):
    held = DefenderFactory(
        name="Held Person",
        status="imprisoned",
        status_as_of=datetime.date(2025, 12, 15),
        status_as_of_precision="day",
    )
    EventFactory(type="detention", date=datetime.date(2019, 11, 11), defenders=[held])
    released = DefenderFactory(name="Released Person", status="released")
    EventFactory(
        type="detention", date=datetime.date(2021, 7, 14), defenders=[released]
    )
    EventFactory(type="release", date=datetime.date(2025, 12, 13), defenders=[released])
    exiled = DefenderFactory(name="Exiled Person", status="in_exile")
    feature(petition, released, held, exiled)

    featured = petition.featured()
    assert [item["defender"] for item in featured["held"]] == [held]
    assert [item["defender"] for item in featured["others"]] == [released, exiled]

    html = client.get(petition.url).content.decode()
    assert "Defenders held" not in html
    held_now = section(html, "featured-heading")
    assert "Held now" in held_now
    assert "Held Person" in held_now and "Released Person" not in held_now
    assert (
        "Held for at least 2,226 days, to 15 December 2025, the last confirmed status"
        in held_now
    )
    others = section(html, "featured-others-heading")
    assert "Not held now" in others
    assert "Released Person" in others and "Exiled Person" in others
    assert "released" in others and "in exile" in others
    assert "as of December 2025" in others  # each with their status's date
    assert "1,613 days in detention in total" in others
    assert "Held for" not in others


def test_a_petition_featuring_only_the_held_has_no_other_section(client, petition):
    feature(petition, DefenderFactory(name="Held Person", status="detained"))
    html = client.get(petition.url).content.decode()
    assert "Held now" in html
    assert "featured-others-heading" not in html
