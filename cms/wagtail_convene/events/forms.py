"""The public registration form. The service validates again; this form gives fast feedback."""

import unicodedata
import uuid
import zoneinfo
from functools import cache

from babel import Locale, UnknownLocaleError
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from ..widgets import LanguageCheckboxes

NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"}


@cache
def country_choices(language: str) -> list[tuple[str, str]]:
    """ISO 3166 countries named in `language`, sorted by name (CLDR through Babel)."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    names = {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }
    from ..taxonomy.models import sorted_by_name

    return sorted_by_name(names.items(), language)  # by the language's collation


GENDERS = [
    ("woman", _("Woman")),
    ("man", _("Man")),
    ("non_binary", _("Non-binary")),
    ("other", _("Another identity")),
    ("prefer_not_to_say", _("Prefer not to say")),
]
AGE_BANDS = [
    ("", _("Choose an age group")),
    ("under_18", _("Under 18")),
    ("18_29", _("18 to 29")),
    ("30_59", _("30 to 59")),
    ("60_plus", _("60 or older")),
]
INTEREST_ROLES = [
    ("panel_speaker", _("Speaker on an opening or closing panel")),
    ("roundtable_speaker", _("Speaker at a roundtable")),
    ("rapporteur", _("Rapporteur of the consultation")),
    ("agenda_design", _("Member of the agenda design team")),
]
# The wording of the consent choices; its version is recorded with each choice.
CONSENT_WORDING = "2026-11"


class RegistrationForm(forms.Form):
    """One form for every track; `kind` adds what that track needs. Consents default to no."""

    name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_website = forms.URLField(
        label=_("Organisation's website (optional)"),
        max_length=300,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    migrant_led = forms.BooleanField(label=_("The organisation is migrant-led"), required=False)
    category = forms.ChoiceField(label=_("Stakeholder group"), required=False)
    country = forms.ChoiceField(
        label=_("Country"), widget=forms.Select(attrs={"autocomplete": "country-name"})
    )
    # No answer is pre-chosen: nobody is recorded with a gender they did not give.
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", _("Choose one")), *GENDERS])
    age_band = forms.ChoiceField(label=_("Age"), choices=AGE_BANDS)
    guardian_email = forms.EmailField(
        label=_("Parent's or guardian's e-mail address"),
        help_text=_("Only if you are under 18: we ask them to consent."),
        max_length=254,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), widget=LanguageCheckboxes, required=False
    )
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
    # Minted when the form is first rendered and kept across retries, so a
    # resubmission on a flaky connection registers once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)

    def __init__(self, *args, kind: str = "consultation", **kwargs):
        super().__init__(*args, **kwargs)
        from ..taxonomy.models import StakeholderCategory

        self.kind = kind
        language = get_language() or "en"
        self.fields["country"].choices = [("", _("Choose a country"))] + country_choices(language)
        categories = StakeholderCategory.objects.filter(locale__language_code="en")
        self.fields["category"].choices = [("", _("Choose a group"))] + [
            (c.slug, c.label) for c in categories
        ]
        self.fields["languages"].choices = settings.LANGUAGES
        for name, field in extra_fields(kind).items():
            self.fields[name] = field
        if kind == "floor_speaker":
            self.fields["category"].required = True
        if kind == "nomination":
            self.fields["name"].label = _("Full name of the person nominated")
            self.fields["email"].label = _("Their e-mail address (they must accept)")
            for name in ("name", "email", "phone"):  # not the visitor's own details
                self.fields[name].widget.attrs["autocomplete"] = "off"
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def groups(self) -> list[tuple[str, list]]:
        """The visible fields in fieldsets, track-specific ones after the person's."""
        named = {
            _("About you"): ["name", "email", "phone", "country", "gender", "age_band"],
            _("Parent or guardian"): ["guardian_email"],
            _("Your organisation"): [
                "organisation",
                "organisation_website",
                "migrant_led",
                "category",
            ],
            _("Nominating organisation"): [
                "nominator_name",
                "nominator_email",
                "nominator_organisation",
            ],
            _("Authorisation and expertise"): ["focal_point_name", "focal_point_email"],
            _("Your interest"): ["interest_roles", "statement"],
            _("Languages and needs"): ["languages", "accessibility_needs", "interpretation_needs"],
            _("What may we share?"): ["public_listing", "share_contact", "updates"],
        }
        if self.kind == "nomination":  # the person's fields are the nominee's
            named = {
                (_("The person you nominate") if legend == _("About you") else legend): names
                for legend, names in named.items()
            }
        if self.kind == "floor_speaker":
            named[_("Authorisation and expertise")].append("statement")
            named[_("Your interest")] = []
        return [
            (legend, [self[n] for n in names if n in self.fields])
            for legend, names in named.items()
            if any(n in self.fields for n in names)
        ]

    def clean(self):
        data = super().clean()
        if data.get("age_band") == "under_18" and not data.get("guardian_email"):
            self.add_error("guardian_email", _("Under 18: give a parent's or guardian's e-mail."))
        # Who confirms for the person must be someone else (the service checks it again,
        # by its blind index: this is the same comparison, case and width aside).
        own = same_address(data.get("email") or "")
        for field, message in SOMEONE_ELSE.items():
            if own and data.get(field) and same_address(data[field]) == own:
                self.add_error(field, message)
        return data

    def payload(self, event_key: str, track_key: str, subregion: str) -> dict:
        """The registration service's request body."""
        data = self.cleaned_data
        body = {
            "event": event_key,
            "track": track_key,
            "subregion": subregion,
            "language": get_language() or "en",
            "consents": {k: bool(data[k]) for k in ("public_listing", "share_contact", "updates")},
            "consent_wording": CONSENT_WORDING,
        }
        skip = {"idempotency_key", "public_listing", "share_contact", "updates"}
        body.update({k: v for k, v in data.items() if k not in skip and v not in (None, "")})
        body.setdefault("interest_roles", [])
        return body


