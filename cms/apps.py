from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from cms.roles import grant_administrators_everything

        # Administrators get every permission, including those created
        # after the migrations ran.
        post_migrate.connect(
            grant_administrators_everything,
            dispatch_uid="cms.grant_administrators_everything",
        )
