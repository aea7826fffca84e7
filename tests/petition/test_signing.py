import base64
import datetime
import time

import pytest

from django.core import mail, signing
from django.test import Client

from petition.models import Signature
from petition.tokens import make_confirm_token
from tests.petition.helpers import confirm_path, sign_data, sign_url, withdraw_path

pytestmark = pytest.mark.django_db


def sign(client, petition, **overrides):
    """POST the form where the page sends it."""
    return client.post(sign_url(petition), sign_data(**overrides))


# The form


def test_page_shows_the_form_with_both_choices_off(client, petition):
    response = client.get(petition.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="show_first_name"' in html and 'name="keep_informed"' in html
    assert "checked" not in html
    assert "We keep your name and email." in html  # the privacy notice
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'action="{sign_url(petition)}#sign"' in html


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"name": None}, "name"),
        ({"name": "   "}, "name"),
        ({"country": "XX"}, "country"),
        ({"name": "a\x00b"}, "name"),
    ],
)
def test_invalid_form_shows_errors_and_stores_nothing(
    client, petition, overrides, field
):
    response = sign(client, petition, **overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_choices_are_off_unless_ticked(client, petition):
    sign(client, petition)
    signature = Signature.objects.get()
    assert not signature.show_first_name and not signature.keep_informed
    sign(client, petition, email="b@example.org", show_first_name="on")
    assert Signature.objects.get(email="b@example.org").show_first_name


def test_csrf_is_enforced(petition):
    client = Client(enforce_csrf_checks=True)
    for url in (sign_url(petition), petition.url):
        assert client.post(url, sign_data()).status_code == 403
    assert Signature.objects.count() == 0


def test_sign_page_is_never_cached(client, petition, settings):
    settings.PUBLIC_CACHE_SECONDS = 120  # the site's page cache, when on
    for response in (client.get(petition.url), sign(client, petition)):
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
    anonymous = Client()
    anonymous.get(petition.url)
    assert anonymous.get(petition.url).get("X-Cache") != "hit"


# Double opt-in


def test_signing_sends_a_confirmation_and_counts_nothing_yet(client, petition):
    response = sign(client, petition)
    assert response.status_code == 302
    assert response["Location"] == petition.url + "?status=sent"
    signature = Signature.objects.get()
    assert signature.confirmed_at is None
    petition.refresh_from_db()
    assert petition.signature_count == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alesia@example.org"]
    assert "Thanks for signing." in message.body  # the page's email text
    assert confirm_path(message) and withdraw_path(message)


def test_following_the_confirmation_link_counts_the_signature(client, petition):
    sign(client, petition)
    path = confirm_path(mail.outbox[0])
    # Following the link asks; only the button confirms (mail scanners GET).
    response = client.get(path)
    assert response.status_code == 200
    assert Signature.objects.get().confirmed_at is None
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == petition.url + "?status=confirmed"
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert Signature.objects.get().confirmed_at is not None
    page = client.get(response["Location"])
    assert "Thanks for confirming!" in page.content.decode()
    # Confirming twice counts once.
    client.post(path)
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_confirmation_link_expires_after_seven_days(client, petition, monkeypatch):
    sign(client, petition)
    signature = Signature.objects.get()
    real_time = time.time

    def issued(seconds_ago):
        monkeypatch.setattr(
            signing.TimestampSigner,
            "timestamp",
            lambda self: signing.b62_encode(int(real_time() - seconds_ago)),
        )
        return f"{petition.get_parent().url}confirm/{make_confirm_token(signature)}/"

    week = datetime.timedelta(days=7).total_seconds()
    response = client.post(issued(week + 60))
    assert response.status_code == 410
    assert Signature.objects.get().confirmed_at is None
    response = client.post(issued(week - 60))
    assert response.status_code == 302
    assert Signature.objects.get().confirmed_at is not None


def wrap(value):
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"),
        lambda t: wrap(signing.dumps({"s": 1}, salt="another.salt")),
        lambda t: wrap(
            signing.dumps({"s": 1}, key="x", salt="petition.signature.confirm")
        ),
        lambda t: wrap('{"s": 1}'),
        lambda t: "garbage",
        lambda t: "a-b_c",
    ],
)
def test_tampered_confirmation_link_is_refused(client, petition, tamper):
    sign(client, petition)
    token = confirm_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    response = client.post(f"/petition/confirm/{tamper(token)}/")
    assert response.status_code == 400
    assert Signature.objects.get().confirmed_at is None


def test_withdraw_link_is_not_a_confirm_link(client, petition):
    sign(client, petition)
    token = withdraw_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    response = client.post(f"/petition/confirm/{token}/")
    assert response.status_code == 400
    assert Signature.objects.get().confirmed_at is None
    petition.refresh_from_db()
    assert petition.signature_count == 0


