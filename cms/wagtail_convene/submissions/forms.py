"""The public submission form; the document's type is checked by its content."""

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..events.forms import country_choices
from ..taxonomy.models import GCMObjective, StakeholderCategory
from ..widgets import LanguageSelect
from .checks import archive_problem, sniff_document_type
from .metadata import MetadataError, strip_metadata


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title of the submission"), max_length=255)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    category = forms.ChoiceField(label=_("Stakeholder category"))
    country = forms.ChoiceField(
        label=_("Country"), widget=forms.Select(attrs={"autocomplete": "country-name"})
    )
    submission_language = forms.ChoiceField(
        label=_("Language of the submission"), choices=settings.LANGUAGES, widget=LanguageSelect
    )
    objectives = forms.MultipleChoiceField(
        label=_("GCM objectives it addresses"), widget=forms.CheckboxSelectMultiple, required=False
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))
    document = forms.FileField(label=_("Document (PDF, DOCX or ODT)"))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Only to tell you whether the submission was published; then deleted."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that this submission is published as received, unedited, with a "
            "note that it is not endorsed by the United Nations."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language() or "en"
        self.fields["country"].choices = [("", _("Choose a country"))] + country_choices(language)
        self.fields["category"].choices = [("", _("Choose a category"))] + [
            (c.slug, c.label)
            for c in StakeholderCategory.objects.filter(locale__language_code="en")
        ]
        self.fields["objectives"].choices = [
            (str(o.number), o.label)
            for o in GCMObjective.objects.filter(locale__language_code="en")
        ]
        self.fields["summary"].max_length = conf.submission_summary_max()
        self.fields["summary"].widget.attrs["maxlength"] = conf.submission_summary_max()
        self.fields["summary"].validators.append(MaxLengthValidator(conf.submission_summary_max()))
        if not self.is_bound:
            codes = {code for code, _name in settings.LANGUAGES}
            default = language if language in codes else language.split("-")[0]
            self.initial.setdefault("submission_language", default)

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > conf.submission_max_bytes():
            raise forms.ValidationError(
                _("The document is too large: at most %(mb)s MB.")
                % {"mb": conf.submission_max_bytes() // (1024 * 1024)}
            )
        head = upload.read()
        upload.seek(0)
        if head.startswith(b"PK\x03\x04") and (problem := archive_problem(head)):
            raise forms.ValidationError(problem)
        kind = sniff_document_type(head)
        if kind is None:
            raise forms.ValidationError(_("Send a PDF, DOCX or ODT document."))
        try:
            # The author's name and the like never reach the published file.
            clean = ContentFile(strip_metadata(head), name=upload.name)
        except MetadataError:
            raise forms.ValidationError(_("Send a PDF, DOCX or ODT document.")) from None
        clean.detected_type = kind
        return clean
