"""The country select is drawn by hand (petition/forms.py CountrySelect):
the same options, escaped, with the signer's choice kept."""

import re

from django.utils import translation

from petition.countries import COUNTRIES
from petition.forms import SignatureForm


def options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)


def test_every_country_once_and_the_prompt_chosen():
    html = str(SignatureForm()["country"])
    found = options(html)
    assert len(found) == len(COUNTRIES) + 1
    assert {code for code, _, _ in found} == {"", *(code for code, _ in COUNTRIES)}
    assert found[0] == ("", " selected", "Choose your country")
    assert [code for code, selected, _ in found if selected] == [""]
    assert html.startswith('<select name="country"')
    assert 'id="id_country"' in html
    assert " required" in html


def test_a_form_sent_back_keeps_the_signers_country():
    html = str(SignatureForm(data={"country": "LT"})["country"])
    assert [code for code, selected, _ in options(html) if selected] == ["LT"]


def test_names_are_in_the_readers_language():
    with translation.override("ru"):
        found = {
            code: name for code, _, name in options(str(SignatureForm()["country"]))
        }
    assert found["LT"] == "Литва"
