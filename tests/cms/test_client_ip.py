"""One client address (records/clientip.py) for the API throttle, the
petition's limit and django-axes: REMOTE_ADDR unless NUM_PROXIES says how
many proxies append to X-Forwarded-For."""

import pytest

from django.core.cache import cache
from django.test import Client

from records.clientip import client_ip
from tests.petition.helpers import sign_data, sign_url


@pytest.fixture(autouse=True)
def fresh_counters(settings):
    """Limits count in the cache: start and end each test with none."""
    cache.clear()
    settings.PUBLIC_CACHE_SECONDS = 0
    yield
    cache.clear()


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, None, "192.0.2.1"),
        (0, "8.8.8.8", "192.0.2.1"),  # never trusted unless told
        (1, None, "192.0.2.1"),
        (1, "8.8.8.8", "8.8.8.8"),
        (1, "1.1.1.1, 8.8.8.8", "8.8.8.8"),  # the right-most, the proxy's
        (1, "garbage, 8.8.8.8", "8.8.8.8"),
        (1, " 8.8.8.8 ", "8.8.8.8"),
        (2, "1.1.1.1, 8.8.8.8, 10.0.0.2", "8.8.8.8"),
        (2, "8.8.8.8", "192.0.2.1"),  # shorter than two proxies write it
        (1, "not an address", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(rf, settings, proxies, forwarded, expected):
    settings.NUM_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", **headers)
    assert client_ip(request) == expected


def test_no_proxies_by_default_and_the_api_agrees():
    from cms import settings as project_settings

    assert project_settings.NUM_PROXIES == 0
    assert project_settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    assert project_settings.AXES_CLIENT_IP_CALLABLE == "records.clientip.client_ip"


def rotating(n):
    """n X-Forwarded-For values, each claiming another client."""
    return [f"8.8.4.{i}" for i in range(1, n + 1)]


# The API throttle


@pytest.mark.django_db
def test_rotating_forwarded_for_does_not_escape_the_api_throttle(settings):
    settings.API_THROTTLE_RATE = "3/minute"
    api = Client()
    answers = [
        api.get("/api/v1/stats/", HTTP_X_FORWARDED_FOR=forwarded).status_code
        for forwarded in rotating(5)
    ]
    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_one_proxy_the_api_counts_the_right_most_address(settings):
    settings.NUM_PROXIES = 1
    settings.API_THROTTLE_RATE = "2/minute"
    api = Client()

    def get(forwarded):
        return api.get("/api/v1/stats/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # Whatever the client writes left of the proxy's entry changes nothing.
    assert [get(f"{spoof}, 8.8.8.8") for spoof in rotating(3)] == [200, 200, 429]
    assert get("8.8.4.4") == 200  # another client


@pytest.mark.django_db
def test_the_api_throttle_keeps_no_raw_address(settings):
    from records.cache import cache_available

    settings.API_THROTTLE_RATE = "3/minute"
    Client(REMOTE_ADDR="203.0.113.77").get("/api/v1/stats/")
    assert cache_available()
    keys = list(cache._cache.keys())  # the memory cache of the tests
    assert keys and not any("203.0.113.77" in key for key in keys)


# The petition's limit


@pytest.mark.django_db
def test_rotating_forwarded_for_does_not_escape_the_petition_limit(settings):
    from petition.factories import make_petition

    settings.PETITION_RATE_LIMITS = ((2, 60),)
    petition = make_petition()
    client = Client()
    answers = [
        client.post(
            sign_url(petition),
            sign_data(email=f"{n}@example.org"),
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code
        for n, forwarded in enumerate(rotating(4))
    ]
    assert answers == [302, 302, 429, 429]


@pytest.mark.django_db
def test_behind_one_proxy_the_petition_counts_the_right_most_address(settings):
    from petition.factories import make_petition

    settings.NUM_PROXIES = 1
    settings.PETITION_RATE_LIMITS = ((1, 60),)
    petition = make_petition()
    client = Client()

    def sign(n, forwarded):
        data = sign_data(email=f"{n}@example.org")
        return client.post(
            sign_url(petition), data, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert sign(1, "8.8.8.8") == 302
    assert sign(2, "9.9.9.9, 8.8.8.8") == 429
    assert sign(3, "8.8.8.8, 9.9.9.9") == 302  # another client


# django-axes


def fail_login(client, times, forwarded):
    wrong = {"username": "editor", "password": "wrong"}
    return [
        client.post("/admin/login/", wrong, HTTP_X_FORWARDED_FOR=value).status_code
        for value in forwarded[:times]
    ]


@pytest.fixture
def admin_account(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "e@example.org", "right-pw"
    )


def log_in(forwarded):
    client = Client()
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "right-pw"},
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response.status_code, "_auth_user_id" in client.session


@pytest.mark.django_db
def test_rotating_forwarded_for_does_not_escape_an_axes_lockout(admin_account):
    answers = fail_login(Client(), 6, rotating(6))
    assert answers == [200, 200, 200, 200, 429, 429]
    assert log_in("8.8.4.200") == (429, False)


@pytest.mark.django_db
def test_behind_one_proxy_one_attacker_cannot_lock_everyone_out(
    admin_account, settings
):
    """Without the forwarded address every login came from the proxy's: five
    bad passwords from anyone locked the admin out for an hour."""
    from axes.models import AccessAttempt

    settings.NUM_PROXIES = 1
    attacker = [f"{spoof}, 8.8.8.8" for spoof in rotating(6)]
    assert fail_login(Client(), 6, attacker)[-1] == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "8.8.8.8"
    ]
    assert log_in("8.8.8.8")[0] == 429  # the attacker stays locked out
    assert log_in("8.8.8.8, 9.9.9.9") == (302, True)  # the editor does not
