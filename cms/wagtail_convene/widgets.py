"""Widgets whose choices are languages: each language's name is written in that language,
so its option says which (lang and dir, WCAG 3.1.2)."""

from django import forms

from .templatetags.convene_forms import text_direction


class LanguageOptionsMixin:
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["lang"] = str(value)
            option["lang_dir"] = text_direction(str(value))
        return option


class LanguageSelect(LanguageOptionsMixin, forms.Select):
    option_template_name = "wagtail_convene/widgets/language_select_option.html"


class LanguageCheckboxes(LanguageOptionsMixin, forms.CheckboxSelectMultiple):
    option_template_name = "wagtail_convene/widgets/language_input_option.html"
