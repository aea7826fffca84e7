"""Signed links for the emails: confirm (valid 7 days) and withdraw.

A token carries only the signature's id, signed with SECRET_KEY
(django.core.signing, timestamped). Never the email: links end up in logs.
Signed values contain ":", which Wagtail's page URLs do not take, so the
token is re-encoded in URL-safe base64.
"""

import base64
import binascii
import datetime

from django.core import signing

CONFIRM_MAX_AGE = datetime.timedelta(days=7)
CONFIRM_SALT = "petition.signature.confirm"
WITHDRAW_SALT = "petition.signature.withdraw"


def make_confirm_token(signature):
    return _wrap(signing.dumps({"s": signature.pk}, salt=CONFIRM_SALT))


def make_withdraw_token(signature):
    return _wrap(signing.dumps({"s": signature.pk}, salt=WITHDRAW_SALT))


def read_confirm_token(token):
    """The signature id; raises signing.SignatureExpired or BadSignature."""
    value = _unwrap(token)
    return _read(signing.loads(value, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))


def read_withdraw_token(token):
    """The signature id; a withdraw link does not expire."""
    return _read(signing.loads(_unwrap(token), salt=WITHDRAW_SALT))


def _wrap(value):
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def _unwrap(token):
    try:
        padded = token + "=" * (-len(token) % 4)
        return base64.urlsafe_b64decode(padded.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError) as error:
        raise signing.BadSignature("Malformed token.") from error


def _read(payload):
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise signing.BadSignature("Unexpected token payload.")
    return payload["s"]
