"""Petition emails: the outbox (petition.Email) and Django's Tasks API.

Every email is a row written in the transaction that stores its signature.
The task `send_email` makes one attempt. An attempt first claims the row
with a conditional UPDATE (of two workers, one wins and the other sends
nothing) and books the next attempt: after PETITION_EMAIL_RETRY_DELAY
seconds, three times longer each time, at most PETITION_EMAIL_RETRY_MAX_DELAY.
A send that fails leaves the row waiting for that time; after
PETITION_EMAIL_MAX_ATTEMPTS it is failed, for the petition team to resend.
The first email that goes through after failures makes every waiting one due
at once: the server is back, so they need not wait out their delay.

Who makes the next attempt depends on the task backend:
- database (production, `manage.py db_worker`): the claim queues it, in the
  same transaction, as a task to run at the booked time. A worker killed
  mid-send is no loss: that task takes the email up again.
- immediate (development, tests): nothing can wait in a queue. The signer's
  request makes the first attempt after its commit; `manage.py
  send_pending_emails`, run every minute, makes the others.

The queue holds only the email's id, never an address.
"""

import logging
import re
from datetime import timedelta
from urllib.parse import urljoin

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from petition.models import Email
from petition.tokens import CONFIRM_MAX_AGE, make_confirm_token, make_withdraw_token

logger = logging.getLogger(__name__)

# Anything shaped like an address, taken out of error messages: an SMTP
# server's refusal quotes the recipient.
ADDRESS = re.compile(r"[^\s<>()\[\]'\",;:]+@[^\s<>()\[\]'\",;:]+")


@task()
def send_email(email_id):
    """One attempt at one outbox email; True if it was sent."""
    return attempt(email_id)


@task()
def send_due_emails():
    """Every email that is due (see `send_due`)."""
    return send_due()


def queues():
    """Whether tasks wait in a queue for a worker (the database backend) or
    run as they are enqueued (the immediate one)."""
    return send_email.get_backend().supports_defer


def queue_email(signature, kind, base_url):
    """Put an email in the outbox; call it inside the transaction that stores
    what the email is about.

    With a queue its task is taken in that transaction too: the email, its
    task and the signature commit together or not at all. The immediate
    backend would send inside the transaction, holding its locks while the
    SMTP server answers, so the caller sends it after the commit (`deliver`).
    """
    email = Email.objects.create(signature=signature, kind=kind, base_url=base_url)
    if queues():
        send_email.enqueue(email.pk)
    return email


def deliver(email):
    """After the commit: make the first attempt, unless a worker will. True
    if the signer can be told the email is sent (or, with a queue, on its
    way); False if it could not be sent yet and waits for a retry.

    `email` may be an earlier one (a second signature within the resend
    interval sends none): the answer is then what its attempt gave, the
    answer a first signature gets while the server is down."""
    if email is None or queues():
        return True
    if email.status == Email.Status.PENDING and email.attempts == 0:
        send_email.enqueue(email.pk)
    status = Email.objects.filter(pk=email.pk).values_list("status", flat=True)
    return status.first() in (Email.Status.SENT, None)


def retry_delay(attempts):
    """Seconds to wait after the attempt numbered `attempts` (from 1)."""
    delay = settings.PETITION_EMAIL_RETRY_DELAY * 3 ** (attempts - 1)
    return min(delay, settings.PETITION_EMAIL_RETRY_MAX_DELAY)


def claim(email_id):
    """Take the email for one attempt: its number, or None if the email is
    not due or another worker took it.

    The attempt count read first is the token: the UPDATE matches only if
    nobody claimed the row in between. The claim books the next attempt, so
    an attempt cut short is made again at that time."""
    now = timezone.now()
    due = Email.objects.due(now).filter(pk=email_id)
    done = due.values_list("attempts", flat=True).first()
    if done is None:
        return None
    if done >= settings.PETITION_EMAIL_MAX_ATTEMPTS:
        # The last attempt was cut short: there is no other.
        due.filter(attempts=done).update(status=Email.Status.FAILED)
        return None
    number = done + 1
    retry_at = now + timedelta(seconds=retry_delay(number))
    with transaction.atomic():
        claimed = due.filter(attempts=done).update(
            status=Email.Status.SENDING, attempts=number, next_attempt_at=retry_at
        )
        if claimed and queues():
            send_email.using(run_after=retry_at).enqueue(email_id)
    return number if claimed else None


