from django.apps import AppConfig


class WagtailConveneAppConfig(AppConfig):
    """Core of the plugin: settings, service clients, templates and static files."""

    name = "wagtail_convene"
    label = "wagtail_convene"
    verbose_name = "Convene"
    default_auto_field = "django.db.models.BigAutoField"
