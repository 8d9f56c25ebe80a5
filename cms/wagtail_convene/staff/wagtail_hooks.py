"""Admin wiring of the second factor: its screens, and a way to them from the account."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .urls import admin_urlpatterns
from .views import CODES


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    return admin_urlpatterns


@hooks.register("register_account_menu_item")
def second_factor_menu_item(request):
    return {
        "url": reverse(CODES),
        "label": _("Second factor"),
        "help_text": _("Your authenticator app, security keys and recovery codes."),
    }
