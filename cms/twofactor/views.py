"""Setting up and verifying the second step, in the admin's sign-in look."""

import base64
import logging

import django_otp
import segno
from django_otp import user_has_device

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from wagtail.log_actions import log

from cms.twofactor import devices
from cms.twofactor.forms import ConfirmAppForm, VerifyForm
from cms.twofactor.rule import required_for

logger = logging.getLogger(__name__)


def next_url(request):
    """Where to go once verified: the page asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def signed_in(request, device):
    """Mark the session verified by `device`, under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


def grouped(key):
    """A base32 key in groups of four, as authenticator apps let one type it."""
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
def setup(request):
    user = request.user
    if not required_for(user) or user.is_verified():
        return redirect(next_url(request))
    if user_has_device(user, confirmed=True):
        # Adding an app needs the second step first: a stolen password alone
        # must not be enough to replace the owner's phone.
        return redirect(f"{reverse('twofactor:verify')}?{request.GET.urlencode()}")
    device = devices.pending_app(user)
    form = ConfirmAppForm(device, request.POST or None)
    if form.is_valid():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = devices.new_recovery_codes(user)
        signed_in(request, device)
        # device.user, not request.user: the audit log skips a lazy object.
        log(instance=device.user, action="docket.two_factor_setup", user=device.user)
        logger.info("Two-factor authentication set up by %s", user.get_username())
        # Shown in this response only: no page shows them again.
        return TemplateResponse(
            request,
            "cms/twofactor/recovery_codes.html",
            {"codes": codes, "next": next_url(request)},
        )
    key = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "cms/twofactor/setup.html",
        {
            "form": form,
            "key": grouped(key),
            "qr_code": segno.make_qr(device.config_url, error="m").svg_inline(
                scale=5, title="QR code of the key"
            ),
            "next": next_url(request),
        },
    )


@never_cache
def verify(request):
    user = request.user
    if not required_for(user) or user.is_verified():
        return redirect(next_url(request))
    if not user_has_device(user, confirmed=True):
        return redirect(f"{reverse('twofactor:setup')}?{request.GET.urlencode()}")
    form = VerifyForm(user, request, data=request.POST or None)
    if form.is_valid():
        signed_in(request, user.otp_device)
        return redirect(next_url(request))
    return TemplateResponse(
        request, "cms/twofactor/verify.html", {"form": form, "next": next_url(request)}
    )
