"""Filters and actions of the secretariat's registration screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..events.forms import AGE_BANDS, GENDERS

STATUSES = [
    ("", _("Any status")),
    ("received", _("Received")),
    ("under_review", _("Under review")),
    ("eligible", _("Eligible")),
    ("ineligible", _("Not eligible")),
    ("selected", _("Selected")),
    ("waitlisted", _("Waiting list")),
    ("not_selected", _("Not selected")),
    ("confirmed", _("Confirmed")),
    ("withdrawn", _("Withdrawn")),
]
YES_NO = [("", _("Either")), ("true", _("Yes")), ("false", _("No"))]
REASONS = [
    ("eligibility check", _("Checking eligibility and criteria")),
    ("selection", _("Preparing the selection")),
    ("logistics and accessibility", _("Logistics, accessibility or interpretation")),
    ("answering the person", _("Answering the person's message")),
]
BULK = [
    ("start_review", _("Start review")),
    ("eligible", _("Mark eligible")),
    ("select", _("Select")),
    ("waitlist", _("Put on the waiting list")),
    ("not_select", _("Do not select")),
]


class QueueFilterForm(forms.Form):
    event = forms.ChoiceField(label=_("Event"), required=False)
    track = forms.CharField(label=_("Track"), required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)
    category = forms.CharField(label=_("Stakeholder group"), required=False)
    subregion = forms.CharField(label=_("Sub-region"), required=False)
    country = forms.CharField(label=_("Country code"), required=False, max_length=2)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *GENDERS], required=False)
    age_band = forms.ChoiceField(
        label=_("Age"), choices=[("", "—"), *AGE_BANDS[1:]], required=False
    )
    migrant_led = forms.ChoiceField(label=_("Migrant-led"), choices=YES_NO, required=False)
    criteria_met = forms.ChoiceField(label=_("Criteria met"), choices=YES_NO, required=False)

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("All events"))] + [
            (e.event_key, f"{e.title} ({e.region})") for e in events
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you opening this record?"), choices=REASONS)


class ActionForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, max_length=500)
    note = forms.CharField(required=False, max_length=5000)
    category_ok = forms.BooleanField(required=False)
    expertise_ok = forms.BooleanField(required=False)

    def body(self) -> dict:
        data = self.cleaned_data
        body = {"action": data["action"], "reason": data["reason"], "note": data["note"]}
        if data["action"] == "check_criteria":
            body["criteria"] = {"category": data["category_ok"], "expertise": data["expertise_ok"]}
        return body
