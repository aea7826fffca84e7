"""Recording a detention, verdict or release updates the person's status in
the same change, so one review covers both (events/status_updates.py).

Driven through the real admin: a researcher records the event with "Update
their status to" on the participant's row and submits it; an editor
approves; only then does the defender's status follow the event.
"""

import datetime
import html

import pytest

from django.contrib.messages import get_messages

from wagtail.log_actions import registry as log_registry
from wagtail.test.utils.form_data import inline_formset

from defenders.factories import DefenderFactory
from defenders.models import Defender
from events.models import Event
from records.factories import SourceFactory
from tests.admin_client import admin_url, event_data, login

pytestmark = pytest.mark.django_db

SUBMIT = {"action-submit": "1"}
PUBLISH = {"action-publish": "publish"}
APPROVE = {"action-workflow-action": "1", "workflow-action-name": "approve"}
VERDICT_DAY = datetime.date(2023, 3, 3)


def verdict_data(defender, new_status="imprisoned", sources=None, **fields):
    """A verdict naming `defender`, whose row asks for `new_status`."""
    row = {"defender": defender.pk, "role": "sentenced", "note": ""}
    row["new_status"] = new_status
    fields = {
        "type": "verdict",
        "title": "Verdict for Kappa Test Defender",
        "slug": "verdict-for-kappa-test-defender",
        "participants": inline_formset([row]),
        **fields,
    }
    return event_data(sources=sources, day=VERDICT_DAY, **fields)


def detained_defender(status_sources=(), **fields):
    """A live defender held before trial, as of July 2021, published from a
    revision as the admin does."""
    defender = DefenderFactory(
        **{
            "name": "Kappa Test Defender",
            "slug": "kappa-test-defender",
            "status": Defender.Status.DETAINED,
            "status_as_of": datetime.date(2021, 7, 1),
            "status_as_of_precision": "month",
            "status_note": "Held in pre-trial detention centre No. 1.",
            **fields,
        }
    )
    defender.sources.set([SourceFactory()])
    defender.status_sources.set(status_sources)
    defender.save()
    defender.save_revision().publish()
    defender.refresh_from_db()
    assert not defender.has_unpublished_changes
    return defender


def row_errors(response):
    formset = response.context["form"].formsets["participants"]
    return " ".join(
        " ".join(form.errors.get("new_status", [])) for form in formset.forms
    )


def test_after_approval_the_status_follows_the_event_and_not_before(
    client, researcher, editor, settings
):
    settings.PUBLIC_CACHE_SECONDS = 120  # the public page is cached
    old_status_source = SourceFactory(title="Kappa detained")
    defender = detained_defender(status_sources=[old_status_source])
    verdict_report = SourceFactory(title="Kappa sentenced", publisher="Viasna")
    assert b"status-detained" in client.get("/defenders/kappa-test-defender/").content

    login(client, researcher)
    data = verdict_data(defender, sources=[verdict_report])
    response = client.post(admin_url(Event, "add"), {**data, **SUBMIT})
    assert response.status_code == 302
    event = Event.objects.get(slug="verdict-for-kappa-test-defender")
    assert event.workflow_in_progress
    assert event.participants.get().new_status == "imprisoned"

    # Under review, nothing changes on the defender's record.
    defender.refresh_from_db()
    assert defender.status == Defender.Status.DETAINED
    assert list(defender.status_sources.all()) == [old_status_source]
    assert defender.get_latest_revision_as_object().status == "detained"

    # The reviewer sees what approving will do, in the event's edit form.
    client.logout()
    login(client, editor)
    form = client.get(admin_url(Event, "edit", event.pk))
    assert (
        "Publishing this event updates Kappa Test Defender's status to "
        "“imprisoned”, as of 3 March 2023, citing this event's sources (their "
        "status note is cleared: it described the old status)."
    ) in html.unescape(form.content.decode())
    assert b'<option value="imprisoned" selected>' in form.content

    response = client.post(admin_url(Event, "edit", event.pk), {**data, **APPROVE})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live

    defender.refresh_from_db()
    assert defender.live and not defender.has_unpublished_changes
    assert defender.status == Defender.Status.IMPRISONED
    assert defender.status_as_of == VERDICT_DAY
    assert defender.status_as_of_precision == "day"
    assert list(defender.status_sources.all()) == [verdict_report]
    # The note written for the old status would contradict the new one.
    assert defender.status_note == ""
    assert defender.live_revision.user == editor
    # The defender's audit log says the editor changed and published it.
    actions = {
        (entry.action, entry.user_id)
        for entry in log_registry.get_logs_for_instance(defender)
    }
    assert ("wagtail.edit", editor.pk) in actions
    assert ("wagtail.publish", editor.pk) in actions
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("status follows this event: “imprisoned”" in m for m in messages)

    # The public profile shows the new status at once, cache or not.
    client.logout()
    page = client.get("/defenders/kappa-test-defender/")
    assert b"status-imprisoned" in page.content
    assert b"status-detained" not in page.content


def test_the_status_takes_the_events_date_with_its_precision(editor_client):
    defender = detained_defender()
    data = verdict_data(defender, date="03.2023")
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 302
    defender.refresh_from_db()
    assert defender.status == Defender.Status.IMPRISONED
    assert defender.status_as_of == datetime.date(2023, 3, 1)
    assert defender.status_as_of_precision == "month"
    assert defender.status_as_of_display == "March 2023"


