from django.apps import AppConfig


class WagtailConveneAppConfig(AppConfig):
    """Core of the plugin: settings, service clients, templates and static files."""

    name = "wagtail_convene"
    label = "wagtail_convene"
    verbose_name = "Convene"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.cache.backends.locmem import LocMemCache

        # The public forms' per-client counts (wagtail_convene.throttle), in this
        # process's memory unless WAGTAILCONVENE_THROTTLE_CACHE names a shared cache.
        self.throttle_store = LocMemCache(
            "wagtail_convene_throttle", {"TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 100_000}}
        )
