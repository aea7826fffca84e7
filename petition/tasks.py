"""Petition emails, sent through Django's Tasks API (django_tasks).

Immediate in development and tests; in production the database backend
queues them and `manage.py db_worker` sends them. The queue holds only the
signature's id, never its email: the task reads the row when it runs, and
sends nothing if the signature was withdrawn or purged meanwhile.
"""

from urllib.parse import urljoin

from django_tasks import task

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from petition.models import Signature
from petition.tokens import CONFIRM_MAX_AGE, make_confirm_token, make_withdraw_token

CONFIRM = "confirm"
ALREADY_SIGNED = "already_signed"


@task()
def send_signature_email(signature_id, kind, base_url):
    """Email a signer: the confirmation link, or that they have already signed."""
    signature = (
        Signature.objects.select_related("petition").filter(pk=signature_id).first()
    )
    if signature is None:
        return False
    petition = signature.petition
    index = petition.get_parent().specific
    confirm_path = index.link("confirm", make_confirm_token(signature))
    withdraw_path = index.link("withdraw", make_withdraw_token(signature))
    context = {
        "signature": signature,
        "petition": petition,
        "confirm_url": urljoin(base_url, confirm_path),
        "withdraw_url": urljoin(base_url, withdraw_path),
        "valid_days": CONFIRM_MAX_AGE.days,
    }
    if kind == ALREADY_SIGNED:
        subject = _("You have already signed: %(title)s")
    else:
        subject = _("Please confirm your signature: %(title)s")
    send_mail(
        subject % {"title": petition.title},
        render_to_string(f"petition/email/{kind}.txt", context),
        None,
        [signature.email],
    )
    return True
