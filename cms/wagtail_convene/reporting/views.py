"""The reporting pages' request handling. The receipt code is shown once, in the answer
to the form, and comes back only in form bodies (POST), never in an address."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .. import conf, throttle
from ..clients import GrievanceClient, ServiceRejected, ServiceUnavailable
from ..labels import count_label
from . import forms, links, tickets
from .forms import (
    GRIEVANCE_CATEGORIES,
    REPRISAL_KINDS,
    CodeForm,
    GrievanceForm,
    MoreEvidenceForm,
    ReplyForm,
    ReprisalForm,
)

log = logging.getLogger("convene.cms")
FORMS = {"grievance": GrievanceForm, "reprisal": ReprisalForm}
ENDPOINTS = {"grievance": "grievances", "reprisal": "reprisals"}
TEMPLATE = "wagtail_convene/reporting/{}.html"


def _render(request, name: str, context: dict, status: int = 200):
    return TemplateResponse(request, TEMPLATE.format(name), context, status=status)


def _language() -> str:
    return (get_language() or "en").lower()


FIRST_YEAR = 2024


def landing(request, page):
    """The two forms, follow-up, and the year's public figures (`?year=`)."""
    this_year = timezone.now().year
    try:
        year = min(max(int(request.GET.get("year", this_year)), FIRST_YEAR), this_year)
    except ValueError:
        year = this_year
    figures = None
    try:
        with GrievanceClient.from_settings() as client:
            figures = client.figures(year, page.region)
    except (ServiceUnavailable, ServiceRejected):
        log.warning("event=figures.unavailable")
    regional = _labelled((figures or {}).get("regions", {}).get(page.region))
    years = list(range(this_year, FIRST_YEAR - 1, -1))
    context = {"page": page, "figures": regional, "year": year, "years": years}
    return _render(request, "landing", context)


def _labelled(figures: dict | None) -> list[dict]:
    """Per channel: received, resolved and each category, named in the reader's language;
    "fewer than 5" and "not shown" as the service says them, translated."""
    if not figures:
        return []
    names = {"grievance": dict(GRIEVANCE_CATEGORIES), "reprisal": dict(REPRISAL_KINDS)}

    return [
        {
            "kind": kind,
            "received": count_label(row["received"]),
            "resolved": count_label(row["resolved"]),
            "categories": [
                (str(names[kind].get(category, category)), count_label(n))
                for category, n in row.get("by_category", {}).items()
            ],
        }
        for kind, row in sorted(figures.items())
    ]


def choose(request, part: str = ""):
    """`/reporting/…`: on to the review's reporting page (`?region=`, or the only one),
    else a list of the reviews to choose from. A decision's `?ref=` goes on to the
    grievance form; nothing else of the query does."""
    if part not in links.PARTS:
        raise Http404
    region = request.GET.get("region") or None
    pages = links.reporting_pages(region) or links.reporting_pages()
    ref = request.GET.get("ref", "")
    query = f"?{urlencode({'ref': ref})}" if part == "grievance" and _reference(ref) else ""
    if len(pages) == 1:
        response = HttpResponseRedirect(pages[0].url + links.PARTS[part] + query)
    else:
        choices = [(p.get_parent().title, p.url + links.PARTS[part] + query) for p in pages]
        response = _render(request, "choose", {"choices": choices}, 200 if pages else 404)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def too_large(request, page=None):
    """A report over what the form promises, refused before its body was read (by the
    CMS, or by nginx's `error_page 413`): what happened and what to do, in the reader's
    language. Nothing of the body is kept, nor its address in any log."""
    back = (page.url if page is not None else "") or links.choose_url()
    context = {
        "back": back,
        "max_files": conf.evidence_max_files(),
        "max_mb": conf.evidence_max_bytes() // (1024 * 1024),
    }
    response = _render(request, "too_large", context, status=413)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _reference(ref: str) -> str:
    return ref if links.REFERENCE.fullmatch(ref or "") else ""


def _prefilled(request) -> dict:
    """From a decision e-mail's link: the grievance is about that decision."""
    ref = _reference(request.GET.get("ref", ""))
    if not ref:
        return {}
    decision = _("Decision on the registration with reference %(reference)s") % {
        "reference": ref.upper()
    }
    return {"category": "registration_or_selection", "decision": decision}


# Why a report held back by its ticket (`tickets`) was not sent, in the reader's language.
TICKET_PROBLEMS = {
    "missing": gettext_lazy(
        "This form could not be sent as it was. Your answers are kept below: please send it again."
    ),
    "early": gettext_lazy(
        "This was sent very quickly after the page opened. Please check your answers below, "
        "then send the form again."
    ),
    "expired": gettext_lazy(
        "This form was open for a long time. Your answers are kept below: please send it again."
    ),
    "used": gettext_lazy(
        "This form was already sent. If you did not receive a receipt code, send it again: "
        "your answers are kept below."
    ),
}


