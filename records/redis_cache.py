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
import os
import re

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

from records.outage import Outage

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
UNAVAILABLE = object()
# SET the key to ARGV[1] (for ARGV[2] ms) unless it already holds a number
# at least as large: one step in Redis, so two writers cannot interleave.
RAISE_TO = """
if (tonumber(redis.call('GET', KEYS[1])) or -1) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
"""

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

    def raise_to(self, key, number, timeout):
        client = self.get_client(key, write=True)
        self.call(None, client.eval, RAISE_TO, 1, key, number, int(timeout * 1000))

    def publish(self, channel, message):
        self.call(None, self.get_client(write=True).publish, channel, message)

    def subscribe(self, channel):
        return self.call(None, Subscription, self.get_client(), channel, self._lib)

    def delete_many(self, keys):
        self.call(None, super().delete_many, keys)

    def clear(self):
        return self.call(False, super().clear)


class Subscription:
    """One channel's messages, read without waiting. It holds one of the
    pool's connections for as long as it lives."""

    def __init__(self, client, channel, lib):
        self.errors = (lib.ConnectionError, lib.TimeoutError, OSError)
        self.pid = os.getpid()
        self.channel = channel
        self.pubsub = client.pubsub()
        self.pubsub.subscribe(channel)
        # Subscribed once Redis says so: a message published before that
        # would be lost while the caller thinks itself up to date.
        confirmed = self.pubsub.get_message(timeout=settings.CACHE_TIMEOUT_SECONDS)
        if not confirmed or confirmed["type"] != "subscribe":
            self.close()
            raise lib.TimeoutError(f"No confirmation of the subscription to {channel}")
        # redis-py connects again after a drop, and subscribes again, without
        # a word: what was published in between is lost.
        self.lost = False
        self.pubsub.connection.register_connect_callback(self.connected_again)

    def connected_again(self, connection):
        self.lost = True

    def poll(self):
        """The messages that arrived since the last call, or None once the
        connection is lost: from then on, the caller has missed some."""
        messages = []
        try:
            while (message := self.pubsub.get_message(timeout=0)) is not None:
                if message["type"] == "message":
                    messages.append(message["data"])
        except self.errors:
            self.lost = True
        if self.lost:
            self.close()
            return None
        return messages

    def close(self):
        try:
            self.pubsub.close()
        except self.errors:
            pass


class RedisCache(DjangoRedisCache):
    # Every app process sees the same entries (records.cache).
    shared = True

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedRedisCacheClient
        seconds = settings.CACHE_TIMEOUT_SECONDS
        self._options = {
            "socket_connect_timeout": seconds,
            "socket_timeout": seconds,
            **self._options,
        }

    def raise_to(self, key, number, timeout, version=None):
        """Store the integer `number` unless the key holds a larger one."""
        key = self.make_and_validate_key(key, version=version)
        self._cache.raise_to(key, number, self.get_backend_timeout(timeout))

    def publish(self, channel, message):
        self._cache.publish(channel, message)

    def subscribe(self, channel):
        """A Subscription to `channel` (a name as it is in Redis, not a cache
        key), or None while Redis does not answer."""
        return self._cache.subscribe(channel)

    @property
    def available(self):
        """False while Redis is left alone after a failure."""
        return self._cache.outage.worth_trying()
