"""Roles: researchers record and submit, editors review and publish.

The groups and the "Review before publishing" workflow come from the data
migration cms/0003; these tests use what it made in the test database.
"""

import importlib

import pytest

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Workflow, WorkflowContentType

from defenders.factories import DefenderFactory
from defenders.models import Defender
from events.factories import EventFactory
from events.models import (
    Event,
)
from records.factories import SourceFactory
from tests.admin_client import (
    admin_url,
    defender_data,
    event_data,
    login,
    record_models,
)

pytestmark = pytest.mark.django_db

RECORDS = record_models()
ROLES_MIGRATION = ("cms", "0003_roles_and_review_workflow")


def codenames(group_name, model):
    group = Group.objects.get(name=group_name)
    return {
        codename.split("_")[0]
        for codename in group.permissions.filter(
            content_type__app_label=model._meta.app_label,
            codename__endswith=f"_{model._meta.model_name}",
        ).values_list("codename", flat=True)
    }


@pytest.mark.parametrize("model", RECORDS, ids=lambda m: m.__name__)
def test_each_role_has_its_permissions_on_every_record(model):
    assert codenames("Researchers", model) == {"add", "change", "view", "lock"}
    assert codenames("Editors", model) == {
        "add",
        "change",
        "delete",
        "view",
        "publish",
        "lock",
        "unlock",
    }
    assert {"publish", "delete", "unlock"} <= codenames("Administrators", model)


def test_administrators_hold_every_permission():
    group = Group.objects.get(name="Administrators")
    assert group.permissions.count() == Permission.objects.count()


def test_researchers_and_editors_can_reach_the_admin(researcher, editor):
    assert researcher.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not researcher.has_perm("events.publish_event")
    assert editor.has_perm("events.publish_event")


@pytest.mark.parametrize("model", RECORDS, ids=lambda m: m.__name__)
def test_every_record_goes_through_review_before_publishing(model):
    workflow = model.get_default_workflow()
    assert workflow is not None
    assert workflow.name == "Review before publishing"
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]


# --- Researchers never publish ---------------------------------------------


def test_researcher_sees_no_publish_button_and_editor_does(client, researcher, editor):
    event = EventFactory(live=False, sources=[SourceFactory()])
    login(client, researcher)
    page = client.get(admin_url(Event, "edit", event.pk))
    assert page.status_code == 200
    assert b'name="action-publish"' not in page.content
    assert b'name="action-submit"' in page.content
    login(client, editor)
    page = client.get(admin_url(Event, "edit", event.pk))
    assert b'name="action-publish"' in page.content


def test_researcher_posting_publish_only_saves_a_draft(researcher_client):
    data = event_data([DefenderFactory()])
    response = researcher_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert not event.live
    assert event.live_revision is None
    assert event.latest_revision is not None


def test_researcher_cannot_delete(researcher_client):
    event = EventFactory(live=False)
    response = researcher_client.post(admin_url(Event, "delete", event.pk))
    assert response.status_code in (302, 403)
    assert Event.objects.filter(pk=event.pk).exists()


def test_researcher_can_submit_for_review(researcher_client):
    data = defender_data()
    response = researcher_client.post(
        admin_url(Defender, "add"), {**data, "action-submit": "1"}
    )
    assert response.status_code == 302
    defender = Defender.objects.get(slug="alpha-test-defender")
    assert not defender.live
    assert defender.workflow_in_progress
    assert defender.current_workflow_task.name == "Editors review"


def test_researcher_cannot_approve(client, researcher):
    event = EventFactory(live=False, sources=[SourceFactory()])
    event.save_revision(user=researcher)
    Event.get_default_workflow().start(event, researcher)
    event.refresh_from_db()
    login(client, researcher)
    task_state = event.current_workflow_task_state
    response = client.post(
        admin_url(Event, "workflow_action", event.pk, "approve", task_state.pk)
    )
    # Wagtail answers "permission denied" with a redirect to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    event.refresh_from_db()
    assert not event.live
    assert event.workflow_in_progress


# --- Editors publish and approve --------------------------------------------


def test_editor_can_publish(editor_client):
    data = event_data([DefenderFactory()])
    response = editor_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.live
    assert event.live_revision == event.latest_revision


def submitted_event(user, sources):
    event = EventFactory(live=False, sources=sources)
    event.save_revision(user=user)
    Event.get_default_workflow().start(event, user)
    event.refresh_from_db()
    return event


def test_editor_approves_from_the_review_dashboard(editor_client, researcher):
    event = submitted_event(researcher, [SourceFactory()])
    task_state = event.current_workflow_task_state
    response = editor_client.post(
        admin_url(Event, "workflow_action", event.pk, "approve", task_state.pk)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live
    assert not event.workflow_in_progress


def test_approving_an_unsourced_record_from_the_dashboard_is_refused(
    editor_client, researcher
):
    # Submitted before the rule existed, or by code: the approval still checks.
    event = submitted_event(researcher, [])
    task_state = event.current_workflow_task_state
    response = editor_client.post(
        admin_url(Event, "workflow_action", event.pk, "approve", task_state.pk),
        follow=True,
    )
    assert response.status_code == 200
    assert b"Cite at least one source" in response.content
    event.refresh_from_db()
    assert not event.live
    assert event.workflow_in_progress


def test_approving_an_unsourced_record_in_the_editor_is_refused(
    editor_client, researcher
):
    event = submitted_event(researcher, [])
    data = event_data(
        [DefenderFactory()], sources=[], title=event.title, slug=event.slug
    )
    response = editor_client.post(
        admin_url(Event, "edit", event.pk),
        {
            **data,
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sources"]
    event.refresh_from_db()
    assert not event.live


# --- The migration ------------------------------------------------------------


def migration_state_apps():
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(ROLES_MIGRATION).apps


def snapshot():
    return {
        "groups": {
            group.name: set(group.permissions.values_list("pk", flat=True))
            for group in Group.objects.all()
        },
        "workflows": set(Workflow.objects.values_list("name", flat=True)),
        "assigned": set(
            WorkflowContentType.objects.values_list(
                "content_type__model", "workflow__name"
            )
        ),
    }


def test_roles_migration_is_idempotent_and_reversible():
    roles = importlib.import_module("cms.migrations.0003_roles_and_review_workflow")
    apps = migration_state_apps()
    before = snapshot()
    roles.create_roles(apps, None)
    assert snapshot() == before

    roles.remove_roles(apps, None)
    after_reverse = snapshot()
    assert "Researchers" not in after_reverse["groups"]
    assert "Administrators" not in after_reverse["groups"]
    assert "Editors" in after_reverse["groups"]  # Wagtail's own group stays
    assert "Review before publishing" not in after_reverse["workflows"]
    assert after_reverse["assigned"] == set()
    assert not Group.objects.get(name="Editors").permissions.filter(
        codename="publish_event"
    )

    roles.create_roles(apps, None)
    again = snapshot()
    assert again["workflows"] == before["workflows"]
    assert again["assigned"] == before["assigned"]
    for name in ("Researchers", "Editors"):
        assert again["groups"][name] == before["groups"][name]
