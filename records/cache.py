"""Anonymous GETs of public pages and API lists, served from the cache.

Every cached response is stored with the public version it was built under
(`PublicVersion`, one database row); saving or deleting any record, page or
image bumps it, so the very next request, in any app process, sees the
change. The API builds its ETags from the same number. Responses that carry
a CSRF form, set a cookie, say private/no-store, or answer a signed-in user
are never cached. With the cache unreachable every answer comes from the
database (records.redis_cache answers a miss).

A cache hit is the busiest path of the site, so where the cache is shared
by every app process (Redis) it waits on nothing:
- Redis keeps a copy of the version number, raised after each publish
  commits, which then announces the new number on VERSION_KEY's channel.
- Each process keeps the number it last read and its most used pages in
  its own memory (`Local`), and at the start of each request reads,
  without waiting, whatever announcements have arrived. So a publish shows
  at once in every process, and a hit costs no round trip at all.
- Where a message could have been missed, the process reads the copy
  again: after a lost connection, and every CHECK_SECONDS in any case. The
  copy itself lives VERSION_COPY_SECONDS, then is read from the database
  again, so that a change made behind Docket's back (SQL, or a publish
  while Redis was unreachable) shows within that long.
A cache of this process alone (memory) cannot hear of other processes'
publishes, so there every request reads the version from the database.
"""

import datetime
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from wagtail.images.models import AbstractImage
from wagtail.models import Page

from records import languages
from records.models import PublicVersion, Record

PRIVATE_PATHS = ("/admin/", "/documents/", "/healthz", "/livez", "/bench/")
# Served by WhiteNoise or the web server, never from this cache.
FILE_PATHS = (settings.STATIC_URL, settings.MEDIA_URL)
VERSION_KEY = "docket:public-version"
VERSION_COPY_SECONDS = 5
CHECK_SECONDS = 1
# The pages a process keeps in its own memory, at most (bytes of content).
LOCAL_PAGE_BYTES = 16 * 1024 * 1024
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


def cache_available():
    """Whether the default cache answers: False while our Redis backend leaves
    a failed server alone (records.redis_cache); a memory cache always does."""
    return getattr(cache, "available", True)


def cache_is_shared():
    """Whether every app process sees the same cache (records.redis_cache)."""
    return getattr(cache, "shared", False)


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
    if cache_is_shared() and not copy_pending():
        # Once the change is visible to others: before, a page built from
        # the old rows would be stored under the new number.
        transaction.on_commit(copy_public_version)


def copy_pending():
    """Whether this transaction already copies the version when it commits:
    an import saving thousands of records copies it once."""
    waiting = transaction.get_connection().run_on_commit
    return any(func is copy_public_version for _ids, func, _robust in waiting)


def copy_public_version():
    """Raise the shared cache's copy of the version to the database's (never
    lower it, when two publishes' commits arrive out of order), then tell
    every process."""
    number = PublicVersion.objects.filter(pk=1).values_list("number", flat=True)
    number = number.first() or 0
    cache.raise_to(VERSION_KEY, number, VERSION_COPY_SECONDS)
    local.forget_version()
    cache.publish(cache.make_key(VERSION_KEY), number)


