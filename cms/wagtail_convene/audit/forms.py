"""The audit trail's filters: every one a choice or a date, in the admin's language."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .. import conf
from . import labels

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _sorted(mapping) -> list[tuple[str, str]]:
    return sorted(((code, str(label)) for code, label in mapping.items()), key=lambda c: c[1])


class AuditFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    actor = forms.ChoiceField(label=_("Who"), required=False)
    action = forms.ChoiceField(label=_("What"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    object_id = forms.CharField(label=_("Record identifier"), required=False, max_length=64)
    since = forms.DateField(label=_("From (date)"), required=False, widget=DATE)
    until = forms.DateField(label=_("To (date)"), required=False, widget=DATE)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All services")), *labels.SERVICES.items()]
        people = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["actor"].choices = [
            ("", _("Anyone")),
            ("registrant", _("The registrant")),
            ("cms:cms", _("The website")),
            *((f"cms:user:{u.pk}", u.get_full_name() or u.get_username()) for u in people),
        ]
        self.fields["action"].choices = [("", _("Any action")), *_sorted(labels.ACTIONS)]
        self.fields["object_type"].choices = [("", _("Any record")), *_sorted(labels.OBJECTS)]
        shown = [(c, n) for c, n in conf.REGIONS if not regions or c in regions]
        self.fields["region"].choices = [("", _("Any region")), *shown]

    def services(self) -> list[str]:
        chosen = self.cleaned_data.get("service") if self.is_valid() else ""
        return [chosen] if chosen else list(labels.SERVICES)

    def filters(self) -> dict:
        """The services' query parameters (`from` and `to` are days)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        names = {"since": "from", "until": "to"}
        return {
            names.get(k, k): (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in data.items()
            if k != "service" and v not in ("", None)
        }
