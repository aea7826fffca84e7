"""Signing, confirming and withdrawing.

Every response here is private and never cached: it carries a CSRF token, and
after signing it speaks to one person. A shared cache (Django's cache
middleware, a CDN) skips responses marked `Cache-Control: private`.

Whether an email has signed is never revealed on the page: a second signature
with the same email gets the same "check your inbox" answer, and the email
itself says kindly that they had already signed (or carries a fresh
confirmation link). Otherwise anyone could test whether an address signed.

The page tells the truth about the email: "sent" once the mail server took
it (or, with a task queue, that it is on its way), "delayed" when it could
not be sent yet and will be retried (petition/tasks.py).
"""

from functools import wraps

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from wagtail.views import serve as wagtail_serve

from petition import ratelimit, tasks
from petition.forms import SignatureForm
from petition.models import Email, PetitionPage, Signature
from petition.tokens import read_confirm_token, read_withdraw_token
from records import languages

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
    """PetitionPage.serve: the page and its form. The form posts to
    `sign_petition`; a POST here (a form rendered before) signs as well."""
    if request.method == "POST":
        return private(sign(page, request))
    return private(render_page(page, request, SignatureForm()))


@require_http_methods(["GET", "POST"])
@csrf_protect
def sign_petition(request, pk):
    """/petition/sign/<pk>/, where the form posts.

    Signing is the one write the public makes, so it skips Wagtail's page
    routing (about eight queries) and loads the page in one query."""
    page = signing_page(pk)
    if page is None:
        raise Http404
    if page.restricted or page.alias_of_id:
        # Rare: let Wagtail route it, check its restrictions (an alias has
        # its source's) and serve it, as at the page's own address.
        return wagtail_serve(request, page.get_url(request))
    if request.method == "GET":
        # Someone reloading or following the address: show them the page.
        return private(HttpResponseRedirect(page.url))
    return private(sign(page, request))


# A live petition with what signing needs, and whether a view restriction
# (password, login) covers it or an ancestor. Written out because the ORM
# spends ten times longer building this query (1 ms of CPU) than running it.
SIGNING_PAGE_SQL = """
    SELECT p.id, p.url_path, p.live, p.alias_of_id, pp.page_ptr_id, pp.deadline,
        EXISTS (
            SELECT 1 FROM wagtailcore_pageviewrestriction r
            JOIN wagtailcore_page rp ON rp.id = r.page_id
            WHERE p.path LIKE rp.path || '%%'
        ) AS restricted
    FROM wagtailcore_page p
    JOIN petition_petitionpage pp ON pp.page_ptr_id = p.id
    WHERE p.id = %s AND p.live
"""


def signing_page(pk):
    return next(iter(PetitionPage.objects.raw(SIGNING_PAGE_SQL, [pk])), None)


def whole(page):
    """The page with every field, to render it (the sign endpoint loads few)."""
    if page.get_deferred_fields():
        return PetitionPage.objects.get(pk=page.pk)
    return page


def render_page(page, request, form, status=200, **extra):
    page = whole(page)
    context = page.get_context(request)
    context.update(
        form=form,
        is_open=page.is_open,
        featured=page.featured(),
        public_signers=page.public_signers(),
        notice=request.GET.get("status", ""),
        email_queued=tasks.queues(),
        help_email=settings.PETITION_HELP_EMAIL,
        **extra,
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def sign(page, request):
    """Sign, or show the page again saying why not.

    A database error propagates: the site answers 503, never "sent" for a
    signature it did not store."""
    if not page.is_open:
        return render_page(page, request, None, status=403)
    if not ratelimit.allow(request):
        return render_page(page, request, SignatureForm(), status=429, limited=True)
    form = SignatureForm(request.POST)
    if form.is_bot:
        # Answer as if it worked, so the bot learns nothing.
        return done(page)
    if not form.is_valid():
        return render_page(page, request, form, status=400)
    email = record_signature(page, form.cleaned_data, request.build_absolute_uri("/"))
    return done(page, sent=tasks.deliver(email))


def done(page, sent=True):
    # Page.url, not get_url(request): that would look up the request's Site.
    return HttpResponseRedirect(
        page.url + ("?status=sent" if sent else "?status=delayed")
    )


def record_signature(page, data, base_url):
    """Store the signature and its confirmation email in one transaction;
    the email (or, for a second signature, the one it got).

    One per email: the database constraint decides, also between concurrent
    requests, so there is no look-up before the insert. Only when it fires do
    we find the existing signature (the winner's row, if there was a race)."""
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                petition=page,
                name=data["name"],
                email=data["email"].strip(),
                country=data["country"],
                show_first_name=data["show_first_name"],
                keep_informed=data["keep_informed"],
                language=languages.active(),
            )
            return tasks.queue_email(signature, Email.Kind.CONFIRM, base_url)
    except IntegrityError:
        existing = find_signature(page, data["email"])
        if existing is None:
            # Not a second signature (or it was withdrawn meanwhile): never
            # answer "sent" for a signature that is not stored.
            raise
        return remind(existing, base_url)


def remind(signature, base_url):
    """Email someone who signs again: that they have (or a fresh link), at
    most once per RESEND_INTERVAL however often they try. The new email, or
    within the interval the latest one."""
    if cache.add(f"petition:resent:{signature.pk}", 1, RESEND_INTERVAL):
        kind = (
            Email.Kind.ALREADY_SIGNED if signature.is_confirmed else Email.Kind.CONFIRM
        )
        with transaction.atomic():
            return tasks.queue_email(signature, kind, base_url)
    return signature.emails.first()


def find_signature(page, email):
    return (
        Signature.objects.alias(email_lower=Lower("email"))
        .filter(petition=page, email_lower=Signature.normalise_email(email))
        .first()
    )


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
        if not signature.confirm():
            # Someone confirmed it first (a double click), or withdrew it:
            # read which, so a double click never shows the button again.
            signature = signature_or_none(pk)
            if signature is None:
                return message(request, "gone", status=404)
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
