"""A per-client limit on signing, two windows as alphagov/e-petitions does:
a burst limit and a sustained one.

Counted in the cache (Redis in production, so every app server shares it),
or in the database while the cache is unreachable (records.ratelimit). The
key is a salted hash of the client's address (records.clientip), never the
address itself, and it expires with its window.
"""

from django.conf import settings

from records import ratelimit
from records.clientip import client_key

# settings.PETITION_RATE_LIMITS: (requests, seconds) pairs, by default 5 a
# minute and 30 an hour. A shared address (an office, a campus) signs at most
# this fast.


def allow(request, scope="sign"):
    """Count this request in every window; False once the client is over any
    limit."""
    limits = settings.PETITION_RATE_LIMITS
    if not limits:
        return True
    key = f"petition:{scope}:{client_key(request, 'petition.client')}"
    hits = [(ratelimit.hit(key, seconds), limit) for limit, seconds in limits]
    return all(count <= limit for count, limit in hits)
