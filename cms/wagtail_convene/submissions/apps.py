from django.apps import AppConfig


class SubmissionsAppConfig(AppConfig):
    name = "wagtail_convene.submissions"
    label = "wagtail_convene_submissions"
    verbose_name = "Convene submissions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
