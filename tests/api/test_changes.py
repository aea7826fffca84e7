"""/api/v1/changes/: what was published, changed or withdrawn, newest first.

Records go through Wagtail's own save_revision, publish and unpublish (what
the editors' buttons call), so the audit log holds what it holds in use."""

import datetime
import json

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from cms.caselist import bulk
from defenders.factories import DefenderFactory, OrganizationFactory
from defenders.models import Defender
from events.factories import ChargeFactory, EventFactory
from petition.factories import make_petition
from records.factories import PlaceFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/changes/"


def publish(record, user=None):
    record.save_revision(user=user).publish(user=user)
    return type(record).objects.get(pk=record.pk)


def draft(**fields):
    """A defender saved as a draft only, as the admin's create view does."""
    defender = DefenderFactory(live=False, **fields)
    defender.save_revision(log_action="wagtail.create")
    return defender


def changes(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def summary(body):
    return [(c["action"], c["type"], c["slug"] or c["id"]) for c in body["results"]]


def test_publish_change_and_withdraw(api):
    defender = publish(draft(name="Alpha Test Defender", slug="alpha-test-defender"))
    defender.status_note = "Moved to another prison."
    defender = publish(defender)
    assert summary(changes(api)) == [
        ("changed", "defender", "alpha-test-defender"),
        ("published", "defender", "alpha-test-defender"),
    ]
    item = changes(api)["results"][0]
    assert item["url"] == "http://testserver/defenders/alpha-test-defender/"
    assert item["id"] == defender.pk
    assert datetime.datetime.fromisoformat(item["at"]) <= timezone.now()
    assert set(item) == {"action", "type", "id", "slug", "url", "at"}

    defender.unpublish()
    body = changes(api)
    # Withdrawn: only its withdrawal, by the slug it was published under.
    assert summary(body) == [("withdrawn", "defender", "alpha-test-defender")]
    assert body["results"][0]["url"] is None

    publish(Defender.objects.get(pk=defender.pk))
    assert summary(changes(api)) == [
        ("published", "defender", "alpha-test-defender"),
        ("withdrawn", "defender", "alpha-test-defender"),
        ("changed", "defender", "alpha-test-defender"),
        ("published", "defender", "alpha-test-defender"),
    ]


def test_drafts_never(api):
    never = draft(name="Never Published", slug="never-published")
    deleted = draft(name="Deleted Draft", slug="deleted-draft")
    log(deleted, "wagtail.delete")
    deleted.delete()
    assert changes(api)["results"] == []

    # A draft of a public record: the feed names what is public.
    live = publish(draft(name="Public Name", slug="public-name"))
    live.name, live.slug = "Draft Name", "draft-name"
    live.save_revision()
    assert summary(changes(api)) == [("published", "defender", "public-name")]
    assert never.pk and "draft" not in json.dumps(changes(api)).lower()


def test_a_deleted_public_record_is_withdrawn(api):
    place = publish(PlaceFactory(name="Homel", slug="homel", live=False))
    pk = place.pk
    log(place, "wagtail.delete")
    place.delete()  # its revisions with it: known by its id alone
    assert summary(changes(api)) == [("withdrawn", "place", pk)]


def test_charges_show_while_their_defender_does(api):
    defender = publish(draft(name="Alpha Test Defender", slug="alpha-test-defender"))
    charge = publish(ChargeFactory(defender=defender, live=False))
    item = changes(api)["results"][0]
    assert (item["type"], item["id"], item["slug"]) == ("charge", charge.pk, None)
    assert item["url"] == "http://testserver/defenders/alpha-test-defender/"

    hidden = draft(name="Draft Defender", slug="draft-defender")
    publish(ChargeFactory(defender=hidden, live=False))
    assert [c["type"] for c in changes(api)["results"]] == ["charge", "defender"]


def test_newest_first_across_records_and_petitions(api):
    place = publish(PlaceFactory(name="Minsk", slug="minsk", live=False))
    petition = make_petition(slug="free-them")
    petition.save_revision().publish()
    event = publish(EventFactory(slug="raids-2021-02-16", live=False))
    body = changes(api)
    assert summary(body) == [
        ("published", "event", "raids-2021-02-16"),
        ("published", "petition", "free-them"),
        ("published", "place", "minsk"),
    ]
    assert body["results"][1]["url"] == "http://testserver/petition/free-them/"
    at = [c["at"] for c in body["results"]]
    assert at == sorted(at, reverse=True)
    assert place.pk and event.pk


def published_in_bulk(count):
    """Drafts created and published by the case-list import: one instant."""
    user = get_user_model().objects.create_user("importer")
    records = [
        bulk.new(
            Defender,
            name=f"Bulk Person {n}",
            slug=f"bulk-person-{n}",
            status=Defender.Status.IMPRISONED,
            status_as_of=datetime.date(2025, 12, 1),
            status_as_of_precision="month",
        )
        for n in range(count)
    ]
    bulk.create_drafts(Defender, records, user)
    bulk.publish_drafts(Defender, records, user)


def test_cursor_pages_cover_every_change_once(api):
    published_in_bulk(5)  # five entries at one timestamp
    publish(PlaceFactory(name="Minsk", slug="minsk", live=False))
    seen, body = [], changes(api, page_size=2)
    pages = 1
    while True:
        assert len(body["results"]) <= 2
        seen += summary(body)
        if not body["next"]:
            break
        assert body["next"].startswith("http://testserver/api/v1/changes/?")
        body = api.get(body["next"]).json()
        pages += 1
    assert pages == 3
    assert seen[0] == ("published", "place", "minsk")
    assert sorted(seen[1:]) == [
        ("published", "defender", f"bulk-person-{n}") for n in range(5)
    ]
    assert len(set(seen)) == 6


def test_since(api):
    publish(PlaceFactory(name="Minsk", slug="minsk", live=False))
    ModelLogEntry.objects.update(timestamp=timezone.now() - datetime.timedelta(days=9))
    publish(PlaceFactory(name="Homel", slug="homel", live=False))
    week_ago = timezone.now() - datetime.timedelta(days=7)
    for since in [week_ago.date().isoformat(), week_ago.isoformat()]:
        assert summary(changes(api, since=since)) == [("published", "place", "homel")]
    assert len(changes(api, since="2020-01-01")["results"]) == 2
    naive = (timezone.now() - datetime.timedelta(days=8)).strftime("%Y-%m-%dT%H:%M")
    assert len(changes(api, since=naive)["results"]) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"since": "last week"},
        {"since": "2021-02-30"},
        {"since": "2021-02-16T25:00"},
        {"cursor": "not-a-cursor"},
        {"cursor": "WzEsMiwzXQ"},
        {"page_size": "0"},
        {"page_size": "201"},
        {"limit": "5"},
        {"format": "csv"},
    ],
)
def test_bad_parameters_are_400(api, params):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


