"""Anonymous GETs of public pages and API lists, served from the cache.

Every cached response is keyed by the public version (`PublicVersion`, one
database row); saving or deleting any record, page or image bumps it, so the
very next request, in any app process, sees the change. The API builds its
ETags from the same number. Responses that carry a CSRF form, set a cookie,
say private/no-store, or answer a signed-in user are never cached. With the
cache unreachable every answer comes from the database (records.redis_cache
answers a miss).
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

from wagtail.images.models import AbstractImage
from wagtail.models import Page

from records import languages
from records.models import PublicVersion, Record

PRIVATE_PATHS = ("/admin/", "/documents/", "/healthz", "/livez")
# Saves that only touch the editorial bookkeeping never change a public page.
BOOKKEEPING_FIELDS = {
    "latest_revision",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
    "latest_revision_created_at",
}
# Cache-Control too: a share card's `public, max-age` (records.share_image)
# must survive a hit; a private or no-store response is never stored.
CACHED_HEADERS = (
    "Cache-Control",
    "Content-Type",
    "Content-Language",
    "ETag",
    "Last-Modified",
    "Vary",
)


def cache_available():
    """Whether the default cache answers: False while our Redis backend leaves
    a failed server alone (records.redis_cache); a memory cache always does."""
    return getattr(cache, "available", True)


def public_version(request=None):
    """(number, changed_at) of what the public sees; read once per request."""
    if request is not None and hasattr(request, "public_version"):
        return request.public_version
    row = PublicVersion.objects.filter(pk=1).values_list("number", "changed_at")
    version = row.first() or (0, None)
    if request is not None:
        request.public_version = version
    return version


def last_modified(request=None):
    """When the public answer last changed: the last publish, or midnight,
    since days in detention count up every day."""
    _number, changed_at = public_version(request)
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time())
    )
    return max(changed_at, midnight) if changed_at else midnight


def bump_public_version():
    now = timezone.now()
    bumped = PublicVersion.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=now
    )
    if not bumped:
        PublicVersion.objects.get_or_create(
            pk=1, defaults={"number": 1, "changed_at": now}
        )


def invalidate(sender=None, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    bump_public_version()


def connect_invalidation():
    """Called from RecordsConfig.ready(): any record, page or image change bumps
    the public version."""

    def on_change(sender, **kwargs):
        if issubclass(sender, Record | Page | AbstractImage):
            invalidate(**kwargs)

    post_save.connect(on_change, dispatch_uid="docket-cache-save", weak=False)
    post_delete.connect(on_change, dispatch_uid="docket-cache-delete", weak=False)


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if not seconds or not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            headers = {h: response[h] for h in CACHED_HEADERS if h in response}
            cache.set(key, (response.status_code, headers, response.content), seconds)
            response["X-Cache"] = "miss"
        return response

    def cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(PRIVATE_PATHS)
        )

    def cacheable_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not any(w in cache_control for w in ("private", "no-store", "no-cache"))
            and not (user is not None and user.is_authenticated)
        )

    def key(self, request):
        # The Accept header picks JSON, CSV or the browsable API for one URL;
        # the day is in the key because days in detention count up.
        accept = request.headers.get("Accept", "")
        host = request.get_host()
        return (
            f"docket:page:{public_version(request)[0]}:{timezone.localdate()}:"
            f"{host}:{request.get_full_path()}:{accept}:{languages.of_request(request)}"
        )