# Duplicates


@pytest.mark.parametrize(
    "again", ["alesia@example.org", "  ALESIA@Example.org  ", "Alesia@EXAMPLE.ORG"]
)
def test_same_email_signs_once_and_gets_the_link_again(client, petition, again):
    sign(client, petition)
    response = sign(client, petition, email=again, name="Someone Else")
    # Same answer as a first signature: the page never says who has signed.
    assert response.status_code == 302
    assert response["Location"] == petition.url + "?status=sent"
    assert Signature.objects.count() == 1
    assert Signature.objects.get().name == "Alesia Testerova"
    assert len(mail.outbox) == 2
    assert confirm_path(mail.outbox[1])


def test_resending_is_throttled(client, petition):
    for _ in range(4):
        sign(client, petition)
    assert len(mail.outbox) == 2  # the first email and one resend


def test_confirmed_signer_signing_again_is_told_kindly(client, petition):
    sign(client, petition)
    client.post(confirm_path(mail.outbox[0]))
    sign(client, petition, email="ALESIA@example.org")
    assert Signature.objects.count() == 1
    message = mail.outbox[-1]
    assert "already signed" in message.body
    assert "/petition/confirm/" not in message.body
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_database_enforces_one_signature_per_normalised_email(petition):
    from django.db import IntegrityError, transaction

    Signature.objects.create(petition=petition, name="A", email="x@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(petition=petition, name="B", email="X@Example.ORG")


# Abuse


def test_honeypot_stores_nothing_but_looks_like_success(client, petition):
    response = sign(client, petition, website="http://spam.example")
    assert response.status_code == 302
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_client(client, petition, settings):
    settings.PETITION_RATE_LIMITS = ((3, 60),)
    for i in range(3):
        assert sign(client, petition, email=f"{i}@example.org").status_code == 302
    response = sign(client, petition, email="late@example.org")
    assert response.status_code == 429
    assert "Too many signatures" in response.content.decode()
    assert Signature.objects.count() == 3
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert sign(other, petition, email="o@example.org").status_code == 302


def test_rate_limit_trusts_only_the_configured_proxies(client, petition, settings):
    settings.PETITION_RATE_LIMITS = ((1, 60),)
    settings.NUM_PROXIES = 1
    post = client.post
    # Behind one proxy, the client is the last address in X-Forwarded-For;
    # whatever a client writes before it is ignored.
    ok = post(
        sign_url(petition),
        sign_data(email="a@example.org"),
        HTTP_X_FORWARDED_FOR="1.1.1.1",
    )
    blocked = post(
        sign_url(petition),
        sign_data(email="b@example.org"),
        HTTP_X_FORWARDED_FOR="9.9.9.9, 1.1.1.1",
    )
    assert (ok.status_code, blocked.status_code) == (302, 429)


def test_no_raw_ip_is_stored_anywhere(client, petition):
    from django.apps import apps
    from django.core.cache import cache

    ip = "203.0.113.77"
    client.post(sign_url(petition), sign_data(), REMOTE_ADDR=ip)
    client.post(confirm_path(mail.outbox[0]), REMOTE_ADDR=ip)
    assert Signature.objects.get().confirmed_at is not None
    for model in apps.get_models():
        for row in model.objects.values_list():
            assert ip not in repr(row), model
    assert all(ip not in str(key) for key in cache._cache)


# Closing


def test_form_closes_after_the_deadline(client, petition):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    petition.deadline = yesterday
    petition.save_revision().publish()
    response = client.get(petition.url)
    assert 'name="email"' not in response.content.decode()
    assert "This petition is closed" in response.content.decode()
    response = sign(client, petition)
    assert response.status_code == 403
    assert Signature.objects.count() == 0


def test_form_open_on_the_deadline_day(client, petition):
    petition.deadline = datetime.date.today()
    petition.save_revision().publish()
    assert sign(client, petition).status_code == 302


def test_unpublished_petition_takes_no_signature(client, petition):
    url = petition.url
    petition.unpublish()
    assert client.get(url).status_code == 404
    assert client.post(url, sign_data()).status_code == 404
    assert sign(client, petition).status_code == 404
    assert Signature.objects.count() == 0


def test_unpublished_petition_confirms_nothing_but_allows_withdrawal(client, petition):
    sign(client, petition)
    message = mail.outbox[0]
    petition.unpublish()
    assert client.post(confirm_path(message)).status_code == 410
    assert Signature.objects.get().confirmed_at is None
    assert client.post(withdraw_path(message)).status_code == 200
    assert Signature.objects.count() == 0


def test_reserved_slugs_are_refused(petition):
    from django.core.exceptions import ValidationError

    petition.slug = "confirm"
    with pytest.raises(ValidationError):
        petition.full_clean()
