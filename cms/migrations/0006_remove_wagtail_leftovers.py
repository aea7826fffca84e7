"""Remove what Wagtail's own migrations leave and Docket does not use.

Wagtail creates a "Moderators" group and a "Moderators approval" workflow
(with its task) assigned to the page tree. Docket's roles are Researchers,
Editors and Administrators, and its one workflow is "Review before
publishing" (cms/0003): the empty group and the other workflow only confuse
the admin's settings. The group goes only while nobody is in it; a workflow
goes only if it is not ours and no review is under way in it. Reversing this
changes nothing: the leftovers are not brought back.
"""

from django.db import migrations

MODERATORS = "Moderators"
OURS = "Review before publishing"  # cms/0003_roles_and_review_workflow.WORKFLOW


def remove_leftovers(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    leftovers = Workflow.objects.exclude(name=OURS).filter(
        name=f"{MODERATORS} approval"
    )
    for workflow in leftovers:
        if WorkflowState.objects.filter(workflow=workflow).exists():
            continue
        task_ids = list(
            WorkflowTask.objects.filter(workflow=workflow).values_list(
                "task_id", flat=True
            )
        )
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowTask.objects.filter(workflow=workflow).delete()
        workflow.delete()
        # Its task, unless another workflow or a past review still uses it.
        for task in Task.objects.filter(pk__in=task_ids):
            in_use = (
                WorkflowTask.objects.filter(task=task).exists()
                or TaskState.objects.filter(task=task).exists()
            )
            if not in_use:
                task.delete()

    for group in Group.objects.filter(name=MODERATORS):
        if not group.user_set.exists():
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_case_list_import"),
        ("cms", "0003_roles_and_review_workflow"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(remove_leftovers, migrations.RunPython.noop)]
