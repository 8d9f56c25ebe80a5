from django import forms
from django.utils.translation import gettext_lazy as _

from ..events.forms import CONSENT_WORDING


class CorrectionForm(forms.Form):
    """What a registrant may correct (the e-mail address is who they are)."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    interpretation_needs = forms.CharField(
        label=_("Interpretation needs (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )
    public_listing = forms.BooleanField(
        label=_("Show my name and organisation in the published list of participants"),
        required=False,
    )
    share_contact = forms.BooleanField(
        label=_("Share my e-mail address and phone with the other participants"),
        required=False,
    )
    updates = forms.BooleanField(
        label=_("Send me updates about the regional review (we will ask you to confirm)"),
        required=False,
    )

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
    event = forms.ChoiceField(label=_("Event"))

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(e.event_key, e.title) for e in events]
