"""Admin wiring of the plugin's own screens (the apps' screens register in their apps)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import signin
from .audit import admin as audit_admin  # noqa: F401 - registers the audit trail


@hooks.register("register_admin_urls")
def register_signin_urls():
    return signin.urlpatterns


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_locked_signins():
    return SuperuserMenuItem(
        _("Locked sign-ins"), reverse(signin.URL_NAME), icon_name="lock", order=900
    )
