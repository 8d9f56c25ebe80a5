"""The public registration form. The service validates again; this form gives fast feedback."""

import uuid
from functools import cache

from babel import Locale, UnknownLocaleError
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

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
    return sorted(names.items(), key=lambda item: item[1])


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = forms.ChoiceField(label=_("Country"))
    # Minted when the form is first rendered and kept across retries, so a
    # resubmission on a flaky connection registers once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country"))] + country_choices(
            get_language() or "en"
        )
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class EventPageForm(WagtailAdminPageForm):
    """Admin form of EventPage: language checkboxes, and the criteria-before-registration rule."""

    interpretation_languages = forms.MultipleChoiceField(
        label=_("Interpretation languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=settings.LANGUAGES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
