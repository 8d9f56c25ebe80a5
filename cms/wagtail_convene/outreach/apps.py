from django.apps import AppConfig


class OutreachAppConfig(AppConfig):
    name = "wagtail_convene.outreach"
    label = "wagtail_convene_outreach"
    verbose_name = "Convene outreach"
    default_auto_field = "django.db.models.BigAutoField"
