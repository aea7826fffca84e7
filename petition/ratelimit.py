"""A per-client limit on signing, kept in the default cache (Redis in
production, so every app server shares it).

The key is a salted hash of the client's address, never the address itself,
and it expires with its window. Two windows, as alphagov/e-petitions does: a
burst limit and a sustained one.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

# settings.PETITION_RATE_LIMITS: (requests, seconds) pairs, by default 5 a
# minute and 30 an hour. A shared address (an office, a campus) signs at most
# this fast.


def client_ip(request):
    """The client's address: REMOTE_ADDR, or, behind NUM_PROXIES proxies (the
    setting the API's throttling reads too), the address the outermost of
    them put in X-Forwarded-For. Entries to its left are whatever the client
    wrote, so they are never trusted."""
    proxies = getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES") or 0
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request):
    """A salted hash of the client's address (salt derived from SECRET_KEY)."""
    return salted_hmac("petition.client", client_ip(request)).hexdigest()


def allow(request, scope="sign"):
    """Count this request; False once the client is over any limit."""
    limits = settings.PETITION_RATE_LIMITS
    if not limits:
        return True
    key = client_key(request)
    now = int(time.time())
    allowed = True
    for limit, seconds in limits:
        name = f"petition:rate:{scope}:{seconds}:{now // seconds}:{key}"
        cache.add(name, 0, timeout=seconds + 1)
        try:
            hits = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=seconds + 1)
            hits = 1
        if hits > limit:
            allowed = False
    return allowed
