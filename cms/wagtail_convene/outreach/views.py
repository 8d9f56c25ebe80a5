"""Public newsletter pages. The token of an e-mailed link is the only credential: it
names a pseudonymous contact and list, signed by the mailer, never an address. It is
exchanged on the link's first request for a cookie (`emailed_links`), and the pages are
served at addresses without it."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .. import conf, emailed_links, throttle
from ..clients.errors import ServiceRejected, ServiceUnavailable
from ..clients.mailer import MailerClient
from .forms import SubscribeForm, UnsubscribeForm

UNAVAILABLE = "unavailable"


def _call(method, *args):
    try:
        with MailerClient.from_settings() as mailer:
            return getattr(mailer, method)(*args), None
    except ServiceRejected as exc:
        return None, exc.status
    except ServiceUnavailable:
        return None, UNAVAILABLE


def _page(request, name, context, status=200):
    response = TemplateResponse(
        request, f"wagtail_convene/outreach/{name}.html", context, status=status
    )
    return emailed_links.no_trace(response)


def _no_token(request):
    context = {"expired": True, "minutes": conf.link_seconds() // 60}
    return _page(request, "link_problem", context, status=403)


def _problem(request, problem):
    status = 503 if problem == UNAVAILABLE else 404
    return _page(request, "link_problem", {"unavailable": problem == UNAVAILABLE}, status=status)


@never_cache
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    refusal = throttle.check(request, "newsletter") if request.method == "POST" else None
    if refusal is not None:
        throttle.put_on(form, refusal)
        return refusal.applied(_page(request, "subscribe", {"form": form}))
    if request.method == "POST" and form.is_valid():
        _result, problem = _call(
            "subscribe",
            {
                "list": conf.newsletter_list(),
                "email": form.cleaned_data["email"],
                "name": form.cleaned_data["name"],
                "language": get_language() or "en",
            },
        )
        if problem is None:
            return redirect(request.path + "?sent=1")
        form.add_error(
            None, _("We could not record your subscription; please try again in a moment.")
        )
        return _page(request, "subscribe", {"form": form}, status=503)
    if request.GET.get("sent") == "1":
        return _page(request, "subscribe_sent", {})
    return _page(request, "subscribe", {"form": form}, status=422 if form.errors else 200)


@never_cache
def open_confirm(request, token):
    clean = reverse("wagtail_convene_outreach:confirm")
    return emailed_links.exchange(request, "confirm", token, clean)


@never_cache
def confirm(request):
    token = emailed_links.token(request, "confirm")
    if token is None:
        return _no_token(request)
    if request.method != "POST":
        # Link scanners fetch links; only a person pressing the button confirms.
        return _page(request, "confirm", {})
    refusal = throttle.check(request, "newsletter")
    if refusal is not None:
        return throttle.refused_page(request, refusal)
    _result, problem = _call("confirm", token)
    if problem is None:
        return emailed_links.forget(_page(request, "confirmed", {}), "confirm")
    return _problem(request, problem)


@csrf_exempt  # RFC 8058: mail clients POST `List-Unsubscribe=One-Click` with no form
@never_cache
def open_unsubscribe(request, token):
    """GET (a person following the link): exchanged for a cookie. POST: a mail program's
    one-click unsubscription (RFC 8058), which can carry no cookie: done at once."""
    if request.method == "POST":
        return _unsubscribe(request, token, everything=False)
    clean = reverse("wagtail_convene_outreach:unsubscribe")
    return emailed_links.exchange(request, "unsubscribe", token, clean)


@never_cache
def unsubscribe(request):
    token = emailed_links.token(request, "unsubscribe")
    if token is None:
        return _no_token(request)
    if request.method == "POST":
        # One-click unsubscriptions (RFC 8058) go to the link itself and are never held
        # back: a mail provider posts them for many people from few addresses.
        refusal = throttle.check(request, "consent")
        if refusal is not None:
            return throttle.refused_page(request, refusal)
        form = UnsubscribeForm(request.POST)
        everything = form.is_valid() and form.cleaned_data["scope"] == "all"
        response = _unsubscribe(request, token, everything)
        return emailed_links.forget(response, "unsubscribe")
    return _page(request, "unsubscribe", {"form": UnsubscribeForm()})


def _unsubscribe(request, token: str, everything: bool):
    _result, problem = _call("unsubscribe", token, everything)
    if problem is None:
        return _page(request, "unsubscribed", {"everything": everything})
    return _problem(request, problem)


@csrf_exempt  # RFC 8058: mail clients POST `List-Unsubscribe=One-Click` with no form
@never_cache
def open_never_mail(request, token):
    """GET (a person following the link): exchanged for a cookie. POST: a mail program's
    one-click request (RFC 8058), which carries no cookie: done at once."""
    if request.method == "POST":
        return _never_mail(request, token, suppress=True)
    clean = reverse("wagtail_convene_outreach:never_mail")
    return emailed_links.exchange(request, "never", token, clean)


@never_cache
def never_mail(request):
    """ "Never e-mail me again", from any mail a stranger could cause (a confirmation, a
    focal point's or guardian's request...): the mailer stops every mail to the address
    the link names. The same link undoes it. Nothing acts on GET (link scanners)."""
    token = emailed_links.token(request, "never")
    if token is None:
        return _no_token(request)
    if request.method != "POST":
        return _page(request, "never_mail", {})
    refusal = throttle.check(request, "consent")
    if refusal is not None:
        return throttle.refused_page(request, refusal)
    return _never_mail(request, token, suppress=request.POST.get("action") != "again")


def _never_mail(request, token: str, suppress: bool):
    _result, problem = _call("never_mail", token, suppress)
    if problem is not None:
        return _problem(request, problem)
    return _page(request, "never_mailed", {"suppressed": suppress})
