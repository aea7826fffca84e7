"""Fixed-window hit counters for rate limits (the petition's, the API's).

They count in the cache, shared by every app server, and in the database
(RateCount) while the cache is unreachable, so that a limit never switches
off with Redis. Keys are salted hashes of the client's address
(records.clientip.client_key), never the address.
"""

import time

from django.core.cache import cache

from records.cache import cache_available
from records.models import RateCount


def hit(key, seconds):
    """Count one hit on `key` in the current window of `seconds`: the hits in
    that window so far, this one included."""
    window = int(time.time()) // seconds
    if cache_available():
        hits = hit_in_cache(f"docket:rate:{key}:{seconds}:{window}", seconds)
        if cache_available():  # no failure on the way
            return hits
    return RateCount.hit(f"{key}:{seconds}", (window + 1) * seconds)


def hit_in_cache(name, seconds):
    if cache.add(name, 1, timeout=seconds + 1):
        return 1
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=seconds + 1)
        return 1


def seconds_left(seconds):
    """Until the current window of `seconds` closes: when to try again."""
    return seconds - int(time.time()) % seconds
