"""A signer reads the petition, and gets its emails, in their language; the
signature counts once, whatever the language."""

import re

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from petition.models import Signature
from tests.petition.helpers import sign_data

pytestmark = pytest.mark.django_db


def test_a_signature_in_belarusian_gets_its_email_in_belarusian(petition):
    petition.title_be = "Вызваліце праваабаронцаў"
    petition.confirmation_email_text_en = "Thank you."
    petition.confirmation_email_text_be = "Дзякуй."
    petition.save_revision().publish()
    with translation.override("be"):
        url = reverse("petition_sign", args=[petition.pk])
    assert url.startswith("/be/")
    client = Client()
    response = client.post(url, sign_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/be/")
    signature = Signature.objects.get()
    assert signature.language == "be"
    assert signature.petition_id == petition.pk
    [message] = mail.outbox
    assert (
        message.subject
        == "Пацвердзіце, калі ласка, свой подпіс: Вызваліце праваабаронцаў"
    )
    assert "Дзякуй." in message.body and "Thank you." not in message.body
    confirm = re.search(r"https?://[^/\s]+(/be/petition/confirm/[^\s]+/)", message.body)
    assert confirm, message.body
    # Confirmed from the Belarusian link, it counts on the one petition.
    assert client.post(confirm.group(1)).status_code in (200, 302)
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_the_petition_page_in_russian_falls_back_to_english(client, petition):
    petition.body_en = "<p>Release them.</p>"
    petition.body_ru = ""
    petition.save_revision().publish()
    with translation.override("ru"):
        url = petition.get_url()
    assert url.startswith("/ru/")
    page = client.get(url).text
    assert '<html lang="ru">' in page
    assert 'lang="en"><p>Release them.</p>' in page
    assert 'class="fallback-note"' in page
