"""Anonymous throttling, its rate from settings."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from records import ratelimit
from records.clientip import client_key


class AnonThrottle(AnonRateThrottle):
    """Anonymous requests per client, the rate from API_THROTTLE_RATE (read
    at each request, so tests and settings overrides take effect). An empty
    rate turns throttling off.

    DRF's own counting keeps a list of timestamps in the cache and stops
    counting when the cache is gone; this counts in the fixed windows of
    records.ratelimit instead, in the database while the cache is down. The
    client is the one address of records.clientip (DRF's get_ident trusts
    X-Forwarded-For unless told otherwise), hashed."""

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return getattr(settings, "API_THROTTLE_RATE", "120/minute") or None

    def get_ident(self, request):
        return client_key(request, "api.throttle")

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        return ratelimit.hit(key, self.duration) <= self.num_requests

    def wait(self):
        return ratelimit.seconds_left(self.duration)
