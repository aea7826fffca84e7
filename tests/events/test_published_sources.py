"""Only published sources count: a record that must cite a source cannot be
published, submitted or approved while a source it cites is a draft, since
the public page and the API show live sources only.

Through the real admin views: the create and edit forms, and the review
dashboard's approve action, which publishes without the edit form.
"""

import pytest

from defenders.factories import DefenderFactory
from events.factories import EventFactory
from events.models import Event
from records.factories import SourceFactory
from tests.admin_client import admin_url, event_data, form_errors

pytestmark = pytest.mark.django_db


def draft_source(title="Unchecked leak"):
    return SourceFactory(title=title, publisher="", live=False)


def submitted_event(user, sources):
    event = EventFactory(live=False, sources=sources)
    event.save_revision(user=user)
    Event.get_default_workflow().start(event, user)
    event.refresh_from_db()
    return event


def approve_in_dashboard(client, event):
    task_state = event.current_workflow_task_state
    return client.post(
        admin_url(Event, "workflow_action", event.pk, "approve", task_state.pk),
        follow=True,
    )


@pytest.mark.parametrize("button", ["action-publish", "action-submit"])
def test_publishing_or_submitting_with_only_a_draft_source_is_refused(
    editor_client, button
):
    data = event_data([DefenderFactory()], sources=[draft_source()])
    response = editor_client.post(admin_url(Event, "add"), {**data, button: "1"})
    assert response.status_code == 200
    [error] = form_errors(response, "sources")
    assert "“Unchecked leak”" in error
    assert "drafts" in error
    assert not Event.objects.exists()


def test_a_draft_source_beside_a_published_one_is_named_and_refused(editor_client):
    checked = SourceFactory(title="Checked report")
    data = event_data([DefenderFactory()], sources=[checked, draft_source()])
    response = editor_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    [error] = form_errors(response, "sources")
    assert "“Unchecked leak”" in error
    assert "Checked report" not in error
    assert not Event.objects.filter(live=True).exists()


def test_a_draft_may_cite_a_draft_source(editor_client):
    data = event_data([DefenderFactory()], sources=[draft_source()])
    response = editor_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert not event.live
    assert [source.title for source in event.sources.all()] == ["Unchecked leak"]


def test_approving_in_the_dashboard_with_only_a_draft_source_is_refused(
    client, editor_client, researcher
):
    event = submitted_event(researcher, [draft_source()])
    response = approve_in_dashboard(editor_client, event)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only published sources count" in html
    assert "Unchecked leak" in html
    event.refresh_from_db()
    assert not event.live
    assert event.workflow_in_progress


def test_approving_in_the_editor_with_only_a_draft_source_is_refused(
    editor_client, researcher
):
    source = draft_source()
    event = submitted_event(researcher, [source])
    data = event_data(
        [DefenderFactory()], sources=[source], title=event.title, slug=event.slug
    )
    response = editor_client.post(
        admin_url(Event, "edit", event.pk),
        {**data, "action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert response.status_code == 200
    [error] = form_errors(response, "sources")
    assert "“Unchecked leak”" in error
    event.refresh_from_db()
    assert not event.live


def test_once_the_source_is_published_the_approval_goes_through(
    client, editor_client, researcher
):
    source = draft_source()
    event = submitted_event(researcher, [source])
    approve_in_dashboard(editor_client, event)
    source.live = True
    source.save()

    event.refresh_from_db()
    approve_in_dashboard(editor_client, event)
    event.refresh_from_db()
    assert event.live
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Unchecked leak" in page
    assert "No source is cited yet" not in page
    api = client.get(f"/api/v1/events/{event.slug}/").json()
    assert [s["title"] for s in api["sources"]] == ["Unchecked leak"]
