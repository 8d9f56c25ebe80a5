"""The registration pages' request handling; the work is in `actions`."""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from .. import throttle
from . import actions
from .forms import RegistrationForm

UNAVAILABLE = "unavailable"
# The registration service's refusals the form cannot foresee, in the reader's language
# (the service answers in English; services/registration/registrations.py).
SERVICE_MESSAGES = {
    "The focal point must be someone else: give their own address.": gettext_lazy(
        "The focal point must be someone else: give their own e-mail address."
    ),
    "The parent or guardian must be someone else: give their own address.": gettext_lazy(
        "The parent or guardian must be someone else: give their own e-mail address."
    ),
}


def _closed(request, page):
    return TemplateResponse(
        request, "wagtail_convene/events/registration_closed.html", {"page": page}, status=410
    )


@never_cache
def choose_track(request, page):
    """The open tracks of the event; with only one, its form at once."""
    if not page.is_registration_open():
        return _closed(request, page)
    tracks = page.open_tracks
    if len(tracks) == 1:
        return redirect(page.url + page.reverse_subpage("register_track", args=[tracks[0].key]))
    return TemplateResponse(
        request, "wagtail_convene/events/registration_tracks.html", {"page": page, "tracks": tracks}
    )


@never_cache
def register(request, page, track_key: str):
    track = page.track(track_key)
    if track is None:
        raise Http404
    if not page.is_registration_open() or not track.is_open():
        return _closed(request, page)
    form = RegistrationForm(request.POST or None, kind=track.kind)
    status = 200
    refusal = throttle.check(request, "registration") if request.method == "POST" else None
    if refusal is not None:
        throttle.put_on(form, refusal)
    elif request.method == "POST":
        if not form.is_valid():
            status = 422
        else:
            outcome = actions.submit_registration(page, track, form)
            if outcome.ok:
                return redirect(page.url + page.reverse_subpage("register_thanks"))
            status = show_rejection(form, outcome)
    response = TemplateResponse(
        request,
        "wagtail_convene/events/registration_form.html",
        {"page": page, "track": track, "form": form},
        status=status,
    )
    return refusal.applied(response) if refusal else response


def show_rejection(form, outcome) -> int:
    """Put the service's refusal on the form, in the visitor's language; returns the status."""
    if outcome.error == UNAVAILABLE:
        form.add_error(
            None,
            _(
                "We could not reach the registration service. Your answers are "
                "kept below: please send the form again in a moment. You will "
                "not be registered twice."
            ),
        )
        return 503
    if outcome.status == 422 and "different request" in outcome.error:
        form.add_error(
            None,
            _(
                "This form was already sent with different answers. Reload the "
                "page to send a new registration."
            ),
        )
    elif outcome.status in (404, 410) or {"event", "track"} & set(outcome.field_errors):
        form.add_error(None, _("Registration for this event is not open."))
    else:
        for name, messages in outcome.field_errors.items():
            for message in messages:
                message = SERVICE_MESSAGES.get(message, message)
                form.add_error(name if name in form.fields else None, message)
        if not outcome.field_errors:
            form.add_error(
                None,
                _(
                    "Your registration could not be accepted; please check "
                    "your answers and try again."
                ),
            )
    return 422


@never_cache
def register_thanks(request, page):
    return TemplateResponse(
        request, "wagtail_convene/events/registration_thanks.html", {"page": page}
    )
