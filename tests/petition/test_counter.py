import datetime
import io

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from petition.factories import SignatureFactory
from petition.models import PetitionPage, Signature
from tests.petition.helpers import confirm_path, sign_data, withdraw_path

pytestmark = pytest.mark.django_db


def count(petition):
    return PetitionPage.objects.get(pk=petition.pk).signature_count


def test_counter_counts_confirmed_signatures_only(client, petition):
    for i in range(5):
        client.post(petition.url, sign_data(email=f"s{i}@example.org"))
    for message in mail.outbox[:3]:
        client.post(confirm_path(message))
    assert count(petition) == 3
    assert Signature.objects.filter(confirmed_at__isnull=False).count() == 3
    html = client.get(petition.url).content.decode()
    assert '<span class="figure" id="signature-count">3</span>' in html
    assert "of a goal of 100 signatures" in html
    assert 'max="100" value="3"' in html


def test_withdrawing_a_confirmed_signature_uncounts_it(client, petition):
    client.post(petition.url, sign_data())
    message = mail.outbox[0]
    client.post(confirm_path(message))
    assert count(petition) == 1
    response = client.get(withdraw_path(message))
    assert response.status_code == 200 and Signature.objects.count() == 1
    response = client.post(withdraw_path(message))
    assert "Your signature is withdrawn" in response.content.decode()
    assert Signature.objects.count() == 0
    assert count(petition) == 0
    # Twice is harmless.
    client.post(withdraw_path(message))
    assert count(petition) == 0
    # The confirmation link now finds nothing.
    assert client.post(confirm_path(message)).status_code == 404
    assert count(petition) == 0


def test_withdrawing_an_unconfirmed_signature_leaves_the_count(client, petition):
    SignatureFactory(petition=petition).confirm()
    client.post(petition.url, sign_data())
    client.post(withdraw_path(mail.outbox[0]))
    assert Signature.objects.count() == 1
    assert count(petition) == 1


def test_publishing_a_revision_keeps_the_live_count(petition):
    revision = petition.save_revision()  # an editor's draft, count 0
    for _ in range(3):
        SignatureFactory(petition=petition).confirm()
    revision.publish()
    assert count(petition) == 3
    stale = PetitionPage.objects.get(pk=petition.pk)
    stale.signature_count = 0
    stale.title = "New title"
    stale.save()
    assert count(petition) == 3


def test_copying_a_petition_starts_from_zero(petition):
    SignatureFactory(petition=petition).confirm()
    petition.refresh_from_db()
    copy = petition.copy(update_attrs={"slug": "copy", "title": "Copy"})
    assert copy.signature_count == 0
    assert copy.signatures.count() == 0


def test_admin_style_delete_uncounts(petition):
    signature = SignatureFactory(petition=petition)
    signature.confirm()
    stale = Signature.objects.get(pk=signature.pk)
    stale.delete()
    assert count(petition) == 0
    assert stale.delete() == (0, {})
    assert count(petition) == 0


def test_public_first_names_only_of_those_who_opted_in(client, petition):
    shown = SignatureFactory(
        petition=petition, name="Maryja Kalesnikava", country="BY", show_first_name=True
    )
    hidden = SignatureFactory(petition=petition, name="Hidden Person", country="PL")
    unconfirmed = SignatureFactory(
        petition=petition, name="Pending Person", show_first_name=True
    )
    shown.confirm()
    hidden.confirm()
    html = client.get(petition.url).content.decode()
    assert "Maryja, Belarus" in html
    assert "Kalesnikava" not in html
    assert "Hidden" not in html and "Pending" not in html
    assert unconfirmed.email not in html


def test_purge_deletes_old_unconfirmed_signatures_only(petition):
    old = timezone.now() - datetime.timedelta(days=31)
    recent = timezone.now() - datetime.timedelta(days=29)
    stale = SignatureFactory(petition=petition)
    fresh = SignatureFactory(petition=petition)
    confirmed_old = SignatureFactory(petition=petition)
    confirmed_old.confirm()
    Signature.objects.filter(pk__in=[stale.pk, confirmed_old.pk]).update(created_at=old)
    Signature.objects.filter(pk=fresh.pk).update(created_at=recent)
    out = io.StringIO()
    call_command("purge_unconfirmed_signatures", stdout=out)
    assert "Deleted 1 unconfirmed" in out.getvalue()
    assert set(Signature.objects.values_list("pk", flat=True)) == {
        fresh.pk,
        confirmed_old.pk,
    }
    assert count(petition) == 1
