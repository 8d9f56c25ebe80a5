from django.apps import AppConfig


class StaffAppConfig(AppConfig):
    """Staff sign-in: second factor, session limits, throttled password reset."""

    name = "wagtail_convene.staff"
    label = "wagtail_convene_staff"
    verbose_name = "Convene staff sign-in"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import notices  # noqa: F401 - a key added by any view is told
        from .housekeeping import on_sign_in
        from .middleware import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="convene-sign-in-stamp")
        user_logged_in.connect(on_sign_in, dispatch_uid="convene-housekeeping")
