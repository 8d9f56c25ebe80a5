"""Intake → Grievances and Intake → Reprisals: queues per region, a case with its
messages, notes and evidence, status, assignee, referral (only with the reporter's
consent). Reprisal reports open only after the reviewer, signed in with their second
factor, unlocks the desk with their passphrase; the unlock token lives in their browser
until it expires, they lock, sign out, or leave the desk alone for 30 minutes."""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.auth import permission_denied

from .. import conf, labels
from ..clients import GrievanceClient, ServiceError, ServiceRejected
from .models import reviewer_regions
from .views import IntakeView

KINDS = {"grievances": "grievance", "reprisals": "reprisal"}
ROLES = {"grievance": "secretariat", "reprisal": "reprisal_desk"}
# The desk's unlock token lives only in the member's browser: an HttpOnly, SameSite=Strict
# cookie sent to the intake screens alone, never stored in the session or the database, so
# copies of every database and key file taken during an unlock still open no report.
UNLOCK_COOKIE = "convene_desk_unlock"
UNLOCK_PATH = "/admin/convene/intake/"


def unlock_token(request) -> str | None:
    return request.COOKIES.get(UNLOCK_COOKIE) or None


def keep_unlock(response, request, token: str) -> None:
    """A browser-session cookie (never written to disk by the browser); the service ends
    the unlock itself after its minutes."""
    from django.conf import settings

    response.set_cookie(
        UNLOCK_COOKIE,
        token,
        path=UNLOCK_PATH,
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def lock_on_sign_out(sender, request, user, **kwargs) -> None:
    """Signing out locks the desk at once: the service forgets every unlock of the member
    (the sign-out page is outside the cookie's path, so no token is needed)."""
    if user is None or not on_desk(user):
        return
    try:
        with GrievanceClient.from_settings() as client:
            client.staff("POST", "/desk/lock", user, [], "reprisal_desk")
    except ServiceError:
        pass  # the unlock still ends by itself after its minutes


def forget_unlock(response) -> None:
    response.delete_cookie(UNLOCK_COOKIE, path=UNLOCK_PATH, samesite="Strict")


# When the member last used the desk (a time, not a secret): after `desk_idle_seconds`
# without a desk request the unlock ends, whatever the service's own limit.
DESK_SEEN = "convene_desk_seen"


def idle_lock(request):
    """A response that ends an unlock left idle too long (the service forgets it, the
    browser drops the cookie, and the member is asked to unlock again); None when the
    unlock is fresh, or there is none, and this request counts as activity."""
    token = unlock_token(request)
    if token is None:
        return None
    now = time.time()
    seen = request.session.get(DESK_SEEN)
    if seen is not None and now - seen <= conf.desk_idle_seconds():
        request.session[DESK_SEEN] = now
        return None
    request.session.pop(DESK_SEEN, None)
    try:
        with GrievanceClient.from_settings() as client:
            client.staff("POST", "/desk/lock", request.user, [], "reprisal_desk", token)
    except ServiceError:
        pass  # the service's unlock still ends by itself after its minutes
    minutes = conf.desk_idle_seconds() // 60
    messages.info(
        request,
        ngettext(
            "The desk locked itself after %(minutes)s minute without use.",
            "The desk locked itself after %(minutes)s minutes without use.",
            minutes,
        )
        % {"minutes": minutes},
    )
    desk = reverse("wagtail_convene_intake_desk")
    response = redirect(desk if request.path == desk else f"{desk}?next={request.path}")
    forget_unlock(response)
    return response


ACTIONS = {
    "acknowledge": gettext_lazy("Acknowledged."),
    "start": gettext_lazy("Marked in progress."),
    "resolve": gettext_lazy("Marked resolved."),
    "close": gettext_lazy("Closed."),
    "reopen": gettext_lazy("Reopened."),
    "assign": gettext_lazy("Assigned."),
    "note": gettext_lazy("Note saved (staff only)."),
    "message": gettext_lazy("Message sent to the reporter."),
    "refer": gettext_lazy("Referred."),
}


def labelled_case(case: dict) -> dict:
    """A case with its codes named in the admin's language (status, category, country,
    the report's questions and answers, who wrote each note)."""
    kind = case.get("kind", "grievance")
    report = [
        {"label": labels.case_field_label(k), "value": labels.case_value_label(kind, k, v)}
        for k, v in (case.get("report") or {}).items()
        if v not in (None, "", []) and k not in ("region", "evidence", "referral_consent")
    ]
    return {
        **case,
        "status_label": labels.case_status_label(case.get("status", "")),
        "category_label": labels.case_category_label(kind, case.get("category", "")),
        "country_label": labels.country_label(case["country"]) if case.get("country") else "",
        "report_lines": report,
        "assignee_label": labels.actor_label(case["assignee"]) if case.get("assignee") else "",
        "note_lines": [
            {**n, "author_label": labels.actor_label(n.get("author", ""))}
            for n in case.get("notes", [])
        ],
    }


CONTACT_REASONS = [
    ("answering", gettext_lazy("To answer the reporter")),
    ("safety", gettext_lazy("For the reporter's safety")),
    ("referral", gettext_lazy("For a referral the reporter agreed to")),
]


def assignable(region: str, kind: str) -> list[tuple[str, str]]:
    """(service identity, name) of the staff who may take a case of `region` (for a
    reprisal report, the desk's members only)."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True).order_by("username")
    return [
        (f"cms:user:{user.pk}", user.get_full_name() or user.get_username())
        for user in people
        if region in reviewer_regions(user) and (kind != "reprisal" or on_desk(user))
    ]


def on_desk(user) -> bool:
    return user.groups.filter(name=conf.reprisal_desk_group()).exists()


class CaseScreen(IntakeView):
    header_icon = "warning"
    unavailable = gettext_lazy("The grievance service cannot be reached; try again.")

    def dispatch(self, request, *args, **kwargs):
        self.kind = KINDS.get(kwargs.get("kinds", ""))
        if self.kind is None:
            raise Http404
        if self.kind == "reprisal" and not on_desk(request.user):
            return permission_denied(request)  # its message in the admin language
        if self.kind == "reprisal":
            locked = idle_lock(request)
            if locked is not None:
                return locked
        return super().dispatch(request, *args, **kwargs)

    def grievance(self, method: str, path: str, **kwargs):
        unlock = unlock_token(self.request) if self.kind == "reprisal" else None
        with GrievanceClient.from_settings() as client:
            return client.staff(
                method, path, self.request.user, self.regions, ROLES[self.kind], unlock, **kwargs
            )

    def get_page_title(self):
        return _("Reprisals") if self.kind == "reprisal" else _("Grievances")

    def list_url(self) -> str:
        return reverse("wagtail_convene_intake_cases", args=[self.kwargs["kinds"]])


class CaseQueue(CaseScreen):
    template_name = "wagtail_convene/intake/cases.html"

    def get(self, request, *args, **kwargs):
        status = request.GET.get("status", "")
        params = {"kind": self.kind, **({"status": status} if status else {})}
        queue = self.grievance("GET", "/cases", params=params)
        queue["items"] = [labelled_case(c) for c in queue["items"]]
        queue["count_lines"] = [
            {"label": labels.case_status_label(s), "count": n} for s, n in queue["counts"].items()
        ]
        context = self.get_context_data(
            queue=queue,
            statuses=list(labels.CASE_STATUSES.items()),
            kind=self.kind,
            kinds=kwargs["kinds"],
            status=status,
            unlocked=bool(unlock_token(request)),
        )
        return self.render_to_response(context)


class CaseDetail(CaseScreen):
    template_name = "wagtail_convene/intake/case.html"

    def get(self, request, *args, **kwargs):
        return self.shown(kwargs)

    def shown(self, kwargs, contact_reason: str = ""):
        """The case; with `contact_reason`, the reporter's contact details too (the service
        gives them only to the case's assignee, and audits it)."""
        request = self.request
        case_id = str(kwargs["case_id"])
        params = {"contact_reason": contact_reason} if contact_reason else None
        try:
            case = self.grievance("GET", f"/cases/{case_id}", params=params)
        except ServiceRejected as exc:
            if exc.status != 423:
                raise
            url = reverse("wagtail_convene_intake_desk")
            response = redirect(f"{url}?next={request.path}")
            forget_unlock(response)
            return response
        case = labelled_case(case)
        context = self.get_context_data(
            case=case,
            kinds=kwargs["kinds"],
            kind=self.kind,
            staff=[
                (value, name)
                for value, name in assignable(case.get("region", ""), self.kind)
                if value != f"cms:user:{request.user.pk}"  # a colleague assigns you
            ],
            contact_reasons=CONTACT_REASONS,
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        case_id = str(kwargs["case_id"])
        action = request.POST.get("action", "")
        if action == "contact":  # a POST with CSRF: the reason is audited by the service
            reason = request.POST.get("reason", "")
            if reason in dict(CONTACT_REASONS):
                return self.shown(kwargs, reason)
            messages.error(request, _("Choose why you open the contact details."))
            return redirect(request.path)
        body = {
            "action": action,
            "text": request.POST.get("text", ""),
            "assignee": request.POST.get("assignee", ""),
        }
        try:
            self.grievance("POST", f"/cases/{case_id}/actions", json=body)
        except ServiceRejected as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, ACTIONS.get(action, _("Saved.")))
        return redirect(request.path)


class CaseEvidence(CaseScreen):
    def get(self, request, *args, **kwargs):
        path = f"/cases/{kwargs['case_id']}/evidence/{kwargs['evidence_id']}"
        response = self.grievance("GET", path)
        download = HttpResponse(response.content, content_type=response.headers["content-type"])
        download["Content-Disposition"] = "attachment; filename=evidence"
        return download


class DeskUnlock(IntakeView):
    """Unlock (or lock) the reprisal desk's keys with the reviewer's passphrase."""

    page_title = gettext_lazy("Reprisal desk")
    template_name = "wagtail_convene/intake/desk.html"
    header_icon = "lock"
    unavailable = CaseScreen.unavailable

    def dispatch(self, request, *args, **kwargs):
        if not on_desk(request.user):
            return permission_denied(request)  # its message in the admin language
        # The admin's middleware asks every unverified session for the second factor;
        # the desk checks again, so that no URL or setting change opens it to a password.
        if not getattr(request.user, "is_verified", lambda: False)():
            return permission_denied(request)
        if request.POST.get("action", "unlock") != "unlock" or request.method == "GET":
            locked = idle_lock(request)
            if locked is not None:
                return locked
        return super().dispatch(request, *args, **kwargs)

    def desk(self, path: str, body: dict | None = None, unlock: str | None = None):
        with GrievanceClient.from_settings() as client:
            return client.staff(
                "POST", path, self.request.user, self.regions, "reprisal_desk", unlock, json=body
            )

    def get(self, request, *args, **kwargs):
        from django.contrib.auth import get_user_model

        desk_users = get_user_model().objects.filter(groups__name=conf.reprisal_desk_group())
        context = self.get_context_data(
            unlocked=bool(unlock_token(request)),
            next=request.GET.get("next", ""),
            members=[
                (u.pk, u.get_full_name() or u.get_username())
                for u in desk_users.exclude(pk=request.user.pk).order_by("username")
            ],
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "unlock")
        passphrase = request.POST.get("passphrase", "")
        token = unlock_token(request)
        response = redirect("wagtail_convene_intake_desk")
        try:
            if action == "lock":
                self.desk("/desk/lock", unlock=token)
                forget_unlock(response)
                messages.success(request, _("The desk is locked."))
            elif action == "member":
                member = f"cms:user:{int(request.POST.get('member', '0'))}"
                self.desk("/desk/members", {"member": member, "passphrase": passphrase}, token)
                messages.success(request, _("The new member can now unlock with their passphrase."))
            else:
                unlocked = self.desk("/desk/unlock", {"passphrase": passphrase})
                messages.success(request, _("Unlocked for a limited time."))
                target = request.POST.get("next", "")
                if target.startswith("/admin/") and not target.startswith("/admin//"):
                    response = redirect(target)
                keep_unlock(response, request, unlocked["token"])
                request.session[DESK_SEEN] = time.time()
        except ServiceRejected as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("Choose a member."))
        return response
