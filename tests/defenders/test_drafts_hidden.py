"""A draft is nobody's business but the researchers': not on its public URL,
not in the public search."""

import pytest

from defenders.factories import DefenderFactory
from events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_draft_defender_is_not_on_its_public_url(client):
    DefenderFactory(name="Draft Defender", slug="draft-defender", live=False)
    DefenderFactory(name="Live Defender", slug="live-defender")
    assert client.get("/defenders/draft-defender/").status_code == 404
    assert client.get("/defenders/live-defender/").status_code == 200


def test_draft_event_is_not_on_its_public_url(client):
    EventFactory(title="Draft raid", slug="draft-raid", live=False)
    EventFactory(title="Live raid", slug="live-raid")
    assert client.get("/events/draft-raid/").status_code == 404
    assert client.get("/events/live-raid/").status_code == 200


def test_drafts_stay_out_of_the_public_search(client):
    DefenderFactory(name="Zmitser Unpublished", live=False)
    DefenderFactory(name="Zmitser Published")
    EventFactory(title="Zmitser hearing (draft)", live=False)
    response = client.get("/search/", {"q": "Zmitser"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zmitser Published" in html
    assert "Unpublished" not in html
    assert "hearing (draft)" not in html


def test_a_draft_of_a_live_defender_shows_the_published_version(client, editor):
    defender = DefenderFactory(name="Published Name", slug="published-name")
    defender.name = "Draft Name"
    defender.save_revision(user=editor)
    page = client.get("/defenders/published-name/").content.decode()
    assert "Published Name" in page
    assert "Draft Name" not in page
