"""The registration form's request handling; the work is in `actions`."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import actions
from .forms import RegistrationForm

UNAVAILABLE = "unavailable"


@never_cache
def register(request, page):
    if not page.is_registration_open():
        return TemplateResponse(
            request, "wagtail_convene/events/registration_closed.html", {"page": page}, status=410
        )
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 422
        else:
            outcome = actions.submit_registration(page, form.cleaned_data)
            if outcome.ok:
                return redirect(page.url + page.reverse_subpage("register_thanks"))
            status = show_rejection(form, outcome)
    return TemplateResponse(
        request,
        "wagtail_convene/events/registration_form.html",
        {"page": page, "form": form},
        status=status,
    )


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
    if outcome.status == 409 and "email" in outcome.field_errors:
        form.add_error("email", _("This e-mail address is already registered for this event."))
    elif outcome.status == 409:
        form.add_error(
            None,
            _(
                "This form was already sent with different answers. Reload the "
                "page to send a new registration."
            ),
        )
    elif outcome.status in (404, 410) or "event" in outcome.field_errors:
        form.add_error(None, _("Registration for this event is not open."))
    else:
        for name, messages in outcome.field_errors.items():
            for message in messages:
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
