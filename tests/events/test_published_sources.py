"""One review covers a record and its sources: a record may cite a draft
source, and publishing the record, directly or by approving its review,
publishes the draft sources it cites, as the same editor. The public page and
the API then show them (they show live sources only).

Through the real admin views: the create and edit forms, and the review
dashboard's approve action, which publishes without the edit form.
"""

import pytest

from defenders.factories import DefenderFactory
from events.factories import EventFactory
from events.models import Event
from records.factories import SourceFactory
from records.models import Source
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


def test_publishing_with_a_draft_source_publishes_it(editor_client, editor):
    data = event_data([DefenderFactory()], sources=[draft_source()])
    response = editor_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    assert response.status_code == 302
    assert Event.objects.get().live
    source = Source.objects.get(title="Unchecked leak")
    assert source.live
    assert source.live_revision.user == editor


def test_submitting_with_a_draft_source_leaves_it_a_draft(researcher_client):
    data = event_data([DefenderFactory()], sources=[draft_source()])
    response = researcher_client.post(
        admin_url(Event, "add"), {**data, "action-submit": "1"}
    )
    assert response.status_code == 302
    assert Event.objects.get().workflow_in_progress
    assert not Source.objects.get(title="Unchecked leak").live


def test_a_draft_source_beside_a_published_one_is_published_alone(editor_client):
    checked = SourceFactory(title="Checked report")
    revisions = checked.revisions.count()
    data = event_data([DefenderFactory()], sources=[checked, draft_source()])
    response = editor_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    assert response.status_code == 302
    assert Source.objects.get(title="Unchecked leak").live
    assert checked.revisions.count() == revisions
    assert Event.objects.filter(live=True).exists()


def test_without_any_source_publishing_is_refused(editor_client):
    data = event_data([DefenderFactory()], sources=[])
    response = editor_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    assert response.status_code == 200
    [error] = form_errors(response, "sources")
    assert "Cite at least one source" in error
    assert not Event.objects.exists()


def test_a_draft_may_cite_a_draft_source(editor_client):
    data = event_data([DefenderFactory()], sources=[draft_source()])
    response = editor_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert not event.live
    assert [source.title for source in event.sources.all()] == ["Unchecked leak"]
    assert not Source.objects.get(title="Unchecked leak").live


def test_approving_in_the_dashboard_publishes_the_draft_source(
    client, editor_client, editor, researcher
):
    source = draft_source()
    event = submitted_event(researcher, [source])
    approve_in_dashboard(editor_client, event)
    event.refresh_from_db()
    source.refresh_from_db()
    assert event.live
    assert source.live
    assert source.live_revision.user == editor
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Unchecked leak" in page
    assert "No source is cited yet" not in page
    api = client.get(f"/api/v1/events/{event.slug}/").json()
    assert [s["title"] for s in api["sources"]] == ["Unchecked leak"]


def test_approving_in_the_editor_publishes_the_draft_source(editor_client, researcher):
    source = draft_source()
    event = submitted_event(researcher, [source])
    data = event_data(
        [DefenderFactory()], sources=[source], title=event.title, slug=event.slug
    )
    response = editor_client.post(
        admin_url(Event, "edit", event.pk),
        {**data, "action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    source.refresh_from_db()
    assert event.live
    assert source.live


def test_approving_in_the_dashboard_without_a_source_is_refused(
    editor_client, researcher
):
    event = submitted_event(researcher, [])
    response = approve_in_dashboard(editor_client, event)
    assert response.status_code == 200
    assert "Cite at least one source" in response.content.decode()
    event.refresh_from_db()
    assert not event.live
    assert event.workflow_in_progress
