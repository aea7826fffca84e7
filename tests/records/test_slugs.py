"""Slugs from names (records/slugs.py): filled as one types in a new record's
form (Wagtail's title-to-slug sync), and on save when left empty, unique and
in Latin letters whatever the name's script."""

import re

import pytest

from defenders.factories import DefenderFactory
from defenders.models import Defender, Organization
from events.models import Article, Event
from records.models import Record
from records.slugs import free_slug, slug_from
from tests.admin_client import (
    admin_url,
    defender_data,
    event_data,
    form_data,
    form_errors,
    organization_data,
    record_models,
)

pytestmark = pytest.mark.django_db

WITH_SLUGS = [
    model
    for model in record_models()
    if any(field.name == "slug" for field in model._meta.fields)
]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Testperson Fictional", "testperson-fictional"),
        ("Тэставая Асоба", "testavaya-asoba"),
        ("Тестовая Персона", "testovaya-persona"),
        ("Łukasz Testowy", "lukasz-testowy"),
        ("  ?!  ", ""),
    ],
)
def test_a_slug_is_made_of_latin_letters_whatever_the_script(name, slug):
    assert slug_from(name) == slug


def test_a_taken_slug_gets_the_first_free_number():
    assert free_slug("ales", set()) == "ales"
    assert free_slug("ales", {"ales"}) == "ales-2"
    assert free_slug("ales", {"ales", "ales-2"}) == "ales-3"
    assert free_slug("a" * 50, {"a" * 50}, max_length=50) == "a" * 48 + "-2"


@pytest.mark.parametrize("model", WITH_SLUGS, ids=lambda m: m.__name__)
def test_every_record_with_a_slug_makes_it_from_its_name(model):
    assert model.slug_source
    assert model.slug_source in {field.name for field in model._meta.fields}
    assert Record.slug_source is None


def test_an_empty_slug_is_filled_from_the_name_on_save(researcher_client):
    response = researcher_client.post(
        admin_url(Defender, "add"), defender_data(name="Testperson Sluggy", slug="")
    )

    assert response.status_code == 302
    assert Defender.objects.get().slug == "testperson-sluggy"


def test_a_filled_slug_is_unique(researcher_client):
    DefenderFactory(name="Testperson Sluggy", slug="testperson-sluggy")
    DefenderFactory(name="Testperson Sluggy II", slug="testperson-sluggy-2")

    response = researcher_client.post(
        admin_url(Defender, "add"), defender_data(name="Testperson Sluggy", slug="")
    )

    assert response.status_code == 302
    assert Defender.objects.latest("pk").slug == "testperson-sluggy-3"


def test_a_cyrillic_name_gives_a_latin_slug(researcher_client):
    response = researcher_client.post(
        admin_url(Organization, "add"),
        organization_data(name="Тэставая арганізацыя", slug=""),
    )

    assert response.status_code == 302
    assert Organization.objects.get().slug == "testavaya-arganizatsyya"


def test_an_event_slug_comes_from_its_title(researcher_client):
    response = researcher_client.post(
        admin_url(Event, "add"),
        event_data(title="Detention of Testperson Sluggy", slug=""),
    )

    assert response.status_code == 302
    assert Event.objects.get().slug == "detention-of-testperson-sluggy"


def test_an_article_slug_comes_from_its_number_and_part(researcher_client):
    data = {
        "code": "Criminal Code of Belarus",
        "number": "342",
        "part": "1",
        "slug": "",
        "title_en": "Organisation of actions grossly violating public order",
        "maximum_penalty": "",
        "sources": [],
    }

    response = researcher_client.post(admin_url(Article, "add"), form_data(data))

    assert response.status_code == 302
    assert Article.objects.get().slug == "342-1"


def test_a_name_with_nothing_to_make_a_slug_of_asks_for_one(researcher_client):
    response = researcher_client.post(
        admin_url(Defender, "add"), defender_data(name="?!", slug="")
    )

    assert response.status_code == 200
    assert "Enter a slug" in str(form_errors(response, "slug"))
    assert not Defender.objects.exists()


def field_tag(html, name):
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


def test_a_new_record_fills_its_slug_as_the_name_is_typed(researcher_client):
    html = researcher_client.get(admin_url(Defender, "add")).content.decode()

    name = field_tag(html, "name")
    assert "w-sync" in name and "keyup-&gt;w-sync#apply" in name
    assert 'data-w-sync-target-value="#id_slug"' in name
    slug = field_tag(html, "slug")
    assert 'data-controller="w-slug"' in slug
    # Django leaves out a False attribute: the script's default, ASCII only.
    assert "data-w-slug-allow-unicode-value" not in slug


def test_a_live_record_keeps_its_slug_as_the_name_is_edited(researcher_client):
    defender = DefenderFactory(live=True)

    html = researcher_client.get(
        admin_url(Defender, "edit", defender.pk)
    ).content.decode()

    assert "w-sync#apply" not in field_tag(html, "name")
