"""The registrant's own page and third parties' confirmations. Nothing acts on GET: link
scanners fetch links, so only a person pressing a button changes anything.

Each page is reached from an e-mailed link whose token is exchanged, on the first request,
for a cookie (`emailed_links`): the pages below read the token from it, never from their
address, so no log, history or Referer holds it.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .. import conf, emailed_links, throttle
from ..clients import RegistrationClient, ServiceRejected, ServiceUnavailable
from ..events.models import EventPage
from .forms import CorrectionForm, LinkRequestForm

NAMESPACE = "wagtail_convene_registration"
ACTIONS = {"update", "withdraw", "confirm"}
STATUS_LABELS = {
    "received": _("Received"),
    "under_review": _("Under review"),
    "eligible": _("Eligible"),
    "ineligible": _("Not eligible"),
    "selected": _("Selected: please confirm"),
    "waitlisted": _("On the waiting list"),
    "not_selected": _("Not selected"),
    "confirmed": _("Confirmed"),
    "withdrawn": _("Withdrawn"),
}


def _page(request, name: str, context: dict, status: int = 200):
    response = TemplateResponse(
        request, f"wagtail_convene/selfservice/{name}.html", context, status=status
    )
    return emailed_links.no_trace(response)


def _no_token(request):
    """No cookie, or an expired one: the page asks for the e-mailed link again."""
    context = {"expired": True, "minutes": conf.link_seconds() // 60}
    return _page(request, "link_problem", context, status=403)


@never_cache
def open_mine(request, token):
    """An e-mailed link to "my registration": exchanged, then the page without it."""
    return emailed_links.exchange(request, "mine", token, reverse(f"{NAMESPACE}:mine"))


@never_cache
def open_third_party(request, purpose, token):
    clean = reverse(f"{NAMESPACE}:third_party", kwargs={"purpose": purpose})
    return emailed_links.exchange(request, purpose, token, clean)


def _call(method: str, *args, **kwargs):
    """(result, problem): problem is None, "unavailable", or the service's status code."""
    try:
        with RegistrationClient.from_settings() as client:
            return getattr(client, method)(*args, **kwargs), None
    except ServiceRejected as exc:
        return None, exc.status
    except ServiceUnavailable:
        return None, "unavailable"


def _in_page_language(result: dict) -> dict:
    """The event's title in the page's language when it is published in it (the service
    sends the registrant's, and every language's)."""
    titles = result.get("event_titles") or {}
    result["event_title"] = titles.get(get_language()) or result.get("event_title", "")
    return result


def _openings(result: dict) -> dict:
    """When the secretariat opened the record and why; who, only where the site's setting
    allows naming staff (`WAGTAILCONVENE_SHOW_OPENER_NAME`, default no)."""
    from ..audit.trail import staff_names
    from ..intake.forms import REASONS

    openings = result.get("openings") or []
    names = staff_names({o["actor"] for o in openings}) if conf.show_opener_name() else {}
    reasons = dict(REASONS)
    result["openings"] = [
        {
            "at": parse_datetime(o["at"]),
            "reason": str(reasons.get(o["reason"], o["reason"])),
            "name": names.get(o["actor"], ""),
        }
        for o in openings
    ]
    return result


def _problem(request, problem):
    unavailable = problem == "unavailable"
    return _page(
        request, "link_problem", {"unavailable": unavailable}, status=503 if unavailable else 404
    )


@never_cache
def mine(request):
    token = emailed_links.token(request, "mine")
    if token is None:
        return _no_token(request)
    message = ""
    refusal = throttle.check(request, "selfservice") if request.method == "POST" else None
    if refusal is not None:
        return throttle.refused_page(request, refusal)
    if request.method == "POST":
        action = request.POST.get("action", "")
        changes = {}
        if action == "update":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                mine_now, problem = _call("mine", "view", token)
                if problem:
                    return _problem(request, problem)
                _openings(_in_page_language(mine_now))
                mine_now["status_label"] = STATUS_LABELS.get(mine_now["status"], "")
                context = {"mine": mine_now, "form": form}
                return _page(request, "mine", context, status=422)
            changes = form.changes()
        if action == "withdraw" and request.POST.get("confirmed") != "yes":
            # Withdrawing gives the place away: ask once more before doing it.
            return _page(request, "withdraw", {})
        if action in ACTIONS:
            result, problem = _call("mine", action, token, **changes)
            if problem == 409:
                message = "refused"
            elif problem:
                return _problem(request, problem)
            else:
                return redirect(f"{request.path}?done={action}")
    result, problem = _call("mine", "view", token)
    if problem:
        return _problem(request, problem)
    form = CorrectionForm(initial=CorrectionForm.initial_from(result))
    _openings(_in_page_language(result))
    result["status_label"] = STATUS_LABELS.get(result["status"], result["status"])
    context = {
        "mine": result,
        "form": form,
        "done": request.GET.get("done"),
        "message": message,
    }
    return _page(request, "mine", context, status=409 if message else 200)


@never_cache
def download(request):
    if request.method != "POST":
        return redirect(f"{NAMESPACE}:mine")
    token = emailed_links.token(request, "mine")
    if token is None:
        return _no_token(request)
    refusal = throttle.check(request, "selfservice")
    if refusal is not None:
        return throttle.refused_page(request, refusal)
    result, problem = _call("mine", "export", token)
    if problem:
        return _problem(request, problem)
    response = HttpResponse(
        json.dumps(result, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-registration.json"'
    return emailed_links.no_trace(response)


@never_cache
def erase(request):
    token = emailed_links.token(request, "mine")
    if token is None:
        return _no_token(request)
    if request.method != "POST":
        return _page(request, "erase", {})
    refusal = throttle.check(request, "selfservice")
    if refusal is not None:
        return throttle.refused_page(request, refusal)
    _result, problem = _call("mine", "erase", token)
    if problem:
        return _problem(request, problem)
    return emailed_links.forget(_page(request, "erased", {}), "mine")


@never_cache
def request_link(request):
    events = EventPage.objects.live().filter(locale__language_code="en").order_by("start_date")
    form = LinkRequestForm(request.POST or None, events=events)
    refusal = throttle.check(request, "link") if request.method == "POST" else None
    if refusal is not None:
        throttle.put_on(form, refusal)
        return refusal.applied(_page(request, "link_request", {"form": form}))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _result, problem = _call("request_link", data["email"], data["event"], get_language())
        if problem == "unavailable":
            return _page(request, "link_request", {"form": form, "unavailable": True}, 503)
        # The same answer whether or not the address is registered.
        return _page(request, "link_sent", {})
    status = 422 if form.errors else 200
    return _page(request, "link_request", {"form": form}, status=status)


@never_cache
def third_party(request, purpose):
    token = emailed_links.token(request, purpose)
    if token is None:
        return _no_token(request)
    action = "confirm" if request.method == "POST" else "view"
    refusal = throttle.check(request, "consent") if action == "confirm" else None
    if refusal is not None:
        return throttle.refused_page(request, refusal)
    result, problem = _call("third_party", purpose, action, token)
    if problem:
        return _problem(request, problem)
    page = _page(request, "third_party", {"purpose": purpose, "item": _in_page_language(result)})
    return emailed_links.forget(page, purpose) if action == "confirm" else page
