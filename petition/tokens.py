"""Signed links for the emails: confirm (valid 7 days) and withdraw.

A token carries only the signature's id, signed with SECRET_KEY
(django.core.signing, timestamped). Never the email: links end up in logs.
"""

import datetime

from django.core import signing

CONFIRM_MAX_AGE = datetime.timedelta(days=7)
CONFIRM_SALT = "petition.signature.confirm"
WITHDRAW_SALT = "petition.signature.withdraw"


def make_confirm_token(signature):
    return signing.dumps({"s": signature.pk}, salt=CONFIRM_SALT, compress=False)


def make_withdraw_token(signature):
    return signing.dumps({"s": signature.pk}, salt=WITHDRAW_SALT, compress=False)


def read_confirm_token(token):
    """The signature id; raises signing.SignatureExpired or BadSignature."""
    return _read(signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))


def read_withdraw_token(token):
    """The signature id; a withdraw link does not expire."""
    return _read(signing.loads(token, salt=WITHDRAW_SALT))


def _read(payload):
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise signing.BadSignature("Unexpected token payload.")
    return payload["s"]
