"""A double click on confirm: the click that loses the race still hears
"confirmed", never the button again (the threaded version, on PostgreSQL, is
in test_concurrency.py)."""

import pytest

from django.core import mail

from petition.models import PetitionPage, Signature
from tests.petition.helpers import confirm_path, sign_data, sign_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(client, petition):
    client.post(sign_url(petition), sign_data())
    return confirm_path(mail.outbox[0])


def test_the_click_that_loses_is_told_confirmed(client, petition, link, monkeypatch):
    confirm = Signature.confirm

    def the_other_click_wins(self):
        # The first click's request confirms between this one's read and
        # its update.
        confirm(Signature.objects.get(pk=self.pk))
        return confirm(self)

    monkeypatch.setattr(Signature, "confirm", the_other_click_wins)
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == petition.url + "?status=confirmed"
    assert PetitionPage.objects.get(pk=petition.pk).signature_count == 1


def test_withdrawn_while_confirming_is_gone(client, petition, link, monkeypatch):
    def withdrawn_meanwhile(self):
        Signature.objects.get(pk=self.pk).delete()
        return False

    monkeypatch.setattr(Signature, "confirm", withdrawn_meanwhile)
    response = client.post(link)
    assert response.status_code == 404
    assert "Signature not found" in response.content.decode()
    assert PetitionPage.objects.get(pk=petition.pk).signature_count == 0
