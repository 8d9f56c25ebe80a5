from django.apps import AppConfig


class IntakeAppConfig(AppConfig):
    name = "wagtail_convene.intake"
    label = "wagtail_convene_intake"
    verbose_name = "Convene intake"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from .case_views import lock_on_sign_out

        user_logged_out.connect(lock_on_sign_out, dispatch_uid="convene-desk-lock")
