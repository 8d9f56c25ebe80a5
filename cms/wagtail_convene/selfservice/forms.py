import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from ..events.forms import CONSENT_WORDING, RegistrationForm


class CorrectionForm(forms.Form):
    """What a registrant may correct (the e-mail address is who they are): the same
    fields, labels and limits as the registration form."""

    FIELDS = (
        "name",
        "phone",
        "organisation",
        "accessibility_needs",
        "interpretation_needs",
        "public_listing",
        "share_contact",
        "updates",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.FIELDS:
            self.fields[name] = copy.deepcopy(RegistrationForm.base_fields[name])

    @classmethod
    def initial_from(cls, mine: dict) -> dict:
        initial = {k: mine.get(k, "") for k in ("name", "phone", "organisation")}
        initial["accessibility_needs"] = mine.get("accessibility_needs", "")
        initial["interpretation_needs"] = mine.get("interpretation_needs", "")
        initial.update(mine.get("consents", {}))
        return initial

    def changes(self) -> dict:
        data = self.cleaned_data
        consents = {k: data.pop(k) for k in ("public_listing", "share_contact", "updates")}
        return {**data, "consents": consents, "consent_wording": CONSENT_WORDING}


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address you registered with"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    event = forms.ChoiceField(
        label=_("The event you registered for"),
        error_messages={"required": _("Choose the event you registered for.")},
    )

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        # No event is chosen for the person: a link for the wrong one would never come.
        self.fields["event"].choices = [("", _("Choose an event"))] + [
            (e.event_key, e.localized.title) for e in events
        ]
