"""Forms of the outreach screens in the Wagtail admin. The mailer validates again."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..taxonomy.models import (
    StakeholderCategory,
    countries_of_region,
    country_name,
    region_choices,
    sorted_by_name,
)

SOURCES = [
    ("network_member", _("A Network member")),
    ("regional_economic_community", _("A regional economic community")),
    ("global_network", _("The global Network")),
    ("self", _("Self-subscription")),
    ("registration", _("A registration")),
]
FIELDS = [
    ("email", _("E-mail address")),
    ("name", _("Name")),
    ("organisation", _("Organisation")),
    ("category", _("Stakeholder category")),
    ("country", _("Country (ISO code)")),
    ("languages", _("Languages")),
    ("preferred_language", _("Preferred language")),
]
MAX_UPLOAD = 50 * 1024 * 1024


def languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class ListForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=64, help_text=_("Letters, digits, dashes."))
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]
        # Subscribers read the list's name in their own language in every e-mail.
        for code, language in settings.LANGUAGES[1:]:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"lang": code}),
            )

    def names(self) -> dict:
        """The translated names that were given, by language code."""
        return {
            code: self.cleaned_data[f"name_{code}"]
            for code, _language in settings.LANGUAGES[1:]
            if self.cleaned_data.get(f"name_{code}")
        }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("The first row names the columns; you choose which is which next."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    source_kind = forms.ChoiceField(label=_("Supplied by"), choices=SOURCES)
    source_name = forms.CharField(
        label=_("Name of the source"),
        max_length=200,
        required=False,
        help_text=_("For example the member organisation or community that sent the file."),
    )
    consent_basis = forms.CharField(
        label=_("Consent basis"),
        max_length=120,
        help_text=_("How these people agreed to hear from the Network (no confirmation is sent)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it."))
        return upload


class MappingForm(forms.Form):
    """One choice per field among the file's columns."""

    def __init__(self, columns: list[str], suggested: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)"))] + [(c, c) for c in columns]
        for field, label in FIELDS:
            self.fields[field] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=field == "email",
                initial=suggested.get(field, ""),
            )

    def mapping(self) -> dict:
        return {field: column for field, column in self.cleaned_data.items() if column}


class TemplateForm(forms.Form):
    """A template's name and its version in each site language (empty: no version)."""

    key = forms.SlugField(label=_("Key"), max_length=64)
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["key"].disabled = True
        for code, name in languages():
            self.fields[f"{code}-subject"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=255,
                required=False,
            )
            self.fields[f"{code}-text"] = forms.CharField(
                label=_("Plain text (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 8}),
                required=False,
            )
            self.fields[f"{code}-html"] = forms.CharField(
                label=_("HTML (%(language)s, optional)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
            )

    @classmethod
    def initial_from(cls, template: dict) -> dict:
        initial = {"key": template["key"], "name": template["name"]}
        for code, version in template["versions"].items():
            for part in ("subject", "text", "html"):
                initial[f"{code}-{part}"] = version.get(part, "")
        return initial

    def language_groups(self):
        return [
            (code, name, [self[f"{code}-{part}"] for part in ("subject", "text", "html")])
            for code, name in languages()
        ]

    def clean(self):
        data = super().clean()
        versions = {}
        for code, _name in languages():
            subject, text = data.get(f"{code}-subject"), data.get(f"{code}-text")
            if subject or text:
                if not (subject and text):
                    self.add_error(
                        f"{code}-text" if subject else f"{code}-subject",
                        _("A language version needs both a subject and a text."),
                    )
                    continue
                versions[code] = {"subject": subject, "text": text, "html": data[f"{code}-html"]}
        if not versions and not self.errors:
            raise forms.ValidationError(_("Write the message in at least one language."))
        data["versions"] = versions
        return data


class TestSendForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    to = forms.EmailField(label=_("Send to"))

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, n) for c, n in languages() if c in versions]


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    template = forms.ChoiceField(
        label=_("Message"), help_text=_("Each recipient gets the version in their language.")
    )
    fallback_language = forms.ChoiceField(
        label=_("Fallback language"),
        help_text=_("For recipients whose language the message has no version in."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("update", _("Update")), ("invitation", _("Invitation to an event"))],
        widget=forms.RadioSelect,
        initial="update",
    )
    event = forms.ChoiceField(label=_("Event"), required=False)
    lists = forms.MultipleChoiceField(
        label=_("Lists"), widget=forms.CheckboxSelectMultiple, required=False
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"), widget=forms.CheckboxSelectMultiple, required=False
    )
    categories = forms.MultipleChoiceField(
        label=_("Stakeholder categories"), widget=forms.CheckboxSelectMultiple, required=False
    )
    countries = forms.MultipleChoiceField(label=_("Countries"), required=False)
    audience_languages = forms.MultipleChoiceField(
        label=_("Recipients' languages"), widget=forms.CheckboxSelectMultiple, required=False
    )
    scheduled_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In UTC. Leave empty to send when you press Schedule."),
    )
    max_rate = forms.FloatField(
        label=_("Messages per second"),
        min_value=0,
        initial=0,
        help_text=_("0 uses the mailer's own limit."),
    )
    late_reason = forms.CharField(
        label=_("Reason for a late invitation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when an invitation goes out less than six weeks before the event."),
    )

    def __init__(self, *args, templates=(), lists=(), events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t["key"], t["name"]) for t in templates]
        self.fields["fallback_language"].choices = languages()
        self.fields["audience_languages"].choices = languages()
        self.fields["event"].choices = [("", "—")] + [(e.event_key, str(e.title)) for e in events]
        self.fields["lists"].choices = [(m["key"], m["name"]) for m in lists]
        self.fields["regions"].choices = region_choices()
        self.fields["categories"].choices = [
            (c.slug, c.label)
            for c in StakeholderCategory.objects.filter(locale__language_code="en")
        ]
        self.fields["countries"].choices = sorted_by_name(
            (code, country_name(code)) for code in _all_countries()
        )
        self.events = {e.event_key: e for e in events}

    def clean_scheduled_at(self):
        value = self.cleaned_data["scheduled_at"]
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, zoneinfo.ZoneInfo("UTC"))
        return value

    def clean(self):
        data = super().clean()
        if data.get("kind") == "invitation" and not data.get("event"):
            self.add_error("event", _("Choose the event this invitation is for."))
        return data

    def payload(self) -> dict:
        """The mailer's campaign body. Regions become their countries: the CMS owns the
        taxonomy, and a contact's country is what the mailer knows."""
        data = self.cleaned_data
        countries = set(data["countries"])
        for region in data["regions"]:
            countries.update(countries_of_region(region))
        categories = []
        for slug in data["categories"]:
            category = StakeholderCategory.objects.filter(slug=slug).first()
            categories += [slug, category.name] if category else [slug]
        body = {
            "name": data["name"],
            "template": data["template"],
            "fallback_language": data["fallback_language"],
            "kind": data["kind"],
            "segment": {
                "lists": data["lists"],
                "countries": sorted(countries),
                "categories": categories,
                "languages": data["audience_languages"],
            },
            "max_rate": data["max_rate"] or 0,
            "late_reason": data["late_reason"] or None,
            "scheduled_at": data["scheduled_at"].isoformat() if data["scheduled_at"] else None,
        }
        event = self.events.get(data.get("event") or "")
        if data["kind"] == "invitation" and event is not None:
            body["event_key"] = event.event_key
            body["event_starts_at"] = event.starts_at.isoformat()
        return body


def _all_countries() -> list[str]:
    from ..taxonomy.models import Country

    return list(Country.objects.values_list("code", flat=True))