SOMEONE_ELSE = {
    "focal_point_email": _("The focal point must be someone else: give their own e-mail address."),
    "guardian_email": _(
        "The parent or guardian must be someone else: give their own e-mail address."
    ),
}


def same_address(value: str) -> str:
    """What counts as the same address: as the services' blind index normalises it."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


def extra_fields(kind: str) -> dict:
    """The fields a track of `kind` adds to the common ones."""
    if kind == "floor_speaker":
        return {
            "focal_point_name": forms.CharField(
                label=_("Name of the focal point who authorises you to speak"),
                help_text=_("Someone in your organisation; we ask them to confirm by e-mail."),
                max_length=200,
            ),
            "focal_point_email": forms.EmailField(
                label=_("The focal point's e-mail address"), max_length=254
            ),
            "statement": forms.CharField(
                label=_("Your expertise in migration"),
                widget=forms.Textarea(attrs={"rows": 5}),
                max_length=5000,
            ),
        }
    if kind == "interest":
        return {
            "interest_roles": forms.MultipleChoiceField(
                label=_("I am interested in being"),
                choices=INTEREST_ROLES,
                widget=forms.CheckboxSelectMultiple,
            ),
            "statement": forms.CharField(
                label=_("Why you, in a few lines (optional)"),
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=5000,
                required=False,
            ),
        }
    if kind == "nomination":
        return {
            "nominator_name": forms.CharField(
                label=_("Your name"),
                max_length=200,
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
            ),
            "nominator_email": forms.EmailField(
                label=_("Your e-mail address"),
                max_length=254,
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            ),
            "nominator_organisation": forms.CharField(
                label=_("The nominating organisation"),
                max_length=200,
                widget=forms.TextInput(attrs={"autocomplete": "organization"}),
            ),
            "statement": forms.CharField(
                label=_("Why this person (optional)"),
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=5000,
                required=False,
            ),
        }
    return {}


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time typed and shown in the event's own zone, whatever the admin's zone:
    an editor who types 17:00 for a meeting in Geneva means 17:00 in Geneva."""

    def __init__(self, zone: str, *args, **kwargs):
        self.zone = zoneinfo.ZoneInfo(zone)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        with timezone.override(self.zone):
            return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(self.zone):
            return super().to_python(value)


def zoned(field: forms.DateTimeField, zone: str) -> ZonedDateTimeField:
    """`field` (as Wagtail built it) reading and writing in `zone`."""
    copy = ZonedDateTimeField(
        zone,
        required=field.required,
        widget=field.widget,
        label=field.label,
        help_text=_("In the event's time zone (%(zone)s).") % {"zone": zone},
    )
    copy.widget.is_required = field.required
    return copy


class EventPageForm(WagtailAdminPageForm):
    """Admin form of EventPage: language checkboxes, and the criteria-before-registration rule."""

    interpretation_languages = forms.MultipleChoiceField(
        label=_("Interpretation languages"),
        required=False,
        widget=LanguageCheckboxes,
        choices=settings.LANGUAGES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.data.get("timezone") or getattr(self.instance, "timezone", "") or "UTC"
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = "UTC"  # the time zone field itself says what is wrong
        for track in self.formsets["tracks"].forms if "tracks" in self.formsets else ():
            for name in ("opens_at", "closes_at"):
                track.fields[name] = zoned(track.fields[name], zone)
        if self.instance and self.instance.interpretation_languages:
            self.initial["interpretation_languages"] = self.instance.interpretation_languages.split(
                ","
            )

    def clean_interpretation_languages(self):
        return ",".join(self.cleaned_data.get("interpretation_languages") or [])

    def clean(self):
        cleaned = super().clean()
        if self.data.get("action-publish") and not self.is_deferred_validation:
            page = self.instance
            page.registration_open = cleaned.get("registration_open", page.registration_open)
            page.criteria = cleaned.get("criteria")
            problem = page.criteria_problem()
            if problem:
                self.add_error("criteria", problem)
        return cleaned
