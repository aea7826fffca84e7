"""Keep the Administrators group superuser-like.

The roles migration gives Administrators every permission that exists when it
runs; permissions of apps migrated later (and those Django and Wagtail create
after migrating) are added here at the end of every `migrate`.
"""

from django.apps import apps as global_apps

ADMINISTRATORS = "Administrators"


def grant_administrators_everything(
    app_config=None, using="default", apps=global_apps, **kwargs
):
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate is sent once per app with models, in INSTALLED_APPS order.
    with_models = [
        config
        for config in global_apps.get_app_configs()
        if config.models_module is not None
    ]
    if app_config is not None and app_config != with_models[-1]:
        return
    if app_config is not None:
        # This handler may run before Django's for the last app: create its
        # permissions first (Django then finds them made and skips them).
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    group = Group.objects.using(using).filter(name=ADMINISTRATORS).first()
    if group is not None:
        group.permissions.add(*Permission.objects.using(using).all())
