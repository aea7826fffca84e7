"""The admin's listing search and snippet choosers find a defender, an
organization or a place by any spelling of its name (records/admin_search.py):
a romanisation nobody stored, a declined form, the words in another order;
drafts too; name matches first, best first.

The defender is fictional, named like Ales Bialiatski (Алесь Бяляцкі,
Алесь Беляцкий) so that the same romanisations apply: Byalyatski,
Bialacki, Беляцкага.
"""

import datetime
import re

import pytest

from django.urls import reverse

from defenders.factories import DefenderFactory, OrganizationFactory
from defenders.models import Defender, Organization
from records.factories import PlaceFactory
from records.models import Place
from tests.admin_client import admin_url
from tests.cms.test_admin_search import chosen, listed

pytestmark = pytest.mark.django_db


def listed_in_order(client, model, params):
    response = client.get(admin_url(model, "list"), params)
    assert response.status_code == 200
    prefix = re.escape(admin_url(model, "edit", 0)[: -len("0/")])
    found = re.findall(prefix + r"(\d+)/", response.content.decode())
    return list(dict.fromkeys(int(pk) for pk in found))


def chosen_in_order(client, model, text, view="choose_results"):
    """The pks the snippet chooser offers, in order: its results panel, or
    (`view="choose"`) the modal as it opens."""
    meta = model._meta
    url = reverse(f"wagtailsnippetchoosers_{meta.app_label}_{meta.model_name}:{view}")
    response = client.get(url, {"q": text})
    assert response.status_code == 200
    return [obj.pk for obj in response.context["results"]]


@pytest.fixture
def testaliatski():
    """Entered in three spellings only; never published."""
    return DefenderFactory(
        name="Ales Testaliatski",
        name_be="Алесь Тэсталяцкі",
        name_ru="Алесь Тесталяцкий",
        live=False,
    )


@pytest.fixture
def others():
    return [
        DefenderFactory(name="Someone Else", name_be="Хтосьці Іншы"),
        DefenderFactory(name="Ales Other", name_be="Алесь Іншы"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Testalyatski",  # BGN/PCGN, as Byalyatski
        "Testalacki",  # Łacinka, as Bialacki
        "Testalyatsky",  # Russian, as Belyatsky
        "Tastaliotski",  # a spelling nobody listed, as Bialiacki
        "Тэсталяцкага",  # declined, as Бяляцкага
        "Тесталяцкого",  # declined, as Беляцкого
        "Testaliatski Ales",  # surname first
        "Тэсталяцкі Алесь",
        "Testal",  # a prefix
    ],
)
def test_listing_and_chooser_find_a_draft_defender_by_any_spelling(
    editor_client, testaliatski, others, text
):
    assert listed(editor_client, Defender, text) == {testaliatski.pk}
    assert chosen(editor_client, Defender, text) == {testaliatski.pk}
    assert chosen_in_order(editor_client, Defender, text, view="choose") == [
        testaliatski.pk
    ]


def test_what_wagtail_search_finds_is_still_found(editor_client, testaliatski, others):
    alesy = {testaliatski.pk, others[1].pk}
    assert listed(editor_client, Defender, "Алесь") == alesy
    assert chosen(editor_client, Defender, "Алесь") == alesy
    assert listed(editor_client, Defender, "Хтосьці") == {others[0].pk}


def test_best_name_match_comes_first(editor_client, testaliatski):
    # Sorted by name, "Ales Tastaliotski" would come first; it matches only
    # by its consonants, the other by the spelling entered.
    near = DefenderFactory(name="Ales Tastaliotski")
    for params in ({"q": "Testaliatski"}, {"q": "testaliatski", "p": "1"}):
        assert listed_in_order(editor_client, Defender, params) == [
            testaliatski.pk,
            near.pk,
        ]
    assert chosen_in_order(editor_client, Defender, "Testaliatski") == [
        testaliatski.pk,
        near.pk,
    ]


def test_column_ordering_still_works(editor_client, testaliatski):
    near = DefenderFactory(
        name="Ales Tastaliotski", status_as_of=datetime.date(2024, 1, 1)
    )
    oldest_first = [near.pk, testaliatski.pk]
    ordered = {"ordering": "status_as_of"}
    assert listed_in_order(editor_client, Defender, ordered) == oldest_first
    assert listed_in_order(editor_client, Defender, {"ordering": "-status_as_of"}) == [
        testaliatski.pk,
        near.pk,
    ]
    # Sorted by a column header, a search keeps that order.
    searched = {**ordered, "q": "Testaliatski"}
    assert listed_in_order(editor_client, Defender, searched) == oldest_first


def test_a_place_is_found_by_its_russian_romanisation(editor_client):
    homiel = PlaceFactory(name="Homieĺ", other_names="Гомель")
    PlaceFactory(name="Minsk", other_names="Мінск\nМинск")
    for text in ("Gomel", "Homel", "Гомель", "Homiel"):
        assert listed(editor_client, Place, text) == {homiel.pk}
        assert chosen(editor_client, Place, text) == {homiel.pk}


def test_an_organization_is_found_in_every_spelling(editor_client):
    viasna = OrganizationFactory(name="Viasna", live=False)
    OrganizationFactory(name="Human Constanta")
    # Entered in Latin only: Вясна is found from its romanisations.
    for text in ("Вясна", "Весна", "Wiasna", "Vyasna"):
        assert listed(editor_client, Organization, text) == {viasna.pk}
        assert chosen(editor_client, Organization, text) == {viasna.pk}


def listing_search_queries(client, count, django_assert_max_num_queries):
    for n in range(count):
        DefenderFactory(
            name=f"Ales Testaliatski {n}",
            name_be="Алесь Тэсталяцкі",
            slug=f"testaliatski-{n}",
        )
    with django_assert_max_num_queries(QUERIES):
        pks = listed(client, Defender, "Testalyatski")
    assert len(pks) == count


# The listing's queries, however many rows it shows: the session, user and
# permissions, the search's keys, the count, the page and its prefetches
# (workflow states, involvements) and the admin's own (menu, filters).
QUERIES = 17


@pytest.mark.parametrize("count", [5, 30])
def test_listing_search_queries_do_not_grow_with_the_results(
    editor_client, count, django_assert_max_num_queries
):
    listing_search_queries(editor_client, count, django_assert_max_num_queries)
