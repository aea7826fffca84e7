"""Keep the Administrators group superuser-like.

The roles migration gives Administrators every permission that exists when it
runs; permissions of apps migrated later (and those Django and Wagtail create
after migrating) are added here at the end of every `migrate`.
"""

from django.apps import apps

ADMINISTRATORS = "Administrators"


def grant_administrators_everything(app_config=None, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    # post_migrate is sent once per app, in INSTALLED_APPS order; by the last
    # one every app's permissions exist.
    if app_config is not None and app_config != list(apps.get_app_configs())[-1]:
        return
    group = Group.objects.using(using).filter(name=ADMINISTRATORS).first()
    if group is not None:
        group.permissions.add(*Permission.objects.using(using).all())