def test_publishing_directly_as_an_editor_updates_the_status_once(
    editor_client, editor
):
    defender = detained_defender()
    data = verdict_data(defender)
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 302
    event = Event.objects.get(slug="verdict-for-kappa-test-defender")
    assert event.live
    defender.refresh_from_db()
    assert defender.status == Defender.Status.IMPRISONED
    assert defender.live_revision.user == editor
    revisions = defender.revisions.count()

    # Publishing the event again (a typo fixed) adds no defender revision.
    data["description_en"] = "Sentenced by the Leninsky District Court."
    response = editor_client.post(
        admin_url(Event, "edit", event.pk), {**data, **PUBLISH}
    )
    assert response.status_code == 302
    assert defender.revisions.count() == revisions


def test_an_older_event_never_overwrites_a_newer_status(editor_client):
    defender = detained_defender(
        status=Defender.Status.RELEASED, status_as_of=datetime.date(2025, 12, 1)
    )
    revisions = defender.revisions.count()

    data = verdict_data(defender)
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 302
    assert Event.objects.get(slug="verdict-for-kappa-test-defender").live

    defender.refresh_from_db()
    assert defender.status == Defender.Status.RELEASED
    assert defender.status_as_of == datetime.date(2025, 12, 1)
    assert defender.revisions.count() == revisions
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("is as of a later date than this event" in m for m in messages)


def test_a_pending_draft_of_the_defender_gets_the_status_for_its_review(
    editor_client, editor
):
    defender = detained_defender()
    draft = defender.get_latest_revision_as_object()
    draft.role = "Lawyer, in a draft not yet reviewed"
    draft.save_revision()

    data = verdict_data(defender)
    event_response = editor_client.post(admin_url(Event, "add"), {**data, **SUBMIT})
    assert event_response.status_code == 302
    event = Event.objects.get(slug="verdict-for-kappa-test-defender")
    task_state = event.current_workflow_task_state
    response = editor_client.post(
        admin_url(Event, "workflow_action", event.pk, "approve", task_state.pk)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live

    # The public record is untouched; the draft has the status and keeps
    # its own change, for review.
    defender.refresh_from_db()
    assert defender.status == Defender.Status.DETAINED
    assert defender.role == ""
    assert defender.has_unpublished_changes
    latest = defender.get_latest_revision_as_object()
    assert latest.status == Defender.Status.IMPRISONED
    assert latest.status_as_of == VERDICT_DAY
    assert latest.role == "Lawyer, in a draft not yet reviewed"
    assert defender.latest_revision.user == editor
    form = editor_client.get(admin_url(Event, "edit", event.pk))
    assert "Kappa Test Defender's draft has the status “imprisoned”" in (
        html.unescape(form.content.decode())
    )


@pytest.mark.parametrize("kind", ["raid", "transfer", "charge"])
def test_an_event_type_that_changes_no_status_refuses_it(editor_client, kind):
    defender = detained_defender()
    data = verdict_data(defender, type=kind)
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 200
    assert "Only a detention, a verdict or a release" in row_errors(response)
    assert not Event.objects.exists()
    defender.refresh_from_db()
    assert defender.status == Defender.Status.DETAINED


def test_a_status_update_needs_a_date_to_the_month(editor_client):
    defender = detained_defender()
    data = verdict_data(defender, date="2023")
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 200
    assert "to the month at least" in row_errors(response)
    assert not Event.objects.exists()


def test_a_status_update_cannot_be_published_without_a_source(editor_client):
    defender = detained_defender()
    data = verdict_data(defender, sources=[])
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 200
    assert response.context["form"].errors["sources"]
    defender.refresh_from_db()
    assert defender.status == Defender.Status.DETAINED


def test_no_status_update_leaves_the_defender_alone(editor_client):
    defender = detained_defender()
    revisions = defender.revisions.count()
    data = verdict_data(defender, new_status="")
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 302
    defender.refresh_from_db()
    assert defender.status == Defender.Status.DETAINED
    assert defender.revisions.count() == revisions


def test_the_history_compare_view_shows_the_status_update(editor_client):
    defender = detained_defender()
    data = verdict_data(defender, new_status="")
    editor_client.post(admin_url(Event, "add"), data)
    event = Event.objects.get(slug="verdict-for-kappa-test-defender")
    first = event.latest_revision
    data = verdict_data(defender)
    formset_ids = {
        "participants-0-id": str(event.participants.get().pk),
    }
    response = editor_client.post(
        admin_url(Event, "edit", event.pk), {**data, **formset_ids}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    second = event.latest_revision
    assert second != first
    compare = editor_client.get(
        admin_url(Event, "revisions_compare", event.pk, first.pk, second.pk)
    )
    assert compare.status_code == 200
    text = html.unescape(compare.content.decode())
    assert "Update their status to" in text or "update their status to" in text
    assert "imprisoned" in text
    assert "leave their status as it is" in text


def test_the_public_page_and_the_api_do_not_show_the_instruction(editor_client, client):
    defender = detained_defender()
    data = verdict_data(defender)
    editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    event = Event.objects.get(slug="verdict-for-kappa-test-defender")
    assert event.live and event.participants.get().new_status == "imprisoned"

    public = client.__class__()
    page = public.get(f"/events/{event.slug}/")
    assert page.status_code == 200
    assert b"Kappa Test Defender" in page.content
    assert b"update their status" not in page.content.lower()
    assert b"new_status" not in page.content
    api = public.get(f"/api/v1/events/{event.slug}/")
    assert api.status_code == 200
    body = api.json()
    assert [row["slug"] for row in body["defenders"]] == ["kappa-test-defender"]
    assert "new_status" not in api.content.decode()
    csv = public.get("/api/v1/events/", {"format": "csv"})
    assert "new_status" not in csv.getvalue().decode()