def report(request, page, kind: str):
    """A grievance or reprisal report. Sent on to the service only with an unused ticket
    served at least a few seconds before (`tickets`), and within the client's limit
    (`throttle`, when the address is known here); otherwise the form comes back with the
    answers."""
    extra = {"events": _events(page)} if kind == "grievance" else {}
    if kind == "grievance" and request.method != "POST":
        extra["initial"] = _prefilled(request)
    form = FORMS[kind](request.POST or None, request.FILES or None, **extra)
    status = 200
    posted = request.POST.get(tickets.FIELD, "") if request.method == "POST" else ""
    ticket = tickets.read(posted, kind)
    fresh = tickets.issue(kind)  # for a form served without a valid ticket
    if request.method == "POST":
        refusal = throttle.check(request, "report")
        if refusal is not None:
            throttle.put_on(form, refusal)
            _files_again(request, form)
            response = _form(request, page, kind, form, posted if ticket else fresh, 200)
            return refusal.applied(response)
        if not form.is_valid():
            return _form(request, page, kind, form, posted if ticket else fresh, 422)
        problem = tickets.problem(ticket)
        if problem is None and not tickets.spend(ticket):
            problem = "used"
        if problem is not None:
            form.add_error(None, TICKET_PROBLEMS[problem])
            _files_again(request, form)
            keep = posted if problem == "early" else fresh  # "too soon": the wait counts
            return _form(request, page, kind, form, keep, 400 if problem == "missing" else 422)
        body = {**form.payload(), "region": page.region, "language": _language()}
        try:
            with GrievanceClient.from_settings() as client:
                sent = client.report(ENDPOINTS[kind], body, form.cleaned_data["evidence"])
        except ServiceUnavailable:
            form.add_error(None, _("We could not reach the service: please send again."))
            status = 503
        except ServiceRejected as exc:
            form.add_error(None, rejected(exc))
            status = 422
        else:
            groups = sent.get("code", "").split()
            context = {"page": page, "kind": kind, "groups": groups, **sent}
            return _render(request, "receipt", context)
        _files_again(request, form)
    return _form(request, page, kind, form, fresh, status)


def _form(request, page, kind: str, form, ticket: str, status: int):
    context = {"page": page, "kind": kind, "form": form, "ticket": ticket}
    return _render(request, "report", context, status)


def _files_again(request, form) -> None:
    if request.FILES:
        form.add_error(None, _("Attach your evidence files again: they cannot be kept."))


def _events(page) -> list:
    """The review's events in the page's language, else in English (same event keys)."""
    from ..events.models import EventPage

    found = list(page.get_parent().specific.events())
    if not found:
        found = list(
            EventPage.objects.live().filter(region=page.region, locale__language_code="en")
        )
    return found


def follow_up(request, page):
    """Enter the code; then status, messages, reply, more evidence, consent — each a
    POST that carries the code again in a hidden field."""
    code_form = CodeForm(request.POST or None)
    reply, more = ReplyForm(), MoreEvidenceForm()
    context = {"page": page, "code_form": code_form, "reply": reply, "more": more}
    refusal = throttle.check(request, "follow_up") if request.method == "POST" else None
    if refusal is not None:
        throttle.put_on(code_form, refusal)
        return refusal.applied(_render(request, "follow_up", context))
    if request.method != "POST" or not code_form.is_valid():
        return _render(request, "follow_up", context, 422 if request.method == "POST" else 200)
    code, step = code_form.cleaned_data["code"], request.POST.get("step", "access")
    body, notice = {}, ""
    if step == "reply":
        reply = ReplyForm(request.POST)
        if reply.is_valid():
            body, notice = {"text": reply.cleaned_data["text"]}, _("Your message is sent.")
            reply = ReplyForm()
        else:
            step = "access"
    elif step == "evidence":
        more = MoreEvidenceForm(request.POST, request.FILES)
        if more.is_valid():
            body, notice = {"evidence": more.cleaned_data["evidence"]}, _("Added.")
            more = MoreEvidenceForm()
        else:
            step = "access"
    elif step == "consent":
        body = {"referral": request.POST.get("referral") == "yes"}
        notice = _("Your choice is saved.")
    else:
        step = "access"
    try:
        with GrievanceClient.from_settings() as client:
            case = client.follow_up(step, code, **body)
    except ServiceUnavailable:
        code_form.add_error(None, _("We could not reach the service: please try again."))
        return _render(request, "follow_up", context, 503)
    except ServiceRejected as exc:
        code_form.add_error(None, _message(exc))
        return _render(request, "follow_up", context, exc.status)
    context.update(case=case, code=code, notice=notice, reply=reply, more=more)
    return _render(request, "follow_up", context)


def _message(exc: ServiceRejected) -> str:
    if exc.status == 404:
        return _("That code does not match a report, or it has expired.")
    if exc.status == 429:
        return _("Too many wrong codes have been tried; wait a minute and try again.")
    return rejected(exc, _("That did not work; please try again."))


def rejected(exc: ServiceRejected, otherwise: str = "") -> str:
    """The service's refusal in the reader's language: its evidence messages are known
    (`forms.SERVICE_EVIDENCE_MESSAGES`, checked against the service by a test)."""
    if exc.status == 413:
        return str(forms.too_large_message())
    known = forms.SERVICE_EVIDENCE_MESSAGES.get(exc.message)
    if known:
        return str(known)
    return exc.message or otherwise or _("The report could not be accepted.")
