from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from cms import checks  # noqa: F401 (registers the system checks)
        from cms.cache import connect_invalidation

        connect_invalidation()
