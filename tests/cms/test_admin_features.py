"""The editorial features records get from Wagtail, checked in our admin:
drafts, revisions and their compare view, locking, preview, the audit log."""

import pytest

from wagtail.log_actions import registry as log_registry

from defenders.factories import DefenderFactory, OrganizationFactory
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    CriminalCaseFactory,
    DetentionPlaceFactory,
    EventFactory,
    SentenceFactory,
)
from events.models import Event
from records.factories import PlaceFactory, SourceFactory
from tests.admin_client import admin_url, event_data, login

pytestmark = pytest.mark.django_db

FACTORIES = [
    SourceFactory,
    PlaceFactory,
    DefenderFactory,
    OrganizationFactory,
    EventFactory,
    ArticleFactory,
    CriminalCaseFactory,
    ChargeFactory,
    SentenceFactory,
    DetentionPlaceFactory,
]


def published_event(editor_client, title="Raid on Viasna's office"):
    data = event_data(type="raid", title=title, slug="raid")
    response = editor_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    assert response.status_code == 302
    return Event.objects.get(slug="raid"), data


def test_a_draft_of_a_live_record_leaves_the_public_version_alone(
    client, editor_client
):
    event, data = published_event(editor_client)
    data["title_en"] = "Raid (draft wording)"
    response = editor_client.post(admin_url(Event, "edit", event.pk), data)
    assert response.status_code == 302

    event.refresh_from_db()
    assert event.live
    assert event.title == "Raid on Viasna's office"
    assert event.has_unpublished_changes
    assert event.get_latest_revision_as_object().title == "Raid (draft wording)"
    client.logout()
    page = client.get("/events/raid/").content.decode()
    assert "Raid on Viasna" in page
    assert "draft wording" not in page


def test_revisions_can_be_compared(editor_client):
    event, data = published_event(editor_client)
    data["title_en"] = "Raid on the Viasna office, Hrodna"
    editor_client.post(admin_url(Event, "edit", event.pk), data)
    first, second = event.revisions.order_by("created_at")
    url = admin_url(Event, "revisions_compare", event.pk, first.pk, second.pk)
    url = url.replace("%2E%2E%2E", "...")
    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Viasna" in html and "Hrodna" in html


def test_a_locked_record_cannot_be_saved_by_someone_else(client, researcher, editor):
    event = EventFactory(title="Locked event", sources=[SourceFactory()])
    login(client, researcher)
    response = client.post(admin_url(Event, "lock", event.pk))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.locked and event.locked_by == researcher

    login(client, editor)
    data = event_data(title="Changed while locked", slug=event.slug)
    response = client.post(admin_url(Event, "edit", event.pk), data)
    assert response.status_code == 200
    assert b"could not be saved as it is locked" in response.content
    event.refresh_from_db()
    assert event.get_latest_revision_as_object().title == "Locked event"

    # Editors may unlock; researchers only their own locks.
    response = client.post(admin_url(Event, "unlock", event.pk))
    assert response.status_code == 302
    event.refresh_from_db()
    assert not event.locked


def test_preview_renders_the_unsaved_form(editor_client):
    event, data = published_event(editor_client)
    url = admin_url(Event, "preview_on_edit", event.pk)
    data["title_en"] = "Previewed, never saved"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    response = editor_client.get(url)
    assert response.status_code == 200
    assert b"Previewed, never saved" in response.content
    event.refresh_from_db()
    assert event.title != "Previewed, never saved"


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_every_record_previews_with_its_page_template(editor_client, factory):
    record = factory()
    revision = record.save_revision()
    model = type(record)
    response = editor_client.get(
        admin_url(model, "revisions_view", record.pk, revision.pk)
    )
    assert response.status_code == 200
    template = f"{model._meta.app_label}/{model._meta.model_name}_page.html"
    assert template in [t.name for t in response.templates]


def test_the_audit_log_records_who_did_what(editor_client, editor):
    event, data = published_event(editor_client)
    data["title_en"] = "Raid, corrected"
    editor_client.post(admin_url(Event, "edit", event.pk), data)
    actions = [
        (entry.action, entry.user_id)
        for entry in log_registry.get_logs_for_instance(event)
    ]
    assert ("wagtail.create", editor.pk) in actions
    assert ("wagtail.publish", editor.pk) in actions
    assert ("wagtail.edit", editor.pk) in actions
    history = editor_client.get(admin_url(Event, "history", event.pk))
    assert history.status_code == 200
    assert b"Published" in history.content
