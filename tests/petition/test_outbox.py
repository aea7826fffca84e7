"""Email that is never lost: the outbox with SMTP down, refusing, and back.

Emails go through Django's SMTP backend to a real SMTP server (see smtp.py),
so a failure is the one production sees. Time passing is the booked next
attempt moved into the past.
"""

import datetime
import logging

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from petition.models import Email, Signature
from petition.tasks import attempt, claim, retry_delay
from tests.petition.helpers import confirm_path, sign_data, sign_url

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sign(client, petition, **overrides):
    return client.post(sign_url(petition), sign_data(**overrides))


def time_passes():
    """Every booked attempt is due now."""
    Email.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(1))


def send_pending():
    call_command("send_pending_emails", verbosity=0)


def test_retry_waits_grow_threefold_up_to_the_cap(settings):
    settings.PETITION_EMAIL_RETRY_DELAY = 10
    settings.PETITION_EMAIL_RETRY_MAX_DELAY = 3600
    waits = [retry_delay(n) for n in range(1, 9)]
    assert waits == [10, 30, 90, 270, 810, 2430, 3600, 3600]


def test_signing_while_smtp_is_down_keeps_the_signature_and_says_so(
    client, petition, smtp
):
    before = timezone.now()
    response = sign(client, petition)
    assert response.status_code == 302
    assert response["Location"] == petition.url + "?status=delayed"
    signature = Signature.objects.get()
    email = Email.objects.get(signature=signature)
    assert (email.status, email.attempts) == ("pending", 1)
    assert email.last_error.startswith("ConnectionRefusedError")
    wait = (email.next_attempt_at - before).total_seconds()
    assert 10 <= wait < 15  # the first retry is booked 10 s on

    page = client.get(response["Location"]).content.decode()
    assert "could not send the email to confirm it yet" in page
    assert "keep trying automatically" in page
    assert "sign again with the same address" in page
    assert "We have sent" not in page


def test_the_help_address_is_shown_when_set(client, petition, settings):
    settings.PETITION_HELP_EMAIL = "help@docket.example"
    page = client.get(petition.url + "?status=delayed").content.decode()
    assert 'href="mailto:help@docket.example"' in page


def test_signing_again_while_down_gets_the_same_answer(client, petition, smtp):
    answers = {
        sign(client, petition, email=email)["Location"]
        for email in (
            "alesia@example.org",
            " ALESIA@example.org ",
            "Alesia@Example.ORG",
        )
    }
    # The second got a new email; the third, within the resend interval,
    # none, and is answered from the last one: the same either way.
    assert answers == {petition.url + "?status=delayed"}
    assert Email.objects.count() == 2


def test_a_retry_waits_its_time_then_goes_through_when_smtp_is_back(
    client, petition, smtp
):
    sign(client, petition)
    smtp.start()
    send_pending()  # not due yet: nothing is tried before its time
    assert Email.objects.get().attempts == 1
    assert smtp.messages == []

    time_passes()
    send_pending()
    email = Email.objects.get()
    assert (email.status, email.attempts) == ("sent", 2)
    assert email.sent_at is not None
    [received] = smtp.messages
    assert received.to == ["alesia@example.org"]
    # The link it carries confirms the signature.
    assert client.post(confirm_path(received)).status_code == 302
    assert Signature.objects.get().confirmed_at is not None


def test_smtp_up_sends_in_the_request(client, petition, smtp):
    smtp.start()
    response = sign(client, petition)
    assert response["Location"] == petition.url + "?status=sent"
    assert Email.objects.get().status == "sent"
    assert len(smtp.messages) == 1
    page = client.get(response["Location"]).content.decode()
    assert "We have sent an email" in page


def test_after_the_limit_it_is_failed_until_resent(client, petition, smtp, settings):
    settings.PETITION_EMAIL_MAX_ATTEMPTS = 3
    sign(client, petition)
    for _ in range(4):
        time_passes()
        send_pending()
    email = Email.objects.get()
    assert (email.status, email.attempts) == ("failed", 3)
    assert email.last_error.startswith("ConnectionRefusedError")

    smtp.start()
    time_passes()
    send_pending()  # a failed email is not retried by itself
    assert smtp.messages == []
    from petition.tasks import resend

    assert resend(Email.objects.all()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)
    assert len(smtp.messages) == 1


