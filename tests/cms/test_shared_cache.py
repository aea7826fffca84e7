"""The page cache on Redis (records/cache.py): a hit waits on nothing, yet
a publish shows at once in every process.

Each process keeps the version number and the pages it served in its own
memory (`Local`), kept true by the announcement every publish sends on Redis.
A second `Local` stands for another app process: it has its own connection
and hears only what Redis tells it. Needs Redis on 127.0.0.1:6379."""

import contextlib
import time
import uuid

import pytest

from django.core.cache import cache
from django.db import connection
from django.db.models import F

from defenders.factories import DefenderFactory
from records import cache as public_cache
from records import redis_cache
from records.models import PublicVersion
from tests.cms.redis_servers import REDIS_UP, redis_running

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_running(), reason="needs Redis on 127.0.0.1:6379"),
]


@pytest.fixture(autouse=True)
def shared_cache(settings, monkeypatch):
    monkeypatch.setattr(redis_cache, "outages", {})
    monkeypatch.setattr(public_cache, "local", public_cache.Local())
    settings.PUBLIC_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": "records.redis_cache.RedisCache",
            "LOCATION": REDIS_UP,
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block that ends as a commit does: what waits on the commit runs, and
    is then gone (the test's own transaction never commits)."""

    @contextlib.contextmanager
    def committed():
        start = len(connection.run_on_commit)
        with django_capture_on_commit_callbacks(execute=True):
            yield
        del connection.run_on_commit[start:]

    return committed


@pytest.fixture
def publish(committed):
    """Publish a defender, as the admin does, and commit."""

    def publish(defender):
        with committed():
            defender.save_revision().publish()

    return publish


def test_a_hit_asks_neither_the_database_nor_redis(
    client, rf, django_assert_num_queries
):
    DefenderFactory(name="Ales Example")
    assert client.get("/defenders/")["X-Cache"] == "miss"
    # Redis losing the page does not matter: this process kept it.
    cache.delete(public_cache.PublicCacheMiddleware(None).key(rf.get("/defenders/")))
    with django_assert_num_queries(0):
        hit = client.get("/defenders/")
    assert hit["X-Cache"] == "hit"
    assert b"Ales Example" in hit.content


def test_a_publish_shows_at_once_here_and_in_another_process(
    client, rf, committed, publish
):
    with committed():
        draft = DefenderFactory(name="Valiantsin Example", live=False)
        draft.save_revision()
    assert b"Valiantsin Example" not in client.get("/defenders/").content
    assert client.get("/defenders/")["X-Cache"] == "hit"
    other = public_cache.Local()
    before, trusted = other.version(rf.get("/"))
    assert trusted

    publish(draft)

    response = client.get("/defenders/")
    assert response["X-Cache"] == "miss"
    assert b"Valiantsin Example" in response.content
    # The other process heard the announcement: no wait for its next check.
    after, _trusted = other.version(rf.get("/"))
    assert after == before + 1 == PublicVersion.objects.get().number


def test_a_process_that_lost_its_subscription_reads_the_copy_again(
    rf, committed, publish
):
    with committed():
        draft = DefenderFactory(name="Marfa Example", live=False)
    other = public_cache.Local()
    before, _trusted = other.version(rf.get("/"))
    # The connection drops; the publish's announcement never reaches it.
    other.subscription.pubsub.connection.disconnect()
    publish(draft)
    now = PublicVersion.objects.get().number
    assert now > before
    assert other.version(rf.get("/")) == (now, False)  # until subscribed again
    assert other.version(rf.get("/")) == (now, True)


def test_a_change_behind_dockets_back_shows_within_the_copys_life(client, monkeypatch):
    monkeypatch.setattr(public_cache, "VERSION_COPY_SECONDS", 0.3)
    monkeypatch.setattr(public_cache, "CHECK_SECONDS", 0.1)
    defender = DefenderFactory(name="Nasta Example")
    client.get("/defenders/")
    type(defender).objects.filter(pk=defender.pk).update(name="Nasta Changed")
    PublicVersion.objects.filter(pk=1).update(number=F("number") + 1)
    time.sleep(0.5)
    assert b"Nasta Changed" in client.get("/defenders/").content


def test_the_copy_is_never_lowered():
    cache.raise_to("number", 7, 60)
    cache.raise_to("number", 5, 60)
    assert cache.get("number") == 7
    cache.raise_to("number", 8, 60)
    assert cache.get("number") == 8


def test_a_rolled_back_publish_announces_nothing(rf):
    from django.db import transaction

    other = public_cache.Local()
    before, _trusted = other.version(rf.get("/"))
    with transaction.atomic():
        DefenderFactory(name="Ihar Example").save_revision().publish()
        transaction.set_rollback(True)
    assert other.version(rf.get("/")) == (before, True)


def test_a_transaction_of_many_saves_copies_the_version_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        for n in range(5):
            DefenderFactory(name=f"Imported Example {n}")
    assert callbacks.count(public_cache.copy_public_version) == 1