def attempt(email_id):
    """Claim the email and send it. True if sent, False if this attempt
    failed, None if there was nothing to do."""
    number = claim(email_id)
    if number is None:
        return None
    email = (
        Email.objects.select_related("signature__petition").filter(pk=email_id).first()
    )
    if email is None:  # its signature was withdrawn meanwhile
        return None
    try:
        send(email)
    except Exception as error:
        # Whatever stopped it (the server down, refusing, timing out), the
        # email stays in the outbox and the next attempt is booked.
        failed(email, number, error)
        return False
    Email.objects.filter(pk=email_id).update(
        status=Email.Status.SENT, sent_at=timezone.now()
    )
    retry_waiting_now()
    return True


def failed(email, number, error):
    last = number >= settings.PETITION_EMAIL_MAX_ATTEMPTS
    message = error_text(error)
    Email.objects.filter(
        pk=email.pk, status=Email.Status.SENDING, attempts=number
    ).update(
        status=Email.Status.FAILED if last else Email.Status.PENDING,
        last_error=message,
    )
    logger.warning(
        "Petition email %s, attempt %s of %s failed%s: %s",
        email.pk,
        number,
        settings.PETITION_EMAIL_MAX_ATTEMPTS,
        "; giving up" if last else "",
        message,
    )


def error_text(error):
    """The exception's class and message, without any address in it."""
    text = f"{type(error).__name__}: {error}"
    return ADDRESS.sub("<address>", text)[:500]


def retry_waiting_now():
    """An email went through: those waiting after a failure are due now."""
    now = timezone.now()
    waiting = Email.objects.filter(
        status=Email.Status.PENDING, attempts__gt=0, next_attempt_at__gt=now
    ).update(next_attempt_at=now)
    if waiting and queues():
        send_due_emails.enqueue()


def send_due():
    """Attempt every due email, until none is; (sent, failed) counts.

    Each attempt moves its email out of the due ones (sent, or booked for
    later), and attempts are limited, so this ends."""
    sent = failed_now = 0
    while ids := list(Email.objects.due().values_list("pk", flat=True)[:100]):
        for email_id in ids:
            outcome = attempt(email_id)
            sent += outcome is True
            failed_now += outcome is False
    return sent, failed_now


def resend(emails):
    """Make the given emails pending again with a fresh count of attempts,
    and attempt them (the petition team's "Resend"). Only pending and failed
    emails: one sent already reached the signer. The number resent."""
    ids = list(
        emails.filter(
            status__in=[Email.Status.PENDING, Email.Status.FAILED]
        ).values_list("pk", flat=True)
    )
    Email.objects.filter(pk__in=ids).update(
        status=Email.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for email_id in ids:
        send_email.enqueue(email_id)
    return len(ids)


def send(email):
    """Write and send the email, in the language the signer signed in: the
    confirmation link, or that they have already signed. Raises whatever
    the mail backend raises."""
    with translation.override(email.signature.language):
        _send(email)


def _send(email):
    signature = email.signature
    petition = signature.petition
    index = petition.get_parent().specific
    confirm_path = index.link("confirm", make_confirm_token(signature))
    withdraw_path = index.link("withdraw", make_withdraw_token(signature))
    context = {
        "signature": signature,
        "petition": petition,
        "confirm_url": urljoin(email.base_url, confirm_path),
        "withdraw_url": urljoin(email.base_url, withdraw_path),
        "valid_days": CONFIRM_MAX_AGE.days,
    }
    if email.kind == Email.Kind.ALREADY_SIGNED:
        subject = _("You have already signed: %(title)s")
    else:
        subject = _("Please confirm your signature: %(title)s")
    send_mail(
        subject % {"title": petition.local_title},
        render_to_string(f"petition/email/{email.kind}.txt", context),
        None,
        [signature.email],
    )
