"""Admin wiring of the audit trail: its URL and a menu item shown to auditors only
(imported by the plugin's `wagtail_hooks`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .trail import is_auditor
from .views import AuditTrail

URL_NAME = "wagtail_convene_audit_trail"


class AuditorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_auditor(request.user)


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [path("convene/audit/", AuditTrail.as_view(), name=URL_NAME)]


@hooks.register("register_admin_menu_item")
def register_audit_menu():
    return AuditorMenuItem(_("Audit trail"), reverse(URL_NAME), icon_name="history", order=260)