class Local:
    """This process's memory of the shared cache: the version number, kept
    true by the announcements of each publish, and the pages last served."""

    def __init__(self):
        self.lock = threading.Lock()
        self.subscription = None
        self.number = None
        self.checked = 0.0
        self.pages = OrderedDict()
        self.page_bytes = 0

    def version(self, request):
        """(the version number, whether this process's own memory may answer:
        only while announcements reach it and Redis answers)."""
        with self.lock:
            subscribed = self.hear_announcements()
            now = time.monotonic()
            if self.number is not None and now - self.checked <= CHECK_SECONDS:
                return self.number, True
            number = cache.get(VERSION_KEY)
            if number is None:
                number = public_version(request)[0]
                cache.add(VERSION_KEY, number, VERSION_COPY_SECONDS)
            trusted = subscribed and cache_available()
            self.number = number if trusted else None
            self.checked = now
            return number, trusted

    def hear_announcements(self):
        """Whether subscribed; forgets the number when a publish was heard,
        or may have been missed."""
        subscription = self.subscription
        channel = cache.make_key(VERSION_KEY)
        if (
            subscription is None
            or subscription.pid != os.getpid()
            or subscription.channel != channel
        ):
            # First use, a forked worker (its parent's socket is not its
            # own), a lost connection, or another cache (the tests'): the
            # pages kept were another cache's, or may be.
            self.subscription = cache.subscribe(channel)
            self.number = None
            self.pages.clear()
            self.page_bytes = 0
            return self.subscription is not None
        heard = subscription.poll()
        if heard is None:
            self.subscription = None
        if heard != []:
            self.number = None
        return heard is not None

    def forget_version(self):
        with self.lock:
            self.number = None

    def page(self, key, number):
        with self.lock:
            page = self.pages.get(key)
            if page is not None and page[0] == number:
                self.pages.move_to_end(key)
                return page
        return None

    def keep(self, key, page):
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.page_bytes -= len(old[3])
            self.pages[key] = page
            self.page_bytes += len(page[3])
            while self.page_bytes > LOCAL_PAGE_BYTES:
                _key, dropped = self.pages.popitem(last=False)
                self.page_bytes -= len(dropped[3])


local = Local()


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
    """The outermost middleware: a hit is answered with the whole response
    the stack gave on the miss, its security headers, Vary and ETag
    included, so it runs none of the stack. Whatever those headers depend on
    is in the key: the scheme (HSTS), the Origin (CORS), and on an English
    address the language the reader's browser asks for (a first visit in
    Belarusian goes to /be/, records.languages.first_visit)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if not seconds or not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        # Read before the page is built: a publish committed meanwhile
        # leaves it stored under the older number, so never served again.
        number, kept_here, stored = self.version_and_page(request, key)
        if stored is not None and stored[0] == number:
            _number, status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Cache"] = "hit"
            # As ConditionalGetMiddleware does: If-None-Match, If-Modified-Since.
            return get_conditional_response(
                request,
                etag=headers.get("ETag"),
                last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
                response=response,
            )
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            headers = dict(response.items())
            stored = (number, response.status_code, headers, response.content)
            cache.set(key, stored, seconds)
            if kept_here:
                local.keep(key, stored)
            response["X-Cache"] = "miss"
        return response

    def version_and_page(self, request, key):
        """(public version number, whether this process keeps pages in its
        own memory, the stored answer or None)."""
        if not cache_is_shared():
            return public_version(request)[0], False, cache.get(key)
        number, trusted = local.version(request)
        if not trusted:
            return number, False, cache.get(key)
        page = local.page(key, number)
        if page is None:
            page = cache.get(key)
            if page is not None and page[0] == number:
                local.keep(key, page)
        return number, True, page

    def cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(PRIVATE_PATHS + FILE_PATHS)
        )

    def cacheable_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            # Wagtail's previews run through the stack as a request too.
            and not getattr(request, "is_preview", False)
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not any(w in cache_control for w in ("private", "no-store", "no-cache"))
            and not (user is not None and user.is_authenticated)
        )

    def key(self, request):
        # The Accept header picks JSON, CSV or the browsable API for one URL;
        # the day is in the key because days in detention count up.
        meta = request.META
        asked = ""
        if languages.is_english_page(request.path_info):
            asked = languages.wanted(request)
        return (
            f"docket:page:{timezone.localdate()}:{request.scheme}://"
            f"{request.get_host()}{request.get_full_path()}:"
            f"{meta.get('HTTP_ACCEPT', '')}:{meta.get('HTTP_ORIGIN', '')}:"
            f"{languages.of_request(request)}:{asked}"
        )
