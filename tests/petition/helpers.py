import re

from django.urls import reverse

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/petition/confirm/[^\s]+/)")
WITHDRAW_LINK = re.compile(r"https?://[^/\s]+(/petition/withdraw/[^\s]+/)")


def sign_data(**overrides):
    """POST data for the sign form; pass name=None to leave a field out."""
    data = {
        "name": "Alesia Testerova",
        "email": "alesia@example.org",
        "country": "BY",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def sign_url(petition):
    """Where the page's form posts."""
    return reverse("petition_sign", args=[petition.pk])


def confirm_path(message):
    return CONFIRM_LINK.search(message.body).group(1)


def withdraw_path(message):
    return WITHDRAW_LINK.search(message.body).group(1)
