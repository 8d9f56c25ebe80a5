"""The public reporting forms. Everything is optional except what the report is about;
contact details are optional and encrypted by the service."""

from __future__ import annotations

import warnings

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..events.forms import country_choices
from . import codes

MiB = 1024 * 1024

GRIEVANCE_CATEGORIES = [
    ("access_to_information", _("Access to information")),
    ("language_and_interpretation", _("Language and interpretation")),
    ("registration_or_selection", _("A registration or selection decision")),
    ("accessibility", _("Accessibility")),
    ("conduct", _("Conduct at a meeting")),
    ("other", _("Something else")),
]
REPRISAL_KINDS = [
    ("threat", _("Threat")),
    ("intimidation", _("Intimidation")),
    ("online_harassment", _("Online harassment")),
    ("surveillance", _("Surveillance")),
    ("travel_restriction", _("Travel restriction")),
    ("legal_action", _("Legal action")),
    ("detention", _("Detention")),
    ("other", _("Something else")),
]
YES_NO = [("no", _("No")), ("yes", _("Yes"))]


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


def too_large_message():
    return ngettext_lazy(
        "Your report is larger than the form accepts: at most %(files)s file of at most %(mb)s MB.",
        "Your report is larger than the form accepts: at most %(files)s files of at most "
        "%(mb)s MB each.",
        "files",
    ) % {"files": conf.evidence_max_files(), "mb": conf.evidence_max_bytes() // MiB}


# What the grievance service says about evidence (services/grievance/evidence.py), in the
# reporter's language; tests/cms/test_reporting_uploads.py checks the two sides agree.
SERVICE_EVIDENCE_MESSAGES = {
    "A file is larger than 10 MB.": _("A file is larger than 10 MB."),
    "Files can be images (JPEG, PNG), PDF documents or audio recordings.": _(
        "Files can be photos (JPEG, PNG), PDF documents or audio recordings."
    ),
    "An image has more than 12 megapixels: send a smaller copy.": _(
        "A photo has more than 12 megapixels: send a smaller copy of it."
    ),
    "An image could not be read.": _("A photo could not be read: send it again, or as JPEG."),
    "An image could not be processed within our limits: send a smaller copy.": _(
        "A photo could not be processed within our limits: send a smaller copy of it."
    ),
    "At most 5 files.": _("Send at most 5 files."),
    "At most 5 files at a time.": _("Send at most 5 files."),
}
IMAGE_SIGNATURES = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}


def _pixels(upload, image_format: str) -> int:
    """Width x height from the photo's header alone (nothing is decoded)."""
    from PIL import Image

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[image_format]) as probe:
                return probe.width * probe.height
    except Image.DecompressionBombError:
        return conf.evidence_max_pixels() + 1
    except (OSError, SyntaxError, ValueError):
        return 0  # unreadable: the service says so, in its own check
    finally:
        upload.seek(0)


class EvidenceField(forms.FileField):
    """Up to `evidence_max_files` files of at most `evidence_max_bytes`; photos of at
    most `evidence_max_pixels`, read from their headers. The service checks again."""

    widget = MultipleFiles

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [super(EvidenceField, self).clean(f, initial) for f in files]
        if len(files) > conf.evidence_max_files():
            raise forms.ValidationError(
                ngettext_lazy("Send at most %(n)s file.", "Send at most %(n)s files.", "n")
                % {"n": conf.evidence_max_files()}
            )
        for upload in files:
            if upload.size > conf.evidence_max_bytes():
                raise forms.ValidationError(
                    _("“%(name)s” is larger than %(mb)s MB.")
                    % {"name": upload.name, "mb": conf.evidence_max_bytes() // MiB}
                )
            upload.seek(0)
            head = upload.read(8)
            upload.seek(0)
            for signature, image_format in IMAGE_SIGNATURES.items():
                if head.startswith(signature) and (
                    _pixels(upload, image_format) > conf.evidence_max_pixels()
                ):
                    raise forms.ValidationError(
                        _("“%(name)s” has more than %(mp)s megapixels: send a smaller copy.")
                        % {"name": upload.name, "mp": conf.evidence_max_pixels() // 1_000_000}
                    )
        return files


class ContactFields(forms.Form):
    contact_name = forms.CharField(
        label=_("Name (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Telephone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    referral_consent = forms.BooleanField(
        label=_(
            "The secretariat may refer my case outside this channel (for example to the "
            "UN Human Rights Office). Without this, nothing leaves the channel."
        ),
        required=False,
    )
    evidence = EvidenceField(
        label=_("Evidence (optional)"),
        help_text=_(
            "Up to 5 files of at most 10 MB: photos (JPEG, PNG), PDF, audio. Location and "
            "camera details are removed from photos."
        ),
        required=False,
    )

    def contact(self) -> dict | None:
        data = self.cleaned_data
        found = {
            "name": data["contact_name"],
            "email": data["contact_email"] or None,
            "phone": data["contact_phone"],
        }
        return found if any(found.values()) else None

    def common(self) -> dict:
        return {
            "contact": self.contact(),
            "referral_consent": self.cleaned_data["referral_consent"],
        }


class GrievanceForm(ContactFields):
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=[("", _("Choose one")), *GRIEVANCE_CATEGORIES]
    )
    event = forms.ChoiceField(label=_("The event it concerns (optional)"), required=False)
    decision = forms.CharField(
        label=_("The event or decision you contest (optional)"), max_length=2000, required=False
    )
    description = forms.CharField(
        label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    field_order = ["category", "event", "decision", "description"]

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", "—")] + [(e.event_key, e.title) for e in events]

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "event": data["event"],
            "decision": data["decision"],
            "description": data["description"],
            **self.common(),
        }


class ReprisalForm(ContactFields):
    category = forms.ChoiceField(
        label=_("What kind of reprisal?"), choices=[("", _("Choose one")), *REPRISAL_KINDS]
    )
    what_happened = forms.CharField(
        label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    happened_on = forms.DateField(
        label=_("When (date only, optional)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    country = forms.ChoiceField(label=_("Where (country, optional)"), required=False)
    affected = forms.CharField(
        label=_("Who is affected? (optional)"), max_length=2000, required=False
    )
    danger = forms.ChoiceField(
        label=_("Is anyone in immediate danger?"), choices=YES_NO, widget=forms.RadioSelect
    )
    field_order = ["category", "what_happened", "happened_on", "country", "affected", "danger"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices(get_language() or "en")]

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "what_happened": data["what_happened"],
            "happened_on": data["happened_on"].isoformat() if data["happened_on"] else None,
            "country": data["country"],
            "affected": data["affected"],
            "danger": data["danger"] == "yes",
            **self.common(),
        }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_(
            "Six groups of five letters and digits (older codes: 25 digits). Capitals, "
            "spaces and dashes do not matter."
        ),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "dir": "ltr",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        """The code as shown on the receipt, however it was typed: in any case, with or
        without spaces or dashes, wrapped, with Arabic-Indic or full-width digits. A code
        of the wrong length is told here, without a try that counts against anyone."""
        code = codes.grouped(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "A receipt code has six groups of five letters and digits (older codes: "
                    "25 digits). Check that none is missing and try again."
                )
            )
        return code


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class MoreEvidenceForm(forms.Form):
    evidence = EvidenceField(label=_("Add evidence"))
