"""Admin wiring only: the Outreach menu and its screens."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .models import may_manage_outreach
from .screens.campaigns import CampaignCreateView, CampaignsView, CampaignView
from .screens.lists import ImportUploadView, ImportView, ListsView
from .screens.templates import TemplateEditView, TemplatesView


class OutreachMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_outreach(request.user)


@hooks.register("register_admin_urls")
def register_outreach_urls():
    prefix = "wagtail_convene_outreach"
    return [
        path("convene/outreach/lists/", ListsView.as_view(), name=f"{prefix}_lists"),
        path(
            "convene/outreach/lists/<slug:key>/import/",
            ImportUploadView.as_view(),
            name=f"{prefix}_upload",
        ),
        path(
            "convene/outreach/imports/<uuid:job_id>/",
            ImportView.as_view(),
            name=f"{prefix}_import",
        ),
        path("convene/outreach/templates/", TemplatesView.as_view(), name=f"{prefix}_templates"),
        path(
            "convene/outreach/templates/new/",
            TemplateEditView.as_view(),
            name=f"{prefix}_template_new",
        ),
        path(
            "convene/outreach/templates/<slug:key>/",
            TemplateEditView.as_view(),
            name=f"{prefix}_template",
        ),
        path("convene/outreach/campaigns/", CampaignsView.as_view(), name=f"{prefix}_campaigns"),
        path(
            "convene/outreach/campaigns/new/",
            CampaignCreateView.as_view(),
            name=f"{prefix}_campaign_new",
        ),
        path(
            "convene/outreach/campaigns/<uuid:campaign_id>/",
            CampaignView.as_view(),
            name=f"{prefix}_campaign",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_outreach_menu():
    items = [
        (_("Lists"), "wagtail_convene_outreach_lists", "list-ul", 100),
        (_("Templates"), "wagtail_convene_outreach_templates", "doc-full", 200),
        (_("Campaigns"), "wagtail_convene_outreach_campaigns", "mail", 300),
    ]
    submenu = Menu(
        items=[
            OutreachMenuItem(label, reverse(name), icon_name=icon, order=order)
            for label, name, icon, order in items
        ]
    )
    return SubmenuMenuItem(
        _("Outreach"), submenu, icon_name="mail", order=260, name="convene-outreach"
    )
