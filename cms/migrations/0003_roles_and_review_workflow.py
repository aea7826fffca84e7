"""Roles and the review workflow for every record.

- Researchers: the admin; add, change, view and lock every record; submit for
  review. Never publish, never delete.
- Editors: add, change, delete, publish, lock and unlock every record; they
  approve the "Review before publishing" task.
- Administrators: every permission there is (a superuser-like group; see
  cms/roles.py, which keeps it complete after later migrations).

Permissions are created here rather than left to post_migrate, which runs
only after every migration. Running this twice changes nothing; reversing it
removes what it added and leaves Wagtail's own Editors group in place.
"""

from django.db import migrations

RECORDS = [
    ("records", "source"),
    ("records", "place"),
    ("defenders", "defender"),
    ("defenders", "organization"),
    ("events", "event"),
    ("events", "article"),
    ("events", "criminalcase"),
    ("events", "charge"),
    ("events", "sentence"),
    ("events", "detentionplace"),
    ("events", "figure"),
]
RESEARCHER_ACTIONS = ["add", "change", "view", "lock"]
EDITOR_ACTIONS = ["add", "change", "delete", "view", "publish", "lock", "unlock"]
ALL_ACTIONS = EDITOR_ACTIONS

RESEARCHERS = "Researchers"
EDITORS = "Editors"
ADMINISTRATORS = "Administrators"
WORKFLOW = "Review before publishing"
TASK = "Editors review"

IMAGE_ACTIONS = ["add_image", "choose_image"]
COLLECTION_ACTIONS = [
    "add_image",
    "change_image",
    "choose_image",
    "delete_image",
    "add_document",
    "change_document",
    "choose_document",
    "delete_document",
    "add_collection",
    "change_collection",
    "delete_collection",
]
PAGE_ACTIONS = [
    "add_page",
    "bulk_delete_page",
    "change_page",
    "lock_page",
    "publish_page",
    "unlock_page",
]


def record_permissions(apps, actions):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for app_label, model_name in RECORDS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model_name
        )
        verbose = apps.get_model(app_label, model_name)._meta.verbose_name_raw
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {verbose}"},
            )
            permissions.append(permission)
    return permissions


def permissions_by_codename(apps, app_label, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    )


def create_every_permission(apps):
    """What post_migrate would create, for the apps migrated so far."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def admin_access(apps):
    return permissions_by_codename(apps, "wagtailadmin", ["access_admin"])


def root_collection(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    return Collection.objects.filter(depth=1).first()


def grant_collection(apps, group, codenames):
    collection = root_collection(apps)
    if collection is None:
        return
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    for app_label in ("wagtailimages", "wagtaildocs", "wagtailcore"):
        for permission in permissions_by_codename(apps, app_label, codenames):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def grant_root_pages(apps, group):
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for permission in permissions_by_codename(apps, "wagtailcore", PAGE_ACTIONS):
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=permission
        )


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    researchers, _ = Group.objects.get_or_create(name=RESEARCHERS)
    researchers.permissions.add(
        *record_permissions(apps, RESEARCHER_ACTIONS), *admin_access(apps)
    )
    grant_collection(apps, researchers, IMAGE_ACTIONS)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(
        *record_permissions(apps, EDITOR_ACTIONS), *admin_access(apps)
    )
    grant_collection(apps, editors, IMAGE_ACTIONS)

    create_every_permission(apps)
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    administrators.permissions.add(*Permission.objects.all())
    grant_collection(apps, administrators, COLLECTION_ACTIONS)
    grant_root_pages(apps, administrators)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK, content_type=task_type, active=True
        )
    task.groups.add(editors)

    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    for app_label, model_name in RECORDS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model_name
        )
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


def remove_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    record_types = [
        content_type
        for app_label, model_name in RECORDS
        for content_type in ContentType.objects.filter(
            app_label=app_label, model=model_name
        )
    ]
    WorkflowContentType.objects.filter(content_type__in=record_types).delete()
    workflows = Workflow.objects.filter(name=WORKFLOW)
    tasks = GroupApprovalTask.objects.filter(name=TASK)
    # Review history of these workflows goes with them (it is also in the
    # audit log); nothing else refers to the workflow.
    TaskState.objects.filter(task__name=TASK).delete()
    WorkflowState.objects.filter(workflow__in=workflows).delete()
    workflows.delete()
    tasks.delete()

    Group.objects.filter(name__in=[RESEARCHERS, ADMINISTRATORS]).delete()
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        # Wagtail made this group; take back only what we gave it.
        editors.permissions.remove(*record_permissions(apps, ALL_ACTIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_charge_outcomes_verdicts_figures"),
        ("cms", "0002_create_homepage"),
        ("records", "0001_initial"),
        ("petition", "0001_initial"),
        ("defenders", "0002_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
