"""The Redis cache backend shares one client per pool (cms/redis_cache.py).

Needs a Redis server on 127.0.0.1:6379 (database 15, emptied); skipped
without one, as on a machine with only Python."""

import socket
import uuid

import pytest

from records.redis_cache import RedisCache


def redis_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not redis_running(), reason="needs Redis on 127.0.0.1:6379"
)


@pytest.fixture
def redis_cache():
    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": uuid.uuid4().hex})
    yield cache
    cache.clear()


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client("some-key") is client


def test_it_is_still_a_cache(redis_cache):
    redis_cache.set("a", {"days": 1613}, 60)
    redis_cache.set_many({"b": 2, "c": 3}, 60)
    assert redis_cache.get("a") == {"days": 1613}
    assert redis_cache.get_many(["a", "b", "c", "missing"]) == {
        "a": {"days": 1613},
        "b": 2,
        "c": 3,
    }
    assert redis_cache.add("a", "other") is False
    assert redis_cache.incr("b") == 3
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
