"""Names and titles refuse invisible and text-direction control characters."""

import pytest

from django.core.exceptions import ValidationError

from defenders.factories import DefenderFactory, OrganizationFactory
from events.factories import EventFactory
from petition.forms import SignatureForm
from records.factories import PlaceFactory, SourceFactory
from records.text import hidden_characters_error

pytestmark = [pytest.mark.django_db]

HIDDEN = [
    "\u200b\u200b\u200b",  # only zero-width spaces
    "Ales\u202eykctaib",  # right-to-left override
    "Ales\u200d Bialiatski",  # zero-width joiner
    "\u2066Ales\u2069",  # bidi isolates
    "\ufeffAles",  # byte-order mark
    "Ales\u00adBialiatski",  # soft hyphen
    "\u3164",  # Hangul filler: looks blank
    "Ales\x07",  # control character
]
VALID = [
    "Aleś Bialacki",
    "Алесь Бяляцкі",
    "Алесь Беляцкий",
    "Mar'ia O'Connor-Smith",
    "Мар’я Рабкова",
    "Nasta Loika",
]

RECORDS = [
    (DefenderFactory, ["name", "name_be", "name_ru", "other_names"]),
    (OrganizationFactory, ["name", "name_be", "name_ru", "other_names"]),
    (EventFactory, ["title"]),
    (SourceFactory, ["title"]),
    (PlaceFactory, ["name", "other_names"]),
]


def field_errors(instance):
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize("factory, fields", RECORDS)
@pytest.mark.parametrize("value", HIDDEN)
def test_records_refuse_hidden_characters(factory, fields, value):
    instance = factory()
    assert field_errors(instance) == {}
    for field in fields:
        original = getattr(instance, field)
        setattr(instance, field, value)
        errors = field_errors(instance)
        assert field in errors, (field, value)
        assert any(
            "invisible" in message or "visible text" in message
            for message in errors[field]
        )
        setattr(instance, field, original)


@pytest.mark.parametrize("factory, fields", RECORDS)
def test_normal_names_stay_valid(factory, fields):
    instance = factory()
    for field in fields:
        for value in VALID:
            setattr(instance, field, value)
            assert field not in field_errors(instance), (field, value)


def test_other_names_may_hold_one_name_per_line():
    defender = DefenderFactory(other_names="Алесь Бяляцкі\nAles Bialiatski\r\n")
    assert field_errors(defender) == {}


def test_the_message_names_the_characters():
    assert "U+202E" in hidden_characters_error("Ales\u202eykctaib")


def sign(name):
    return SignatureForm(
        data={"name": name, "email": "signer@example.org", "country": "BY"}
    )


@pytest.mark.parametrize("value", HIDDEN)
def test_the_petition_refuses_a_hidden_signer_name(value):
    form = sign(value)
    assert not form.is_valid()
    assert "name" in form.errors


@pytest.mark.parametrize("value", VALID)
def test_the_petition_accepts_normal_names(value):
    form = sign(value)
    assert form.is_valid(), form.errors
