"""Template tags of the public forms and of text in another language (WCAG 1.3.1, 3.1.2,
3.3.1): the title's "Error:" prefix, the error summary's link targets, lang and dir."""

from django import forms, template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

register = template.Library()


def _forms_in(context):
    for value in context.flatten().values():
        if isinstance(value, forms.BaseForm):
            yield value


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " before the page title when a submitted form on the page has errors."""
    if any(form.is_bound and form.errors for form in _forms_in(context)):
        return _("Error:") + " "
    return ""


@register.filter
def summary_target(bound_field) -> str:
    """The id the error summary links to: the field, or the first radio or checkbox of a group."""
    if bound_field.use_fieldset:
        subwidgets = bound_field.subwidgets
        return subwidgets[0].id_for_label if subwidgets else bound_field.auto_id
    return bound_field.id_for_label or bound_field.auto_id


@register.filter
def required_attr_missing(bound_field) -> bool:
    """Whether a required field's widget renders without `required`: a select whose first
    option has a value, a group of checkboxes (at least one is needed, not all)."""
    widget = bound_field.field.widget
    if not bound_field.field.required or widget.is_hidden:
        return False
    if bound_field.use_fieldset:
        return not widget.use_required_attribute(bound_field.initial)
    return "required" not in bound_field.build_widget_attrs({}, widget)


@register.filter
def render_field(bound_field):
    """The widget; a required one that cannot say so with `required` says aria-required."""
    if required_attr_missing(bound_field) and not bound_field.use_fieldset:
        return bound_field.as_widget(attrs={"aria-required": "true"})
    return bound_field.as_widget()


@register.filter
def has_required(form) -> bool:
    return any(field.field.required for field in form.visible_fields())


def text_direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


@register.filter
def lang_attrs(code) -> str:
    """` lang="…" dir="…"` for text written in the language `code`."""
    code = str(code or "")
    if not code:
        return ""
    return format_html(' lang="{}" dir="{}"', code, text_direction(code))


@register.filter
def language_name(code) -> str:
    """A configured language's name, in that language."""
    return str(dict(settings.LANGUAGES).get(code, code))


@register.filter
def has_block(stream, name) -> bool:
    """Whether a StreamField value holds a block of type `name`."""
    return any(child.block_type == name for child in stream or ())


@register.simple_tag
def summary_line(bound_field, error) -> str:
    """ "Label: error" as the reader's language punctuates it (French puts a space before
    the colon), without doubling a label's own full stop."""
    label = str(bound_field.label or "").rstrip(" .:?؟")
    return _("%(field)s: %(error)s") % {"field": label, "error": error}
