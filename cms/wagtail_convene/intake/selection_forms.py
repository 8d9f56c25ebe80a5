"""The set-up of a selection: roles (a track and its seats each), quotas, a cap per
organisation, reserved seats and exclusions; what the service's `POST` takes."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .. import labels

FEATURES = list(labels.FEATURES.items())
ROLE_KEY = RegexValidator(r"^[a-z0-9_-]{1,64}$", _("Lower-case letters, digits, - and _ only."))


class SetupForm(forms.Form):
    name = forms.CharField(label=_("Name of the selection"), max_length=120)
    organisation_cap = forms.IntegerField(
        label=_("At most this many people per organisation"), min_value=1, required=False
    )
    reserved = forms.CharField(
        label=_("Reserved seats"),
        help_text=_(
            "People the task team has already chosen: one registration reference per line, "
            "then the role if there are several. They count against the quotas."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    excluded = forms.CharField(
        label=_("Excluded"),
        help_text=_("Registration references, one per line, never to be drawn."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean_reserved(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["reserved"].splitlines():
            parts = line.split()
            if parts:
                rows.append((_reference(parts[0]), parts[1] if len(parts) > 1 else ""))
        return rows

    def clean_excluded(self) -> list[str]:
        return [_reference(word) for word in self.cleaned_data["excluded"].split()]


def _reference(text: str) -> str:
    """A registration's id, or the 8-character reference the person quotes (the service
    finds it among the event's registrations)."""
    if re.fullmatch(r"[0-9A-Fa-f]{8}", text):
        return text.upper()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise ValidationError(
            _("%(text)s is not a registration reference.") % {"text": text[:40]}
        ) from None


class RoleForm(forms.Form):
    role = forms.CharField(label=_("Role"), initial="panel", validators=[ROLE_KEY])
    track = forms.ChoiceField(label=_("Track"))
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=5000)

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", "—")] + [(str(t.key), t.name) for t in tracks]


def quota_values(region: str = "") -> dict[str, list[tuple[str, str]]]:
    """Each feature's values as the selection service counts them, labelled in the admin's
    language: quotas are chosen, never typed as codes."""
    values = {
        feature: labels.feature_choices(feature, regions=(region,) if region else ())
        for feature, _label in FEATURES
    }
    # The selection counts migrant-led organisations as yes/no.
    values["migrant_led"] = [("yes", _("Migrant-led")), ("no", _("Other organisations"))]
    return values


class QuotaForm(forms.Form):
    role = forms.CharField(label=_("Role"), initial="panel", validators=[ROLE_KEY])
    feature = forms.ChoiceField(label=_("Feature"), choices=[("", "—"), *FEATURES])
    value = forms.ChoiceField(label=_("Value"), required=False)
    min = forms.IntegerField(label=_("At least"), min_value=0)
    max = forms.IntegerField(label=_("At most"), min_value=0)

    def __init__(self, *args, values: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.values = values if values is not None else quota_values()
        # Grouped by feature, so it works without JavaScript; `clean` pairs them.
        self.fields["value"].choices = [
            ("", "—"),
            *((labels.feature_label(f), self.values.get(f, [])) for f, _label in FEATURES),
        ]

    def clean(self):
        data = super().clean()
        if data.get("min") is not None and data.get("max") is not None:
            if data["min"] > data["max"]:
                raise ValidationError(_("The lower bound is above the upper bound."))
        feature, value = data.get("feature"), data.get("value")
        if feature and value and value not in dict(self.values.get(feature, [])):
            self.add_error(
                "value",
                _("Choose a value of “%(feature)s”.") % {"feature": labels.feature_label(feature)},
            )
        return data


RoleFormSet = forms.formset_factory(RoleForm, extra=1, min_num=1, validate_min=True)
QuotaFormSet = forms.formset_factory(QuotaForm, extra=2, can_delete=True)


def quota_formset(region: str, data=None, initial=None) -> QuotaFormSet:
    """The quota rows of a selection for an event of `region` (its countries, sub-regions)."""
    values = quota_values(region)
    return QuotaFormSet(data, prefix="quotas", initial=initial, form_kwargs={"values": values})


def filled(formset) -> list[dict]:
    """The rows someone filled in and did not mark for deletion."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def body_of(setup: SetupForm, roles, quotas) -> dict:
    """The service's set-up body from three valid forms."""
    role_rows = filled(roles) or [roles.forms[0].cleaned_data]
    first = role_rows[0]["role"]
    return {
        "name": setup.cleaned_data["name"],
        "roles": {r["role"]: {"track": r["track"], "seats": r["seats"]} for r in role_rows},
        "quotas": [
            {k: q[k] for k in ("role", "feature", "value", "min", "max")} for q in filled(quotas)
        ],
        "organisation_cap": setup.cleaned_data["organisation_cap"],
        "reserved": {ref: role or first for ref, role in setup.cleaned_data["reserved"]},
        "excluded": setup.cleaned_data["excluded"],
    }
