import io

import pytest

from defenders.factories import DefenderFactory
from petition.demo import load_petition
from petition.models import PetitionPage

pytestmark = pytest.mark.django_db


def test_load_petition_is_idempotent_and_features_live_defenders(client):
    held = DefenderFactory(name="Alpha Test Defender")
    DefenderFactory(name="Draft Defender", live=False)
    out = io.StringIO()
    page = load_petition(stdout=out)
    load_petition()
    assert PetitionPage.objects.count() == 1
    page = PetitionPage.objects.get()
    assert page.live and page.url == "/petition/viasna/"
    assert page.title == "Belarus: Release Imprisoned Human Rights Defenders"
    assert "16 February 2021" in page.body
    assert [row.defender for row in page.featured_defenders.all()] == [held]
    assert "Created the petition /petition/viasna/" in out.getvalue()
    response = client.get("/petition/viasna/")
    assert response.status_code == 200
    assert "Alpha Test Defender" in response.content.decode()
    assert "Draft Defender" not in response.content.decode()
