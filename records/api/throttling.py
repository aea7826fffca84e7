"""Anonymous throttling, its rate from settings."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonThrottle(AnonRateThrottle):
    """Anonymous requests per client IP; the rate comes from API_THROTTLE_RATE
    (read at each request, so tests and settings overrides take effect).
    An empty rate turns throttling off."""

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return getattr(settings, "API_THROTTLE_RATE", "120/minute") or None
