from django.apps import AppConfig


class TaxonomyAppConfig(AppConfig):
    name = "wagtail_convene.taxonomy"
    label = "wagtail_convene_taxonomy"
    verbose_name = "Convene taxonomy"
    default_auto_field = "django.db.models.BigAutoField"
