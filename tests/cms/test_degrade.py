"""With Redis up, down (a closed port) or frozen (a server that never
answers), the site answers as usual, from the database, each request within
about a second; the limits keep counting (in the database); /healthz says
which dependency is missing, /livez stays 200.

Redis "up" needs a server on 127.0.0.1:6379 (database 14) and is skipped
without one."""

import logging
import time
import uuid

import pytest

from django.core import mail
from django.core.cache import cache
from django.test import Client

from records import redis_cache
from records.models import RateCount
from tests.cms.redis_servers import REDIS_DOWN, REDIS_UP, frozen_redis, redis_running
from tests.petition.helpers import confirm_path, sign_data, sign_url

pytestmark = pytest.mark.django_db

# About a second, with room for a busy two-core test machine; a frozen Redis
# without a timeout took five seconds per request. That no cache call stalls
# after the first failure is timed closely in test_redis_cache.py.
SECONDS_PER_REQUEST = 2.0


@pytest.fixture(params=["up", "down", "frozen"])
def redis(request, settings, monkeypatch, case_file):
    """The site on our Redis backend, in each state; yields the state."""
    state = request.param
    if state == "up" and not redis_running():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    monkeypatch.setattr(redis_cache, "outages", {})
    settings.PUBLIC_CACHE_SECONDS = 120
    settings.PETITION_RATE_LIMITS = ((5, 60), (30, 3600))

    def use(url):
        settings.CACHES = {
            "default": {
                "BACKEND": "records.redis_cache.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": uuid.uuid4().hex,
            }
        }

    if state == "frozen":
        with frozen_redis() as (url, _accepted):
            use(url)
            yield state
    else:
        use(REDIS_UP if state == "up" else REDIS_DOWN)
        yield state
        cache.clear()


@pytest.fixture
def case_file(home_page, client):
    """A defender, an event and a petition, and one request made so that
    templates and URL patterns are loaded before anything is timed."""
    from defenders.factories import DefenderFactory
    from events.factories import EventFactory
    from petition.factories import make_petition

    defender = DefenderFactory(name="Alpha Test Defender", slug="alpha-test")
    event = EventFactory(title="Raids", slug="raids", defenders=[defender])
    petition = make_petition()
    for path in ["/", defender.get_absolute_url(), petition.url]:
        client.get(path)
    return {"defender": defender, "event": event, "petition": petition}


def timed(call, *args, **kwargs):
    start = time.monotonic()
    response = call(*args, **kwargs)
    elapsed = time.monotonic() - start
    assert elapsed < SECONDS_PER_REQUEST, f"{args[0]} took {elapsed:.2f} s"
    return response


def public_paths(case_file):
    return [
        "/",
        "/defenders/",
        case_file["defender"].get_absolute_url(),
        "/events/",
        case_file["event"].get_absolute_url(),
        case_file["petition"].url,
        "/search/?q=alpha",
        "/feeds/updates.xml",
        "/sitemap.xml",
    ]


def test_every_public_page_answers(redis, case_file):
    client = Client()
    for _ in range(2):  # the second time from the cache, when it answers
        for path in public_paths(case_file):
            response = timed(client.get, path)
            assert response.status_code == 200, path
    if redis == "up":
        assert client.get("/defenders/")["X-Cache"] == "hit"
    else:
        assert client.get("/defenders/")["X-Cache"] == "miss"


@pytest.mark.parametrize(
    "path", ["/api/v1/defenders/", "/api/v1/stats/", "/api/v1/defenders/alpha-test/"]
)
def test_the_api_answers_json(redis, case_file, path):
    client = Client()
    for _ in range(2):
        response = timed(client.get, path)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json()


def test_a_bad_api_request_is_still_a_json_400(redis, case_file):
    response = timed(Client().get, "/api/v1/events/", {"date_after": "yesterday"})
    assert response.status_code == 400
    assert "date_after" in response.content.decode()


