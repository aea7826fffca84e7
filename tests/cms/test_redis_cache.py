"""The Redis cache backend (records/redis_cache.py): one client per pool, and
a miss instead of an error or a stall when Redis is down or frozen.

The tests of a working Redis need a server on 127.0.0.1:6379 (database 14);
they are skipped without one, as on a machine with only Python."""

import logging
import time
import uuid

import pytest

from records import redis_cache
from records.redis_cache import RedisCache
from tests.cms.redis_servers import REDIS_DOWN, REDIS_UP, frozen_redis, redis_running

needs_redis = pytest.mark.skipif(
    not redis_running(), reason="needs Redis on 127.0.0.1:6379"
)


@pytest.fixture(autouse=True)
def no_outage_yet(monkeypatch):
    """Each test starts with every server thought well."""
    monkeypatch.setattr(redis_cache, "outages", {})


def make_cache(url):
    return RedisCache(url, {"KEY_PREFIX": uuid.uuid4().hex})


@pytest.fixture
def up():
    cache = make_cache(REDIS_UP)
    yield cache
    cache.clear()


@needs_redis
def test_one_client_serves_every_call(up):
    client = up._cache.get_client()
    assert up._cache.get_client(write=True) is client
    assert up._cache.get_client("some-key") is client


@needs_redis
def test_it_is_still_a_cache(up):
    up.set("a", {"days": 1613}, 60)
    up.set_many({"b": 2, "c": 3}, 60)
    assert up.get("a") == {"days": 1613}
    assert up.get_many(["a", "b", "c", "missing"]) == {
        "a": {"days": 1613},
        "b": 2,
        "c": 3,
    }
    assert up.add("a", "other") is False
    assert up.incr("b") == 3
    assert up.touch("b", 60) is True
    assert up.has_key("b") is True
    up.delete("a")
    assert up.get("a") is None
    assert up.available


def test_timeouts_are_short_and_from_settings(settings):
    settings.CACHE_TIMEOUT_SECONDS = 0.1
    pool = make_cache(REDIS_DOWN)._cache._get_connection_pool(write=True)
    assert pool.connection_kwargs["socket_connect_timeout"] == 0.1
    assert pool.connection_kwargs["socket_timeout"] == 0.1


def every_call(cache):
    """Each cache operation with what it answers when Redis is gone."""
    return [
        (lambda: cache.get("a"), None),
        (lambda: cache.get("a", "default"), "default"),
        (lambda: cache.set("a", 1, 60), None),
        (lambda: cache.add("a", 1, 60), False),
        (lambda: cache.get_many(["a", "b"]), {}),
        (lambda: cache.set_many({"a": 1}, 60), []),
        (lambda: cache.delete("a"), False),
        (lambda: cache.delete_many(["a", "b"]), None),
        (lambda: cache.touch("a", 60), False),
        (lambda: cache.has_key("a"), False),
        (lambda: cache.get_or_set("a", 5, 60), 5),
        (lambda: cache.clear(), False),
    ]


def test_a_dead_redis_answers_misses_and_logs_once(caplog):
    cache = make_cache(REDIS_DOWN)
    with caplog.at_level(logging.INFO, logger="records.redis_cache"):
        for _ in range(3):
            for call, answer in every_call(cache):
                assert call() == answer
            with pytest.raises(ValueError):
                cache.incr("a")
    assert not cache.available
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "Cache redis://127.0.0.1:1/0 unavailable" in record.getMessage()
    assert "ConnectionError" in record.getMessage()


def test_the_log_never_shows_a_password(caplog):
    cache = make_cache("redis://:s3cret-pass@127.0.0.1:1/0")
    with caplog.at_level(logging.WARNING, logger="records.redis_cache"):
        cache.get("a")
    assert "s3cret-pass" not in caplog.text
    assert "redis://127.0.0.1:1/0" in caplog.text


def test_a_frozen_redis_stalls_one_call_then_none(settings):
    settings.CACHE_TIMEOUT_SECONDS = 0.2
    with frozen_redis() as (url, accepted):
        cache = make_cache(url)
        start = time.monotonic()
        assert cache.get("a") is None
        first = time.monotonic() - start
        assert 0.15 < first < 1
        start = time.monotonic()
        for _ in range(100):
            for call, answer in every_call(cache):
                assert call() == answer
        assert time.monotonic() - start < 0.5
        # Resting: no connection was even tried after the first failure.
        assert len(accepted) == 1
        assert not cache.available


@needs_redis
def test_after_its_rest_redis_is_tried_again_and_its_return_logged(up, caplog):
    outage = up._cache.outage
    with caplog.at_level(logging.INFO, logger="records.redis_cache"):
        outage.failed(ConnectionError("Connection refused"))
        up.set("a", 1, 60)
        assert up.get("a") is None  # resting: not even tried
        outage.retry_at = 0  # the rest is over
        assert up.available
        up.set("a", 1, 60)
        assert up.get("a") == 1
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.INFO]
    assert "available again" in caplog.records[1].getMessage()
