"""The admin's words for the audit trail's codes: actions, objects, services, actors."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SERVICES = {
    "registration": gettext_lazy("Registration"),
    "grievance": gettext_lazy("Grievances and reprisals"),
    "mailer": gettext_lazy("Mail"),
}

ACTIONS = {
    # registration
    "registration.create": gettext_lazy("Registration received"),
    "registration.list": gettext_lazy("Registration queue viewed"),
    "registration.decrypt": gettext_lazy("Registration opened"),
    "registration.export": gettext_lazy("Participants exported"),
    "registration.start_review": gettext_lazy("Review started"),
    "registration.check_criteria": gettext_lazy("Criteria checked"),
    "registration.eligible": gettext_lazy("Found eligible"),
    "registration.ineligible": gettext_lazy("Found not eligible"),
    "registration.select": gettext_lazy("Selected"),
    "registration.waitlist": gettext_lazy("Put on the waiting list"),
    "registration.not_select": gettext_lazy("Not selected"),
    "registration.promote": gettext_lazy("Promoted from the waiting list"),
    "registration.confirm": gettext_lazy("Participation confirmed"),
    "registration.note": gettext_lazy("Note added"),
    "registration.self_view": gettext_lazy("Viewed by the registrant"),
    "registration.self_correct": gettext_lazy("Corrected by the registrant"),
    "registration.withdraw": gettext_lazy("Withdrawn by the registrant"),
    "registration.self_export": gettext_lazy("Downloaded by the registrant"),
    "registration.erase": gettext_lazy("Erased by the registrant"),
    "registration.erase_reapplied": gettext_lazy("Erasure applied again after a restore"),
    "registration.authorise": gettext_lazy("Authorised by the focal point"),
    "registration.guardian": gettext_lazy("Consent given by the guardian"),
    "registration.accept": gettext_lazy("Nomination accepted"),
    "event.upsert": gettext_lazy("Event published"),
    "selection.queue": gettext_lazy("Selection started"),
    "selection.cancelled": gettext_lazy("Selection cancelled"),
    "selection.drawn": gettext_lazy("Selection drawn"),
    "selection.decided": gettext_lazy("Selection decided"),
    "selection.replace": gettext_lazy("Selected person replaced"),
    "selection.panel_view": gettext_lazy("Selection panel viewed"),
    "selection.inputs_handover": gettext_lazy("Selection inputs handed to an observer"),
    "floor_order.view": gettext_lazy("List of speakers viewed"),
    # grievance
    "case.view": gettext_lazy("Case opened"),
    "case.contact": gettext_lazy("Reporter's contact details opened"),
    "case.acknowledge": gettext_lazy("Case acknowledged"),
    "case.start": gettext_lazy("Case work started"),
    "case.resolve": gettext_lazy("Case resolved"),
    "case.close": gettext_lazy("Case closed"),
    "case.reopen": gettext_lazy("Case reopened"),
    "case.assign": gettext_lazy("Case assigned"),
    "case.note": gettext_lazy("Staff note added"),
    "case.message": gettext_lazy("Message sent to the reporter"),
    "case.refer": gettext_lazy("Case referred"),
    "evidence.view": gettext_lazy("Evidence opened"),
    "desk.create": gettext_lazy("Reprisal desk created"),
    "desk.add_member": gettext_lazy("Desk member added"),
    "desk.remove_member": gettext_lazy("Desk member removed"),
    "desk.unlock": gettext_lazy("Desk unlocked"),
    "desk.unlock_refused": gettext_lazy("Desk unlock refused"),
    "desk.lock": gettext_lazy("Desk locked"),
    "desk.rotate_keys.begin": gettext_lazy("Desk key rotation started"),
    "desk.rotate_keys": gettext_lazy("Desk keys rotated"),
    # mailer
    "message.queue": gettext_lazy("E-mail queued"),
    "list.upsert": gettext_lazy("Mailing list saved"),
    "import.create": gettext_lazy("Contact import uploaded"),
    "import.map": gettext_lazy("Contact import mapped"),
    "subscription.request": gettext_lazy("Subscription requested"),
    "subscription.confirm": gettext_lazy("Subscription confirmed"),
    "subscription.unsubscribe": gettext_lazy("Unsubscribed from a list"),
    "subscription.unsubscribe_all": gettext_lazy("Unsubscribed from every list"),
    "suppression.never_mail": gettext_lazy("Asked never to be mailed"),
    "suppression.lift": gettext_lazy("Never-mail request undone"),
    "template.save": gettext_lazy("E-mail template saved"),
    "template.test_send": gettext_lazy("Test e-mail sent"),
    "campaign.create": gettext_lazy("Campaign created"),
    "campaign.late_invitation": gettext_lazy("Late invitation allowed"),
    "campaign.schedule": gettext_lazy("Campaign scheduled"),
    "campaign.pause": gettext_lazy("Campaign paused"),
    "campaign.resume": gettext_lazy("Campaign resumed"),
    "campaign.cancel": gettext_lazy("Campaign cancelled"),
    # every service
    "audit.read": gettext_lazy("Audit trail read"),
}

OBJECTS = {
    "registration": gettext_lazy("Registration"),
    "event": gettext_lazy("Event"),
    "selection": gettext_lazy("Selection"),
    "case": gettext_lazy("Case"),
    "evidence": gettext_lazy("Evidence"),
    "reviewer": gettext_lazy("Desk member"),
    "desk_key": gettext_lazy("Desk key"),
    "message": gettext_lazy("E-mail"),
    "list": gettext_lazy("Mailing list"),
    "import": gettext_lazy("Contact import"),
    "subscription": gettext_lazy("Subscription"),
    "suppression": gettext_lazy("Never-mail list"),
    "template": gettext_lazy("E-mail template"),
    "campaign": gettext_lazy("Campaign"),
    "audit": gettext_lazy("Audit trail"),
    "desk_audit": gettext_lazy("Audit trail, with the reprisal desk's entries"),
}


def action_label(code: str) -> str:
    return str(ACTIONS.get(code) or _("Other action"))


def object_label(code: str) -> str:
    return str(OBJECTS.get(code) or _("Other record"))
