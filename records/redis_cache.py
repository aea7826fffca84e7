"""Django's Redis cache, with one Redis client per connection pool, that
never raises and never stalls.

Django builds a new `redis.Redis` for every cache call, and each one fills
in some 170 response callbacks: about 0.25 ms of CPU, as much as the call
itself. A client is safe to share between threads (its pool hands out the
connections), so one is kept per pool.

A cache is an optimisation, so Redis being down or frozen must not fail a
request: every call has short socket timeouts (CACHE_TIMEOUT_SECONDS), and a
connection error or timeout answers as a miss (get: the default; add, touch,
delete, has_key: False; incr: the ValueError of a missing key). After a
failure the server is left alone for RETRY_SECONDS, so a dead Redis costs no
connection attempt per call; `available` says whether it is in that rest, for
callers that need a fallback (records.ratelimit counts in the database). The
log gets one warning when Redis goes away and one line when it is back.
"""

import logging
import re

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

from records.outage import Outage

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
UNAVAILABLE = object()

# One per server list, shared by the cache objects of every thread.
outages = {}


def outage_of(servers):
    key = ",".join(servers)
    if key not in outages:
        # The log names the servers without any password in their URL.
        name = "Cache " + re.sub(r"//[^@/]*@", "//", key)
        outages.setdefault(key, Outage(name, logger, logging.WARNING, RETRY_SECONDS))
    return outages[key]


class SharedRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *args, **kwargs):
        super().__init__(servers, *args, **kwargs)
        self._clients = {}
        self.outage = outage_of(servers)

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def call(self, fallback, method, *args):
        """method(*args), or `fallback` when Redis does not answer."""
        if not self.outage.worth_trying():
            return fallback
        try:
            result = method(*args)
        except (self._lib.ConnectionError, self._lib.TimeoutError) as error:
            self.outage.failed(error)
            return fallback
        self.outage.recovered()
        return result

    def add(self, key, value, timeout):
        return self.call(False, super().add, key, value, timeout)

    def get(self, key, default):
        return self.call(default, super().get, key, default)

    def set(self, key, value, timeout):
        self.call(None, super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self.call(False, super().touch, key, timeout)

    def delete(self, key):
        return self.call(False, super().delete, key)

    def get_many(self, keys):
        return self.call({}, super().get_many, keys)

    def has_key(self, key):
        return self.call(False, super().has_key, key)

    def incr(self, key, delta):
        result = self.call(UNAVAILABLE, super().incr, key, delta)
        if result is UNAVAILABLE:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.")
        return result

    def set_many(self, data, timeout):
        self.call(None, super().set_many, data, timeout)

    def delete_many(self, keys):
        self.call(None, super().delete_many, keys)

    def clear(self):
        return self.call(False, super().clear)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedRedisCacheClient
        seconds = settings.CACHE_TIMEOUT_SECONDS
        self._options = {
            "socket_connect_timeout": seconds,
            "socket_timeout": seconds,
            **self._options,
        }

    @property
    def available(self):
        """False while Redis is left alone after a failure."""
        return self._cache.outage.worth_trying()
