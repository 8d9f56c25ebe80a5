"""Admin wiring only: the Intake menu and its views."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from . import dead_letter_hooks  # noqa: F401 - registers its own hooks
from .case_views import CaseDetail, CaseEvidence, CaseQueue, DeskUnlock, on_desk
from .models import GroupRegions, IntakeReviewer, reviewer_regions
from .selection_views import FloorOrder, SelectionDetail, SelectionList, SelectionSetup
from .views import RegistrationDetail, RegistrationQueue


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(reviewer_regions(request.user))


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(reviewer_regions(request.user)) and on_desk(request.user)


@hooks.register("register_admin_urls")
def register_intake_urls():
    return [
        path(
            "convene/intake/registrations/",
            RegistrationQueue.as_view(),
            name="wagtail_convene_intake_registrations",
        ),
        path(
            "convene/intake/registrations/<uuid:registration_id>/",
            RegistrationDetail.as_view(),
            name="wagtail_convene_intake_registration",
        ),
        path(
            "convene/intake/cases/<str:kinds>/",
            CaseQueue.as_view(),
            name="wagtail_convene_intake_cases",
        ),
        path(
            "convene/intake/cases/<str:kinds>/<uuid:case_id>/",
            CaseDetail.as_view(),
            name="wagtail_convene_intake_case",
        ),
        path(
            "convene/intake/cases/<str:kinds>/<uuid:case_id>/evidence/<uuid:evidence_id>/",
            CaseEvidence.as_view(),
            name="wagtail_convene_intake_case_evidence",
        ),
        path("convene/intake/desk/", DeskUnlock.as_view(), name="wagtail_convene_intake_desk"),
        path(
            "convene/intake/selections/",
            SelectionList.as_view(),
            name="wagtail_convene_intake_selections",
        ),
        path(
            "convene/intake/events/<uuid:key>/selections/new/",
            SelectionSetup.as_view(),
            name="wagtail_convene_intake_selection_new",
        ),
        path(
            "convene/intake/selections/<uuid:selection_id>/",
            SelectionDetail.as_view(),
            name="wagtail_convene_intake_selection",
        ),
        path(
            "convene/intake/events/<uuid:key>/floor-order/",
            FloorOrder.as_view(),
            name="wagtail_convene_intake_floor_order",
        ),
    ]


@hooks.register("insert_global_admin_css")
def convene_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("wagtail_convene/admin/convene-admin.css")
    )


@hooks.register("register_admin_menu_item")
def register_intake_menu():
    submenu = Menu(
        items=[
            ReviewerMenuItem(
                _("Registrations"),
                reverse("wagtail_convene_intake_registrations"),
                icon_name="form",
                order=100,
            ),
            ReviewerMenuItem(
                _("Grievances"),
                reverse("wagtail_convene_intake_cases", args=["grievances"]),
                icon_name="help",
                order=120,
            ),
            DeskMenuItem(
                _("Reprisals"),
                reverse("wagtail_convene_intake_cases", args=["reprisals"]),
                icon_name="warning",
                order=130,
            ),
            ReviewerMenuItem(
                _("Selections"),
                reverse("wagtail_convene_intake_selections"),
                icon_name="group",
                order=110,
            ),
        ]
    )
    return SubmenuMenuItem(
        _("Intake"), submenu, icon_name="tasks", order=250, name="convene-intake"
    )


register_snippet(IntakeReviewer)
register_snippet(GroupRegions)
