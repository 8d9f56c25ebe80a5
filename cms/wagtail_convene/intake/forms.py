"""Filters and actions of the secretariat's registration screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import labels

STATUSES = [("", _("Any status")), *labels.STATUSES.items()]
YES_NO = [("", _("Either")), ("true", _("Yes")), ("false", _("No"))]
REASONS = [
    ("eligibility check", _("Checking eligibility and criteria")),
    ("selection", _("Preparing the selection")),
    ("logistics and accessibility", _("Logistics, accessibility or interpretation")),
    ("answering the person", _("Answering the person's message")),
]


class QueueFilterForm(forms.Form):
    """Every filter is a choice in the admin's language: no code to type."""

    event = forms.ChoiceField(label=_("Event"), required=False)
    track = forms.CharField(label=_("Track"), required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)
    category = forms.ChoiceField(label=_("Stakeholder group"), required=False)
    subregion = forms.ChoiceField(label=_("Sub-region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False)
    age_band = forms.ChoiceField(label=_("Age"), required=False)
    migrant_led = forms.ChoiceField(label=_("Migrant-led"), choices=YES_NO, required=False)
    criteria_met = forms.ChoiceField(label=_("Criteria met"), choices=YES_NO, required=False)

    def __init__(self, *args, events=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("All events"))] + [
            (e.event_key, event_label(e.localized.title, e.region)) for e in events
        ]
        anything = {
            "category": _("Any group"),
            "subregion": _("Any sub-region"),
            "country": _("Any country"),
            "gender": _("Any gender"),
            "age_band": _("Any age"),
        }
        for name, label in anything.items():
            self.fields[name].choices = [("", label), *labels.feature_choices(name, regions)]

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


class BulkForm(forms.Form):
    """One decision on the ticked registrations, or on every one of the page; or the
    floor-speaker criteria recorded as met on them at once."""

    action = forms.ChoiceField()
    scope = forms.ChoiceField(
        choices=[("ticked", _("The ticked registrations")), ("page", _("Every one on this page"))],
        initial="ticked",
        widget=forms.RadioSelect,
    )
    ids = forms.MultipleChoiceField(required=False)
    page_ids = forms.MultipleChoiceField(required=False)
    category_ok = forms.BooleanField(label=labels.CRITERIA["category"], required=False)
    expertise_ok = forms.BooleanField(label=labels.CRITERIA["expertise"], required=False)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, labels.action_label(a)) for a in actions]
        # Any id may come back: the service checks each one against the reviewer's regions.
        posted = self.data.getlist("ids") + self.data.getlist("page_ids") if self.data else []
        for name in ("ids", "page_ids"):
            self.fields[name].choices = [(i, i) for i in posted]

    def clean(self):
        data = super().clean()
        chosen = data.get("page_ids") if data.get("scope") == "page" else data.get("ids")
        if not chosen:
            raise forms.ValidationError(
                _("Tick at least one registration, or choose every one on this page.")
            )
        if data.get("action") == "check_criteria" and not (
            data.get("category_ok") or data.get("expertise_ok")
        ):
            raise forms.ValidationError(_("Tick the criteria to record as met."))
        data["chosen"] = list(dict.fromkeys(chosen))
        return data

    def body(self) -> dict:
        data = self.cleaned_data
        body = {"action": data["action"], "ids": data["chosen"]}
        if data["action"] == "check_criteria":
            checks = {"category": data["category_ok"], "expertise": data["expertise_ok"]}
            body["criteria"] = {k: True for k, v in checks.items() if v}
        return body


def event_label(title: str, region: str) -> str:
    """An event's title with its region, once: the demo's titles already end in "(ECE)"."""
    return title if f"({region})" in title else f"{title} ({region})"
