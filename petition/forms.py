from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from petition.countries import COUNTRIES, COUNTRY_NAMES
from records.text import hidden_characters_error


def country_choices():
    """The countries in the reader's language, in that language's order."""
    countries = [(code, gettext(name)) for code, name in COUNTRIES]
    if not (get_language() or "en").startswith("en"):
        countries.sort(key=lambda country: country[1].casefold())
    return [("", _("Choose your country")), *countries]


class CountrySelect(forms.Select):
    """The country select, drawn without a template per option: Django's own
    renders 250 option templates, a third of the petition page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.get_context(name, value, attrs)["widget"]["attrs"]
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (code, " selected" if code == chosen else "", label)
                for code, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), options
        )


class CountryField(forms.ChoiceField):
    """The country select, cheap on every POST: its 250 choices come from a
    callable, so a new form does not deep-copy them, and a value is checked
    with one dict look-up instead of a walk through the list."""

    def __init__(self, **kwargs):
        super().__init__(choices=country_choices, **kwargs)

    def valid_value(self, value):
        return value in COUNTRY_NAMES


class SignatureForm(forms.Form):
    """The public sign form. Both choices are off unless the signer ticks them."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send you a link to confirm your signature."),
    )
    country = CountryField(label=_("Country"), widget=CountrySelect)
    show_first_name = forms.BooleanField(
        label=_("Show my first name publicly"),
        required=False,
        help_text=_("Only the first word of your name, with your country."),
    )
    keep_informed = forms.BooleanField(
        label=_("Keep me informed about this campaign"), required=False
    )
    # The honeypot: hidden from people, filled in by bots.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def clean_name(self):
        hidden = hidden_characters_error(self.cleaned_data["name"])
        if hidden:
            raise forms.ValidationError(hidden)
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please give your name."))
        return name

    @property
    def is_bot(self):
        return bool(self.data.get("website", "").strip())
