from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class UnsubscribeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Unsubscribe from"),
        widget=forms.RadioSelect,
        initial="list",
        choices=[("list", _("This list only")), ("all", _("Every Convene list I am on"))],
    )
