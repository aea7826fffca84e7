from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        # The public pages register their contexts for the admin preview.
        from events import defender_views, signals, views  # noqa: F401

        signals.connect()
