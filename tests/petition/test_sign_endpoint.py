"""/petition/sign/<pk>/, where the page's form posts.

It skips Wagtail's page routing to be fast, so these check that it answers as
the page itself does: the same statuses and redirect, nothing revealed about
who signed, and never "sent" for a signature it did not store.
"""

import datetime

import pytest

from django.core import mail
from django.db import DatabaseError, IntegrityError, OperationalError
from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction

from petition.models import Email, Signature
from tests.database import refuse_statements
from tests.petition.helpers import sign_data, sign_url

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sign(client, petition, **overrides):
    return client.post(sign_url(petition), sign_data(**overrides))


def is_private(response):
    cache_control = response["Cache-Control"]
    return "private" in cache_control and "no-store" in cache_control


def test_signs_and_sends_the_signer_back_to_the_page(client, petition):
    response = sign(client, petition)
    assert response.status_code == 302
    assert response["Location"] == petition.url + "?status=sent"
    assert is_private(response)
    assert Signature.objects.get().email == "alesia@example.org"
    assert mail.outbox[0].to == ["alesia@example.org"]


def test_signing_again_looks_exactly_like_signing(client, petition):
    first = sign(client, petition)
    again = sign(client, petition, email=" ALESIA@example.org ", name="Someone")

    def answer(response):
        headers = {k: v for k, v in response.headers.items() if k != "Expires"}
        return response.status_code, headers, response.content

    assert answer(again) == answer(first)
    assert Signature.objects.get().name == "Alesia Testerova"


def test_the_page_address_still_signs(client, petition):
    """Forms rendered before the endpoint existed post to the page."""
    response = client.post(petition.url, sign_data())
    assert response.status_code == 302
    assert response["Location"] == petition.url + "?status=sent"
    assert Signature.objects.count() == 1


def test_get_leads_to_the_page(client, petition):
    response = client.get(sign_url(petition))
    assert response.status_code == 302
    assert response["Location"] == petition.url
    assert Signature.objects.count() == 0


def test_only_live_petitions(client, petition, home_page):
    assert client.post(sign_url(home_page), sign_data()).status_code == 404
    missing = reverse("petition_sign", args=[petition.pk + 1000])
    assert client.post(missing, sign_data()).status_code == 404
    petition.unpublish()
    assert sign(client, petition).status_code == 404
    assert Signature.objects.count() == 0


def test_bad_input_shows_the_page_with_the_errors(client, petition):
    response = sign(client, petition, email="not-an-email")
    assert response.status_code == 400
    assert is_private(response)
    assert "email" in response.context["form"].errors
    assert petition.title in response.content.decode()
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_closed_petition_refuses(client, petition):
    petition.deadline = datetime.date.today() - datetime.timedelta(days=1)
    petition.save_revision().publish()
    response = sign(client, petition)
    assert response.status_code == 403
    assert "This petition is closed" in response.content.decode()
    assert Signature.objects.count() == 0


def test_rate_limited_client_is_told_to_wait(client, petition, settings):
    settings.PETITION_RATE_LIMITS = ((1, 60),)
    assert sign(client, petition).status_code == 302
    response = sign(client, petition, email="again@example.org")
    assert response.status_code == 429
    assert "Too many signatures" in response.content.decode()
    assert Signature.objects.count() == 1


def test_csrf_token_is_required(petition):
    client = Client(enforce_csrf_checks=True)
    assert sign(client, petition).status_code == 403
    page = client.get(petition.url)
    token = page.context["csrf_token"]
    response = client.post(
        sign_url(petition), sign_data(csrfmiddlewaretoken=str(token))
    )
    assert response.status_code == 302
    assert Signature.objects.count() == 1


def test_database_failure_is_a_503_never_sent(petition, monkeypatch):
    refuse_statements(
        monkeypatch, OperationalError("the database went away"), start="INSERT"
    )
    response = sign(Client(raise_request_exception=False), petition)
    assert response.status_code == 503
    assert "status=sent" not in response.get("Location", "")
    monkeypatch.undo()
    assert not Signature.objects.exists()
    assert mail.outbox == []


def test_no_signature_is_stored_without_its_email_queued(
    petition, settings, monkeypatch
):
    """The signature and its confirmation task commit together, or neither."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS

    def queue_down(*args, **kwargs):
        raise DatabaseError("could not queue")

    monkeypatch.setattr(DBTaskResult.objects, "create", queue_down)
    response = sign(Client(raise_request_exception=False), petition)
    assert response.status_code == 503
    assert not Signature.objects.exists()


def test_an_integrity_error_that_is_not_a_second_signature_is_never_sent(
    petition, monkeypatch
):
    """Only a stored signature (this one, or an earlier one with the same
    email) earns "check your inbox"."""
    refuse_statements(
        monkeypatch,
        IntegrityError("a constraint other than one-per-email"),
        start='INSERT INTO "PETITION_SIGNATURE"',
    )
    response = sign(Client(raise_request_exception=False), petition)
    assert response.status_code == 503  # a DatabaseError, as the site answers
    assert "status=sent" not in response.get("Location", "")
    monkeypatch.undo()
    assert not Signature.objects.exists()


def test_common_path_is_one_select_and_one_transaction(
    client, petition, settings, django_assert_max_num_queries
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    petition.url  # noqa: B018  (Wagtail caches the site root paths)
    # The page, then the signature, its email and the email's task in one
    # transaction (a savepoint here, as the test runs inside a transaction).
    with django_assert_max_num_queries(6):
        assert sign(client, petition).status_code == 302
    email = Email.objects.get(signature=Signature.objects.get())
    assert (email.kind, email.status, email.attempts) == ("confirm", "pending", 0)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [email.pk]


def test_password_protected_petition_asks_for_the_password(client, petition):
    restriction = PageViewRestriction.objects.create(
        page=petition, restriction_type=PageViewRestriction.PASSWORD, password="s3"
    )
    response = sign(client, petition)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert Signature.objects.count() == 0

    client.post(
        reverse(
            "wagtailcore_authenticate_with_password",
            args=[restriction.pk, petition.pk],
        ),
        {"password": "s3", "return_url": petition.url},
    )
    response = sign(client, petition)
    assert response["Location"] == petition.url + "?status=sent"
    assert Signature.objects.count() == 1


def test_login_restriction_on_the_index_applies(client, petition):
    PageViewRestriction.objects.create(
        page=petition.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = sign(client, petition)
    assert response.status_code == 302
    assert "status=sent" not in response["Location"]
    assert Signature.objects.count() == 0
