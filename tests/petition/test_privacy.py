"""A signer's name and email never reach a public output (DESIGN §6).

Only the first word of the name, for signers who opted in, is public.
"""

import pytest

from django.core import mail

from petition.factories import SignatureFactory
from petition.models import Signature
from tests.petition.helpers import confirm_path, sign_data

pytestmark = pytest.mark.django_db

PRIVATE = {
    "name": "Zmitser Secretsurname",
    "email": "zmitser.private@example.org",
}
OPTED_IN = {"name": "Palina Hiddenfamily", "email": "palina@example.org"}


def public_urls(petition):
    return [
        "/",
        "/petition/",
        petition.url,
        petition.url + "?status=confirmed",
        "/sitemap.xml",
        "/feeds/updates.xml",
        "/search/?q=Secretsurname",
        "/search/?q=zmitser.private",
        "/api/v1/",
        "/api/v1/petitions/",
        f"/api/v1/petitions/{petition.slug}/",
    ]


@pytest.fixture
def signed(client, petition):
    client.post(petition.url, sign_data(**PRIVATE, keep_informed="on"))
    client.post(petition.url, sign_data(**OPTED_IN, show_first_name="on"))
    for message in mail.outbox:
        client.post(confirm_path(message))
    assert Signature.objects.filter(confirmed_at__isnull=False).count() == 2
    SignatureFactory(petition=petition, name="Unconfirmed Signer", email="uc@x.org")
    return petition


def test_no_public_output_shows_a_signer(client, signed):
    checked = 0
    for url in public_urls(signed):
        response = client.get(url)
        if response.status_code != 200:
            continue
        checked += 1
        text = response.content.decode()
        if "?q=" in url:  # a search page repeats its query: look at the rest
            text = text.replace(url.split("?q=")[1], "")
        for secret in (
            "Zmitser",
            "Secretsurname",
            "zmitser.private",
            "Hiddenfamily",
            "palina@",
            "Unconfirmed Signer",
            "uc@x.org",
        ):
            assert secret not in text, (url, secret)
    assert checked >= 3


def test_only_the_opted_in_first_name_is_public(client, signed):
    html = client.get(signed.url).content.decode()
    assert "Palina" in html


def test_signatures_are_not_in_search(signed):
    from wagtail.models import Page

    assert not Page.objects.live().search("Secretsurname")
    assert not hasattr(Signature, "search_fields")


def test_no_public_output_shows_the_outbox(client, signed):
    from petition.models import Email

    Email.objects.update(
        status="failed",
        last_error="SENTINEL-LAST-ERROR",
        base_url="https://sentinel-base.example/",
    )
    assert Email.objects.count() == 2
    for url in public_urls(signed):
        text = client.get(url).content.decode()
        for secret in ("SENTINEL-LAST-ERROR", "sentinel-base.example"):
            assert secret not in text, (url, secret)
