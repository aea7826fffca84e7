"""The admin's listing search and snippet choosers find what researchers type:
Belarusian and Russian names in Cyrillic, article numbers (342, 342-1).

Wagtail's admin searches with `autocomplete()`, which reads only a model's
AutocompleteFields, not its SearchFields; these tests run on SQLite (FTS5)
and, with DATABASE_URL, on PostgreSQL full text search.
"""

import re

import pytest

from django.urls import reverse

from defenders.factories import DefenderFactory, OrganizationFactory
from defenders.models import Defender, Organization
from events.factories import ArticleFactory, ChargeFactory, SentenceFactory
from events.models import Article, Charge, Sentence
from tests.admin_client import admin_url

pytestmark = pytest.mark.django_db


def listed(client, model, text):
    """The pks a model's admin listing shows when searching for `text`."""
    response = client.get(admin_url(model, "list"), {"q": text})
    assert response.status_code == 200
    prefix = re.escape(admin_url(model, "edit", 0)[: -len("0/")])
    return {int(pk) for pk in re.findall(prefix + r"(\d+)/", response.content.decode())}


def chosen(client, model, text):
    """The pks the snippet chooser offers when searching for `text`."""
    meta = model._meta
    url = reverse(
        f"wagtailsnippetchoosers_{meta.app_label}_{meta.model_name}:choose_results"
    )
    response = client.get(url, {"q": text})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["results"]}


@pytest.fixture
def cyrillic_defender():
    return DefenderFactory(
        name="Testavaya Asoba",
        name_be="Тэставая Асоба",
        name_ru="Тестовая Особа",
        other_names="Бяляцкая Тэст",
        live=False,
    )


@pytest.fixture
def others():
    return [DefenderFactory(name="Someone Else", name_be="Хтосьці Іншы")]


@pytest.mark.parametrize(
    "text",
    ["Тэставая", "тэставая асоба", "Тэстав", "Асоба", "Тестовая", "Особа", "Бяляцкая"],
)
def test_defender_listing_and_chooser_find_cyrillic_names(
    editor_client, cyrillic_defender, others, text
):
    assert listed(editor_client, Defender, text) == {cyrillic_defender.pk}
    assert chosen(editor_client, Defender, text) == {cyrillic_defender.pk}


def test_organization_listing_finds_a_cyrillic_name(editor_client):
    viasna = OrganizationFactory(name="Viasna", name_be="Праваабарончы цэнтр Вясна")
    OrganizationFactory(name="Other")
    assert listed(editor_client, Organization, "Вясна") == {viasna.pk}
    assert chosen(editor_client, Organization, "вясна") == {viasna.pk}


@pytest.fixture
def articles():
    return {
        "342-1": ArticleFactory(number="342", part="1"),
        "342-2": ArticleFactory(number="342", part="2", title="Another part"),
        "361-1": ArticleFactory(number="361", part="1", title="Calls for sanctions"),
    }


@pytest.mark.parametrize(
    "text, expected",
    [("342", {"342-1", "342-2"}), ("342-1", {"342-1"}), ("361", {"361-1"})],
)
def test_article_listing_and_chooser_find_article_numbers(
    editor_client, articles, text, expected
):
    pks = {articles[slug].pk for slug in expected}
    assert listed(editor_client, Article, text) == pks
    assert chosen(editor_client, Article, text) == pks


def test_charge_listing_finds_the_article_and_the_defender(editor_client, articles):
    asoba = DefenderFactory(name="Testavaya Asoba", name_be="Тэставая Асоба")
    charge = ChargeFactory(defender=asoba, article=articles["342-1"])
    other = ChargeFactory(
        defender=DefenderFactory(name="Someone Else"), article=articles["361-1"]
    )
    assert listed(editor_client, Charge, "342") == {charge.pk}
    assert listed(editor_client, Charge, "342-1") == {charge.pk}
    assert listed(editor_client, Charge, "361") == {other.pk}
    assert listed(editor_client, Charge, "Тэставая") == {charge.pk}
    assert listed(editor_client, Charge, "Testav") == {charge.pk}


def test_sentence_listing_finds_the_defender_in_cyrillic(editor_client):
    asoba = DefenderFactory(name="Testavaya Asoba", name_be="Тэставая Асоба")
    sentence = SentenceFactory(defender=asoba)
    SentenceFactory(defender=DefenderFactory(name="Someone Else"))
    assert listed(editor_client, Sentence, "Асоба") == {sentence.pk}


def test_charge_and_sentence_listings_find_the_defender_by_any_spelling(editor_client):
    # Entered in Belarusian only; searched as romanised, declined, reordered.
    asoba = DefenderFactory(name="Testname Other", name_be="Тэставы Бяляцкі")
    charge = ChargeFactory(defender=asoba)
    sentence = SentenceFactory(defender=asoba)
    ChargeFactory(defender=DefenderFactory(name="Someone Else"))
    SentenceFactory(defender=DefenderFactory(name="Someone Else Again"))
    for text in ["Byalyatski", "Бяляцкага", "Bialiatski Testavy"]:
        assert listed(editor_client, Charge, text) == {charge.pk}, text
        assert listed(editor_client, Sentence, text) == {sentence.pk}, text
