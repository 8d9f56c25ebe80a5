"""Admin wiring of the dead-letter screens (imported by the intake app's wagtail_hooks)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dead_letter_views import TITLES, URL_NAME, DeadLetterIndex, DeadLetterScreen, may_see


class DeadLetterMenuItem(MenuItem):
    def is_shown(self, request):
        return any(may_see(request.user, service) for service in TITLES)


@hooks.register("register_admin_urls")
def register_dead_letter_urls():
    return [
        path("convene/dead-letters/", DeadLetterIndex.as_view(), name=f"{URL_NAME}_index"),
        path("convene/dead-letters/<slug:service>/", DeadLetterScreen.as_view(), name=URL_NAME),
    ]


@hooks.register("register_admin_menu_item")
def register_dead_letter_menu():
    return DeadLetterMenuItem(
        _("Failed messages"),
        reverse(f"{URL_NAME}_index"),
        icon_name="warning",
        order=260,
        name="convene-dead-letters",
    )
