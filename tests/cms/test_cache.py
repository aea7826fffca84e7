import datetime

import pytest

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from defenders.factories import DefenderFactory
from records.models import PublicVersion

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def public_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_anonymous_get_is_served_from_the_cache(client, django_assert_num_queries):
    DefenderFactory(name="Ales Example")
    first = client.get("/defenders/")
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    # A hit reads only the public version.
    with django_assert_num_queries(1):
        second = client.get("/defenders/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_a_publish_shows_on_the_very_next_request(client):
    draft = DefenderFactory(name="Valiantsin Example", live=False)
    assert b"Valiantsin Example" not in client.get("/defenders/").content
    assert client.get("/defenders/")["X-Cache"] == "hit"

    draft.save_revision().publish()

    response = client.get("/defenders/")
    assert response["X-Cache"] == "miss"
    assert b"Valiantsin Example" in response.content


def test_an_unpublish_and_a_delete_show_on_the_next_request(client):
    defender = DefenderFactory(name="Marfa Example")
    defender.save_revision().publish()
    assert b"Marfa Example" in client.get("/defenders/").content

    defender.unpublish()
    assert b"Marfa Example" not in client.get("/defenders/").content

    defender.save_revision().publish()
    assert b"Marfa Example" in client.get("/defenders/").content
    defender.delete()
    assert b"Marfa Example" not in client.get("/defenders/").content


def test_signed_in_users_are_never_served_from_the_cache(client, django_user_model):
    client.get("/defenders/")
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    response = client.get("/defenders/")
    assert "X-Cache" not in response


def test_responses_with_a_csrf_form_are_not_cached(client):
    response = client.get("/admin/login/")
    assert "X-Cache" not in response
    assert client.get("/admin/login/").get("X-Cache") is None


def test_bookkeeping_saves_do_not_invalidate(client):
    defender = DefenderFactory(name="Uladzimir Example")
    client.get("/defenders/")
    defender.save(update_fields=["has_unpublished_changes"])
    assert client.get("/defenders/")["X-Cache"] == "hit"


def test_a_change_made_by_another_process_shows_on_the_next_request(client):
    """The version lives in the database, not in a per-process cache."""
    defender = DefenderFactory(name="Nasta Example")
    client.get("/defenders/")
    Defender = type(defender)
    # Another process: the row changes and the version is bumped, but this
    # process's cache never hears of it.
    Defender.objects.filter(pk=defender.pk).update(name="Nasta Changed")
    PublicVersion.objects.filter(pk=1).update(number=F("number") + 1)
    assert b"Nasta Changed" in client.get("/defenders/").content


def test_image_changes_invalidate(client):
    client.get("/defenders/")
    assert client.get("/defenders/")["X-Cache"] == "hit"
    get_image_model().objects.create(title="photo", file=get_test_image_file())
    assert client.get("/defenders/")["X-Cache"] == "miss"


def test_days_held_count_up_at_midnight(client, monkeypatch):
    client.get("/defenders/")
    assert client.get("/defenders/")["X-Cache"] == "hit"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert client.get("/defenders/")["X-Cache"] == "miss"


SECURITY_HEADERS = {
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Frame-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
}


@pytest.mark.parametrize("path", ["/defenders/", "/api/v1/defenders/"])
def test_a_cache_hit_carries_every_security_header(client, settings, path):
    # HSTS as in production (sent on HTTPS only); the client is built after.
    settings.SECURE_HSTS_SECONDS = 3600
    DefenderFactory(name="Ihar Example")
    miss = client.get(path, secure=True)
    hit = client.get(path, secure=True)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert SECURITY_HEADERS <= set(response.headers), set(response.headers)
    assert {h: hit[h] for h in SECURITY_HEADERS} == {
        h: miss[h] for h in SECURITY_HEADERS
    }
    assert hit["X-Frame-Options"] == "DENY"
    assert "camera=()" in hit["Permissions-Policy"]
    assert "microphone=()" in hit["Permissions-Policy"]


def test_a_cached_english_page_never_answers_a_first_visit_in_belarusian(client):
    DefenderFactory(name="Ales Example")
    client.get("/defenders/")
    assert client.get("/defenders/")["X-Cache"] == "hit"
    response = client.get("/defenders/", headers={"accept-language": "be"})
    assert response.status_code == 302
    assert response["Location"] == "/be/defenders/"


def test_a_hit_keeps_the_headers_of_its_own_request(client, settings):
    """What the stack's headers depend on is in the key: HSTS on HTTPS only,
    CORS for a request with an Origin."""
    settings.SECURE_HSTS_SECONDS = 3600
    client.get("/api/v1/defenders/", secure=True)
    assert client.get("/api/v1/defenders/", secure=True)["X-Cache"] == "hit"
    plain = client.get("/api/v1/defenders/")
    assert "Strict-Transport-Security" not in plain
    origin = {"origin": "https://newsroom.example"}
    for _ in range(2):
        cross = client.get("/api/v1/defenders/", headers=origin)
        assert cross["Access-Control-Allow-Origin"] in ("*", origin["origin"])
    assert cross["X-Cache"] == "hit"
    assert "Access-Control-Allow-Origin" not in plain


def test_a_hit_answers_a_conditional_request_with_304(client):
    first = client.get("/api/v1/defenders/")
    assert client.get("/api/v1/defenders/")["X-Cache"] == "hit"
    again = client.get("/api/v1/defenders/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert not again.content
