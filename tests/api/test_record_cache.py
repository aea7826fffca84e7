"""Each record's API answer is cached for the public version and the day
(`RecordViewSet.represent`), so lists skip the nested queries for records
they have shown before, whatever list, filter or page shows them."""

import datetime

import pytest

from django.utils import timezone

from defenders.models import Defender
from events.models import Charge
from petition.factories import SignatureFactory, make_petition
from tests.api.test_query_count import LISTS, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def record_cache(api, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    # A session cookie sends every request past the whole-response cache:
    # these tests are about the records' cache behind it.
    api.cookies["sessionid"] = "not-a-session"


@pytest.mark.parametrize("path", LISTS)
def test_cached_records_give_the_same_answer(api, record_cache, settings, path):
    seed(6)
    params = {"page_size": 4}
    settings.PUBLIC_CACHE_SECONDS = 0
    built = [api.get(path, {**params, "page": page}).content for page in (1, 2)]
    settings.PUBLIC_CACHE_SECONDS = 60
    # Cold, then warm from the cache, then with the pages overlapping.
    for _ in range(2):
        for page, expected in zip((1, 2), built, strict=True):
            assert api.get(path, {**params, "page": page}).content == expected
    everything = api.get(path, {"page_size": 8}).content
    settings.PUBLIC_CACHE_SECONDS = 0
    assert everything == api.get(path, {"page_size": 8}).content


@pytest.mark.parametrize("path", LISTS)
def test_cached_records_give_the_same_csv(api, record_cache, settings, path):
    """A list's CSV (every row, streamed) from records partly cached by a
    JSON page, then wholly cached, is the CSV built with no cache."""
    seed(6)
    settings.PUBLIC_CACHE_SECONDS = 0
    built = api.get(path, {"format": "csv"}).getvalue()
    settings.PUBLIC_CACHE_SECONDS = 60
    api.get(path, {"page_size": 4} if path != "/api/v1/stats/" else {})
    for _ in range(2):
        assert api.get(path, {"format": "csv"}).getvalue() == built


@pytest.mark.parametrize("n", [5, 50])
def test_a_warm_list_runs_no_nested_queries(
    api, record_cache, django_assert_max_num_queries, n
):
    seed(n)
    api.get("/api/v1/defenders/", {"page_size": 200})
    # The public version, the count and the page's ids; nothing per record.
    with django_assert_max_num_queries(3):
        response = api.get(
            "/api/v1/defenders/", {"page_size": 200, "ordering": "-name"}
        )
    assert len(response.json()["results"]) == n


def test_a_change_shows_on_the_next_request(api, record_cache, case_file):
    def charges():
        alpha = api.get("/api/v1/defenders/", {"q": "Alpha"}).json()["results"][0]
        return [charge["outcome"] for charge in alpha["charges"]]

    assert charges() == ["convicted"]
    charge = Charge.objects.get(defender=case_file["alpha"])
    charge.outcome = "pending"
    charge.save_revision().publish()
    assert charges() == ["pending"]
    charge.unpublish()
    assert charges() == []


def test_days_held_are_counted_again_the_next_day(
    api, record_cache, case_file, monkeypatch
):
    def days():
        alpha = api.get("/api/v1/defenders/", {"q": "Alpha"}).json()["results"][0]
        return alpha["days_in_detention"]

    # A status confirmed through tomorrow is current on both days.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Defender.objects.filter(pk=case_file["alpha"].pk).update(
        status_as_of=tomorrow, status_as_of_precision="day"
    )
    today = days()
    assert today["at_least"] is False
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert days()["as_of"] == tomorrow.isoformat()
    assert days()["current"] == today["current"] + 1


def test_days_held_on_an_old_status_stay_counted_to_it(
    api, record_cache, case_file, monkeypatch
):
    def days():
        alpha = api.get("/api/v1/defenders/", {"q": "Alpha"}).json()["results"][0]
        return alpha["days_in_detention"]

    today = days()  # the status is as of December 2025
    assert today["counted_to"] == "2025-12-31" and today["at_least"] is True
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert days() == today


def test_urls_follow_the_host_asked(api, record_cache, case_file, settings):
    settings.ALLOWED_HOSTS = ["testserver", "docket.example"]
    first = api.get("/api/v1/defenders/").json()["results"][0]["url"]
    other = api.get("/api/v1/defenders/", HTTP_HOST="docket.example").json()
    assert first.startswith("http://testserver/")
    assert other["results"][0]["url"].startswith("http://docket.example/")


def test_a_confirmed_signature_counts_on_the_next_request(api, record_cache):
    """Confirming changes no record, only the count: it is in the key."""
    petition = make_petition(title="Free them", slug="free-them")

    def count():
        return api.get("/api/v1/petitions/").json()["results"][0]["signature_count"]

    assert count() == 0
    SignatureFactory(petition=petition).confirm()
    assert count() == 1
