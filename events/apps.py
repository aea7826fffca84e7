from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from events.roles import grant_administrators_everything

        # Administrators get every permission, including those created
        # after the migrations ran.
        post_migrate.connect(
            grant_administrators_everything,
            dispatch_uid="events.grant_administrators_everything",
        )