def test_signing_and_confirming(redis, case_file):
    from petition.models import Signature

    petition = case_file["petition"]
    client = Client()
    response = timed(client.post, sign_url(petition), sign_data())
    assert response.status_code == 302
    assert response["Location"] == petition.url + "?status=sent"
    signature = Signature.objects.get()
    assert timed(client.get, response["Location"]).status_code == 200

    path = confirm_path(mail.outbox[0])
    assert timed(client.get, path).status_code == 200
    response = timed(client.post, path)
    assert response.status_code == 302
    assert response["Location"].endswith("?status=confirmed")
    signature.refresh_from_db()
    petition.refresh_from_db()
    assert signature.confirmed_at is not None
    assert petition.signature_count == 1


def test_the_petition_limit_still_counts(redis, case_file, settings):
    settings.PETITION_RATE_LIMITS = ((2, 60),)
    petition = case_file["petition"]
    client = Client(REMOTE_ADDR="203.0.113.77")
    answers = [
        timed(client.post, sign_url(petition), sign_data(email=f"{n}@example.org"))
        for n in range(3)
    ]
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert_counted_where_expected(redis, "203.0.113.77")


def test_the_api_throttle_still_counts(redis, case_file, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    settings.PUBLIC_CACHE_SECONDS = 0  # every request reaches the API
    client = Client(REMOTE_ADDR="203.0.113.77")
    answers = [timed(client.get, "/api/v1/stats/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1]["Content-Type"] == "application/json"
    assert_counted_where_expected(redis, "203.0.113.77")


def assert_counted_where_expected(redis, address):
    """In Redis when it answers, else in the database: under a salted hash."""
    keys = list(RateCount.objects.values_list("key", flat=True))
    if redis == "up":
        assert keys == []
    else:
        assert keys
        assert not any(address in key for key in keys)


def test_health(redis, case_file):
    client = Client()
    health = timed(client.get, "/healthz")
    live = timed(client.get, "/livez")
    assert live.status_code == 200
    assert live.json() == {"database": "ok"}
    if redis == "up":
        assert health.status_code == 200
        assert health.json() == {"database": "ok", "cache": "ok", "tasks": "ok"}
    else:
        assert health.status_code == 503
        assert health.json() == {
            "database": "ok",
            "cache": "unavailable",
            "tasks": "ok",
        }
    assert "X-Cache" not in health and "X-Cache" not in live


def test_an_outage_is_one_warning_not_a_line_per_request(redis, case_file, caplog):
    if redis == "up":
        pytest.skip("no outage")
    client = Client()
    with caplog.at_level(logging.INFO):
        for path in [*public_paths(case_file), "/api/v1/defenders/", "/healthz"]:
            client.get(path)
    outage = [r for r in caplog.records if r.name == "records.redis_cache"]
    assert len(outage) == 1
    assert outage[0].levelno == logging.WARNING
    assert not [r for r in caplog.records if r.exc_info]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# The task queue, when a worker sends the emails (TASKS_BACKEND=database)


@pytest.fixture
def task_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_MAX_WAIT_SECONDS = 600


def queue_task(waited_seconds):
    """A task waiting for a worker since that many seconds."""
    import datetime

    from django_tasks_db.models import DBTaskResult, get_date_max

    from django.utils import timezone

    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="petition.tasks.send_email",
        backend_name="default",
        run_after=get_date_max(),
    )
    enqueued = timezone.now() - datetime.timedelta(seconds=waited_seconds)
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=enqueued)


def test_health_reports_the_task_backlog(home_page, task_queue):
    client = Client()
    assert client.get("/healthz").json()["tasks"] == {
        "backlog": 0,
        "oldest_seconds": 0,
    }
    queue_task(waited_seconds=30)
    queue_task(waited_seconds=5)
    response = client.get("/healthz")
    assert response.status_code == 200
    tasks = response.json()["tasks"]
    assert tasks["backlog"] == 2
    assert 30 <= tasks["oldest_seconds"] < 40


def test_a_task_waiting_too_long_is_unhealthy_but_alive(home_page, task_queue):
    """No worker is sending: the site must say so, and a restart of the app
    would not help, so /livez stays 200."""
    queue_task(waited_seconds=601)
    client = Client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["tasks"]["backlog"] == 1
    assert response.json()["database"] == "ok"
    assert client.get("/livez").status_code == 200
