from django.apps import AppConfig


class IntakeAppConfig(AppConfig):
    name = "wagtail_convene.intake"
    label = "wagtail_convene_intake"
    verbose_name = "Convene intake"
    default_auto_field = "django.db.models.BigAutoField"
