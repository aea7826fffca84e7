"""What Wagtail's own migrations leave and Docket does not use is gone
(cms/0006): the empty "Moderators" group and the "Moderators approval"
workflow. Docket's one workflow stays, on every record type."""

import importlib

import pytest

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from wagtail.models import (
    GroupApprovalTask,
    Page,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from tests.admin_client import make_user, record_models

pytestmark = pytest.mark.django_db

LEFTOVERS = importlib.import_module("cms.migrations.0006_remove_wagtail_leftovers")
OURS = "Review before publishing"


def test_after_migrate_only_docket_s_workflow_and_roles_are_left():
    assert not Group.objects.filter(name="Moderators").exists()
    assert list(Workflow.objects.values_list("name", flat=True)) == [OURS]
    assert list(Task.objects.values_list("name", flat=True)) == ["Editors review"]
    assert not WorkflowPage.objects.exists()


@pytest.mark.parametrize("model", record_models(), ids=lambda m: m.__name__)
def test_every_record_type_keeps_docket_s_review(model):
    assignment = WorkflowContentType.objects.get(
        content_type=ContentType.objects.get_for_model(model)
    )
    assert assignment.workflow.name == OURS


def wagtail_default_workflow():
    """What wagtailcore's 0002 and 0048 migrations make."""
    moderators = Group.objects.create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.objects.get(depth=1))
    return moderators, workflow


def test_the_leftovers_go_again_if_made_again():
    wagtail_default_workflow()

    LEFTOVERS.remove_leftovers(apps, None)

    assert not Group.objects.filter(name="Moderators").exists()
    assert list(Workflow.objects.values_list("name", flat=True)) == [OURS]
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert not WorkflowPage.objects.exists()


def test_a_moderators_group_with_people_in_it_stays():
    moderators, _workflow = wagtail_default_workflow()
    make_user("moderator", "Moderators")

    LEFTOVERS.remove_leftovers(apps, None)

    assert Group.objects.filter(pk=moderators.pk).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_docket_s_workflow_is_never_removed():
    ours = Workflow.objects.get(name=OURS)
    ours_task = ours.tasks.get()

    LEFTOVERS.remove_leftovers(apps, None)

    assert Workflow.objects.filter(pk=ours.pk).exists()
    assert Task.objects.filter(pk=ours_task.pk).exists()
