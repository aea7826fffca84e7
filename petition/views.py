"""Signing, confirming and withdrawing.

Every response here is private and never cached: it carries a CSRF token, and
after signing it speaks to one person. A shared cache (Django's cache
middleware, a CDN) skips responses marked `Cache-Control: private`.

Whether an email has signed is never revealed on the page: a second signature
with the same email gets the same "check your inbox" answer, and the email
itself says kindly that they had already signed (or carries a fresh
confirmation link). Otherwise anyone could test whether an address signed.
"""

from functools import wraps

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from petition import ratelimit
from petition.forms import SignatureForm
from petition.models import Signature
from petition.tasks import ALREADY_SIGNED, CONFIRM, send_signature_email
from petition.tokens import read_confirm_token, read_withdraw_token

# At most one extra email per signature in this many seconds, however often
# someone signs again with that address: no one's inbox can be flooded.
RESEND_INTERVAL = 600


def private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def never_cached(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        return private(view(*args, **kwargs))

    return wrapped


def serve_petition(page, request):
    """PetitionPage.serve: the page and its form; POST signs."""
    if request.method == "POST":
        return private(sign(page, request))
    return private(render_page(page, request, SignatureForm()))


def render_page(page, request, form, status=200, **extra):
    context = page.get_context(request)
    context.update(
        form=form,
        is_open=page.is_open,
        featured=page.featured(),
        public_signers=page.public_signers(),
        notice=request.GET.get("status", ""),
        **extra,
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def sign(page, request):
    if not page.is_open:
        return render_page(page, request, None, status=403)
    if not ratelimit.allow(request):
        return render_page(page, request, SignatureForm(), status=429, limited=True)
    form = SignatureForm(request.POST)
    if form.is_bot:
        # Answer as if it worked, so the bot learns nothing.
        return done(page, request)
    if not form.is_valid():
        return render_page(page, request, form, status=400)
    signature, created = record_signature(page, form.cleaned_data)
    if signature is not None:
        base_url = request.build_absolute_uri("/")
        if created:
            send_signature_email.enqueue(signature.pk, CONFIRM, base_url)
        elif cache.add(f"petition:resent:{signature.pk}", 1, RESEND_INTERVAL):
            kind = ALREADY_SIGNED if signature.is_confirmed else CONFIRM
            send_signature_email.enqueue(signature.pk, kind, base_url)
    return done(page, request)


def done(page, request):
    return HttpResponseRedirect(page.get_url(request) + "?status=sent")


def find_signature(page, email):
    return (
        Signature.objects.alias(email_lower=Lower("email"))
        .filter(petition=page, email_lower=Signature.normalise_email(email))
        .first()
    )


def record_signature(page, data):
    """(signature, created). One per email: the database constraint decides
    between concurrent requests; the losers find the winner's row."""
    existing = find_signature(page, data["email"])
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                petition=page,
                name=data["name"],
                email=data["email"].strip(),
                country=data["country"],
                show_first_name=data["show_first_name"],
                keep_informed=data["keep_informed"],
            )
    except IntegrityError:
        return find_signature(page, data["email"]), False
    return signature, True


def signature_or_none(pk):
    return Signature.objects.select_related("petition").filter(pk=pk).first()


@never_cached
@require_http_methods(["GET", "POST"])
@csrf_protect
def confirm(request, token):
    """GET shows a button, POST confirms: a mail scanner that follows links
    must not confirm a signature for someone who never saw the email."""
    try:
        pk = read_confirm_token(token)
    except signing.SignatureExpired:
        return message(request, "expired", status=410)
    except signing.BadSignature:
        return message(request, "invalid", status=400)
    signature = signature_or_none(pk)
    if signature is None:
        return message(request, "gone", status=404)
    petition = signature.petition
    if not petition.live:
        return message(request, "closed", petition=petition, status=410)
    if request.method == "POST" and not signature.is_confirmed:
        signature.confirm()
    if signature.is_confirmed:
        return HttpResponseRedirect(petition.get_url(request) + "?status=confirmed")
    return render(
        request, "petition/confirm.html", {"petition": petition, "token": token}
    )


@never_cached
@require_http_methods(["GET", "POST"])
@csrf_protect
def withdraw(request, token):
    """GET asks, POST deletes the signature (and uncounts it if confirmed).

    Works whether or not the petition is still open or published."""
    try:
        pk = read_withdraw_token(token)
    except signing.BadSignature:
        return message(request, "invalid", status=400)
    signature = signature_or_none(pk)
    if signature is None:
        return message(request, "withdrawn")
    petition = signature.petition
    if request.method == "POST":
        signature.delete()
        return message(request, "withdrawn", petition=petition)
    return render(
        request, "petition/withdraw.html", {"petition": petition, "token": token}
    )


def message(request, kind, petition=None, status=200):
    return render(
        request,
        "petition/message.html",
        {"kind": kind, "petition": petition},
        status=status,
    )
