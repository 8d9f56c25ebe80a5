from django.apps import AppConfig


class ReportingAppConfig(AppConfig):
    name = "wagtail_convene.reporting"
    label = "wagtail_convene_reporting"
    verbose_name = "Convene grievances and reprisals"
    default_auto_field = "django.db.models.BigAutoField"