def test_repeated_parameter_is_400(api):
    response = api.get(f"{URL}?since=2021-01-01&since=2022-01-01")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["since"]


def test_privacy_sentinels(api):
    editor = get_user_model().objects.create_superuser(
        "SENTINEL-EDITOR", first_name="SENTINEL-FIRST", email="sentinel@example.org"
    )
    defender = draft(
        name="Public Person",
        slug="public-person",
        private_notes="SENTINEL-PRIVATE-NOTE",
    )
    defender = publish(defender, user=editor)
    defender.name, defender.slug = "SENTINEL-DRAFT-NAME", "sentinel-draft-slug"
    defender.private_notes = "SENTINEL-PRIVATE-NOTE-2"
    defender.save_revision(user=editor)
    secret = SourceFactory(
        title="SENTINEL-SECRET-SOURCE",
        url="https://sentinel-secret.example/",
        confidential=True,
        live=False,
    )
    publish(secret, user=editor)
    publish(secret, user=editor)
    secret.unpublish()
    withdrawn = publish(
        OrganizationFactory(name="Public Org", slug="public-org", live=False), editor
    )
    withdrawn.name = "SENTINEL-ORG-AFTER"
    withdrawn.save()  # a draft edit of a record no longer public
    withdrawn.unpublish()
    ModelLogEntry.objects.update(label="SENTINEL-LABEL", data={"x": "SENTINEL-DATA"})
    text = json.dumps(changes(api)).lower()
    assert "public-person" in text and "public-org" in text
    assert "source" not in text  # a confidential source: nowhere
    for secret_value in [
        "sentinel",
        "editor",
        "importer",
        str(editor.pk) + '"',
    ]:
        assert secret_value.lower() not in text, secret_value


def test_demo_load_is_in_the_feed_once(api):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = changes(api, page_size=200)
    assert first["results"]
    assert {c["action"] for c in first["results"]} == {"published"}
    assert {"defender", "event", "organization", "source"} <= {
        c["type"] for c in first["results"]
    }
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert changes(api, page_size=200) == first


@pytest.mark.parametrize("count", [3, 12])
def test_query_count_is_constant(api, django_assert_max_num_queries, count):
    for n in range(count):
        defender = publish(draft(name=f"Person {n}", slug=f"person-{n}"))
        publish(ChargeFactory(defender=defender, live=False))
        publish(PlaceFactory(name=f"Town {n}", slug=f"town-{n}", live=False))
    petition = make_petition(slug="free-them")
    petition.save_revision().publish()
    place = publish(PlaceFactory(name="Gone", slug="gone", live=False))
    place.unpublish()
    with django_assert_max_num_queries(12):
        body = changes(api, page_size=200)
    # The petition, and the place withdrawn (by its withdrawal alone).
    assert len(body["results"]) == 3 * count + 2
