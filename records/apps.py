from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records"

    def ready(self):
        from records.cache import connect_invalidation

        connect_invalidation()