def test_the_first_email_through_makes_the_waiting_ones_due(client, petition, smtp):
    sign(client, petition, email="a@example.org")
    sign(client, petition, email="b@example.org")
    assert Email.objects.filter(status="pending", attempts=1).count() == 2
    smtp.start()
    sign(client, petition, email="c@example.org")
    now = timezone.now()
    assert not Email.objects.filter(status="pending", next_attempt_at__gt=now)
    send_pending()
    assert {m.to[0] for m in smtp.messages} == {
        "a@example.org",
        "b@example.org",
        "c@example.org",
    }
    assert set(Email.objects.values_list("status", flat=True)) == {"sent"}


def test_one_email_is_claimed_once(petition):
    from petition.factories import SignatureFactory

    signature = SignatureFactory(petition=petition)
    email = Email.objects.create(signature=signature, kind="confirm", base_url="/")
    assert claim(email.pk) == 1
    assert claim(email.pk) is None  # another worker finds it taken
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sending", 1)
    assert attempt(email.pk) is None
    assert mail.outbox == []


def test_an_attempt_cut_short_is_made_again_at_its_time(petition):
    from petition.factories import SignatureFactory

    signature = SignatureFactory(petition=petition)
    email = Email.objects.create(signature=signature, kind="confirm", base_url="/")
    claim(email.pk)  # and the worker died before sending
    send_pending()
    assert mail.outbox == []
    time_passes()
    send_pending()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_a_refused_recipient_is_retried_and_its_address_never_kept(
    client, petition, smtp, caplog
):
    smtp.start()
    smtp.refuse = True
    with caplog.at_level(logging.WARNING, logger="petition.tasks"):
        response = sign(client, petition, email="refused.person@example.org")
    assert response["Location"].endswith("?status=delayed")
    email = Email.objects.get()
    assert email.last_error.startswith("SMTPRecipientsRefused")
    assert "550" in email.last_error and "<address>" in email.last_error
    assert "refused.person" not in email.last_error
    assert "attempt 1 of 8 failed" in caplog.text
    assert "refused.person" not in caplog.text


def test_a_withdrawn_signature_takes_its_emails_with_it(client, petition, smtp):
    from tests.petition.helpers import withdraw_path

    smtp.start()
    sign(client, petition)
    client.post(withdraw_path(smtp.messages[0]))
    assert not Email.objects.exists()


def test_send_pending_emails_reports_what_it_did(client, petition, smtp):
    from io import StringIO

    sign(client, petition)
    smtp.start()
    time_passes()
    out = StringIO()
    call_command("send_pending_emails", stdout=out)
    assert out.getvalue().strip() == "1 sent, 0 failed (retried later)."


# The database backend: db_worker makes every attempt at its time.


def run_worker(monkeypatch):
    """The real db_worker loop, until no task is ready. (It closes database
    connections between tasks, which would end this test's transaction.)"""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def test_db_worker_retries_at_the_booked_time_until_smtp_is_back(
    client, petition, smtp, settings, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    response = sign(client, petition)
    # Queued: the page says it is on its way, the truth with a worker.
    assert response["Location"] == petition.url + "?status=sent"
    page = client.get(response["Location"]).content.decode()
    assert "An email is on its way" in page

    run_worker(monkeypatch)
    email = Email.objects.get()
    assert (email.status, email.attempts) == ("pending", 1)
    retry = DBTaskResult.objects.ready().first()
    assert retry is None  # booked for later, not ready now
    booked = DBTaskResult.objects.get(status="READY")
    assert booked.args_kwargs["args"] == [email.pk]
    assert booked.run_after == email.next_attempt_at

    smtp.start()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    time_passes()
    run_worker(monkeypatch)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert len(smtp.messages) == 1

    # The next attempt booked by that claim finds it sent: no second email.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    time_passes()
    run_worker(monkeypatch)
    assert len(smtp.messages) == 1
