from django.apps import AppConfig


class EventsAppConfig(AppConfig):
    name = "wagtail_convene.events"
    label = "wagtail_convene_events"
    verbose_name = "Convene events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
