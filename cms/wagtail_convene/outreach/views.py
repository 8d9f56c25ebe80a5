"""Public newsletter pages. The token in the URL is the only credential: it names a
pseudonymous contact and list, signed by the mailer, never an address."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .. import conf, throttle
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
    return TemplateResponse(
        request, f"wagtail_convene/outreach/{name}.html", context, status=status
    )


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
def confirm(request, token):
    if request.method != "POST":
        # Link scanners fetch links; only a person pressing the button confirms.
        return _page(request, "confirm", {})
    refusal = throttle.check(request, "newsletter")
    if refusal is not None:
        return throttle.refused_page(request, refusal)
    _result, problem = _call("confirm", token)
    if problem is None:
        return _page(request, "confirmed", {})
    status = 503 if problem == UNAVAILABLE else 404
    return _page(request, "link_problem", {"unavailable": problem == UNAVAILABLE}, status=status)


@csrf_exempt  # RFC 8058: mail clients POST `List-Unsubscribe=One-Click` with no form
@never_cache
def unsubscribe(request, token):
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        # A mail provider posts one-click unsubscribes for many people from few addresses:
        # those are never held back (the signed token is the only credential).
        refusal = None if one_click else throttle.check(request, "consent")
        if refusal is not None:
            return throttle.refused_page(request, refusal)
        form = UnsubscribeForm(request.POST)
        everything = not one_click and form.is_valid() and form.cleaned_data["scope"] == "all"
        result, problem = _call("unsubscribe", token, everything)
        if problem is None:
            return _page(request, "unsubscribed", {"everything": everything})
        status = 503 if problem == UNAVAILABLE else 404
        return _page(
            request, "link_problem", {"unavailable": problem == UNAVAILABLE}, status=status
        )
    return _page(request, "unsubscribe", {"form": UnsubscribeForm()})


@csrf_exempt  # RFC 8058: mail clients POST `List-Unsubscribe=One-Click` with no form
@never_cache
def never_mail(request, token):
    """ "Never e-mail me again", from any mail a stranger could cause (a confirmation, a
    focal point's or guardian's request...): the mailer stops every mail to the address
    the link names. The same link undoes it. Nothing acts on GET (link scanners)."""
    if request.method != "POST":
        return _page(request, "never_mail", {})
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    refusal = None if one_click else throttle.check(request, "consent")
    if refusal is not None:
        return throttle.refused_page(request, refusal)
    suppress = one_click or request.POST.get("action") != "again"
    result, problem = _call("never_mail", token, suppress)
    if problem is not None:
        status = 503 if problem == UNAVAILABLE else 404
        return _page(
            request, "link_problem", {"unavailable": problem == UNAVAILABLE}, status=status
        )
    return _page(request, "never_mailed", {"suppressed": suppress})
