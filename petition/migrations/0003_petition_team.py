"""The Petition team: the people who look after signers.

They see and delete signatures (on a signer's request), export them with
emails, see the outbox of petition emails and resend those that failed, in
the Wagtail admin. Researchers and editors get none of this: signers' names
and emails are for this group only (and Administrators, who get every
permission; see cms/roles.py).

Permissions are created here rather than left to post_migrate, which runs only
after every migration. Running this twice changes nothing; reversing it
deletes the group.
"""

from django.db import migrations

PETITION_TEAM = "Petition team"
PERMISSIONS = [
    ("signature", "view_signature", "Can view signature"),
    ("signature", "delete_signature", "Can delete signature"),
    (
        "signature",
        "export_signature_emails",
        "Can export signatures with their emails",
    ),
    ("email", "view_email", "Can view petition email"),
    ("email", "resend_email", "Can resend petition emails"),
]


def create_team(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    permissions = []
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="petition", model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    permissions += Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    team, _ = Group.objects.get_or_create(name=PETITION_TEAM)
    team.permissions.add(*permissions)


def remove_team(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PETITION_TEAM).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("petition", "0002_outbox_and_anonymising"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_team, remove_team)]
