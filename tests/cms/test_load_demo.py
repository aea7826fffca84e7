"""`manage.py load_demo`: the Viasna case file, every fact with its source.

Loading takes a while, so each test loads once and checks many facts.
"""

import datetime
import io
import re

import pytest
import yaml

from django.apps import apps
from django.core.management import call_command
from django.db import models

from wagtail.models import Revision

from defenders.models import Defender
from events.models import Charge, Event, Sentence
from events.timeline import Timeline
from records.demo import DATA
from records.models import Record

DOCKET_APPS = ("records", "cms", "defenders", "events")


pytestmark = pytest.mark.django_db


def load():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def docket_models():
    return [
        model
        for app in DOCKET_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.abstract
    ]


def counts():
    return {
        model.__name__: model.objects.count() for model in [*docket_models(), Revision]
    }


def test_second_run_changes_nothing():
    first = load()
    assert first.startswith("Demo data: ") and "0 unchanged" in first
    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert out.getvalue().startswith("Demo data: 0 created, 0 updated, ")
    assert len(out.getvalue().strip().splitlines()) == 1


def check_bialiatski():
    ales = Defender.objects.get(slug="ales-bialiatski")
    assert ales.birth_year == 1962
    assert ales.status == "in_exile"
    assert ales.status_as_of == datetime.date(2025, 12, 15)
    assert "no 2026 source was found" in ales.status_note
    sentence = ales.sentences.get()
    assert (sentence.term_months, sentence.verdict_date) == (
        120,
        datetime.date(2023, 3, 3),
    )
    assert sentence.regime == "reinforced" and "medium-security" in sentence.regime_note
    # Viasna: "released ... after 1613 days behind bars".
    assert Timeline(ales).days(datetime.date(2026, 6, 1)) == (None, 1613)
    dropped = Charge.objects.get(defender=ales, article__slug="243-2")
    assert dropped.outcome == "dropped"
    change = dropped.changes.get()
    assert (change.on, change.outcome) == (datetime.date(2022, 9, 26), "dropped")
    assert change.source is not None
    assert {m.organization.slug for m in ales.memberships.all()} == {"viasna"}


def check_sentences_and_statuses():
    rabkova = Defender.objects.get(slug="marfa-rabkova")
    assert rabkova.sentences.get().term_months == 177
    for slug in ("valiantsin-stefanovich", "marfa-rabkova", "nasta-loika"):
        defender = Defender.objects.get(slug=slug)
        assert defender.status == "imprisoned"
        assert defender.status_as_of == datetime.date(2025, 12, 15)
    salauyou = Sentence.objects.get(defender__slug="dzmitry-salauyou")
    assert salauyou.in_absentia and salauyou.term_months == 96


def check_open_detentions_stay_open_unless_a_source_dates_the_release():
    # Salauyou's administrative detention has no dated release: not counted.
    assert Timeline(Defender.objects.get(slug="dzmitry-salauyou")).days() == (
        None,
        0,
    )
    release = Event.objects.get(
        type="release", participants__defender__slug="nasta-loika"
    )
    assert release.date == datetime.date(2021, 8, 16) and release.date_approximate


def check_raid_of_16_february_2021_covers_five_cities():
    raid = Event.objects.get(type="raid", date=datetime.date(2021, 2, 16))
    assert {p.name for p in raid.places.all()} == {
        "Minsk",
        "Homieĺ",
        "Mahilioŭ",
        "Viciebsk",
        "Brest",
    }


def check_closures_of_22_july_2021_keep_every_figure_with_its_source():
    closure = Event.objects.get(
        type="organization_closure", date=datetime.date(2021, 7, 22)
    )
    figures = {f.value: f for f in closure.figures.all()}
    assert set(figures) == {53, 40, 43, 47, 51}
    assert all(f.source_id for f in figures.values())
    assert figures[53].source.url == "" and "Unconfirmed" in figures[53].note
    assert "53 is unconfirmed" in closure.description


def check_group_detained_on_14_july_2021_is_named_not_recorded():
    event = Event.objects.get(slug="2021-07-14-raids-and-detentions")
    assert "Siarhei Sys" in event.description and "Nina Labkovich" in event.description
    assert not Defender.objects.filter(name__icontains="Sys").exists()


def check_every_fact_cites_a_source():
    for model in (Defender, Event, Charge, Sentence):
        assert model.objects.exists()
        assert not model.objects.filter(sources=None).exists(), model
    assert not Defender.objects.filter(status_sources=None).exists()


def check_no_full_birth_date_anywhere():
    with open(DATA / "viasna-facts.yaml", encoding="utf-8") as file:
        facts = yaml.safe_load(file)
    births = [
        datetime.date.fromisoformat(str(p["born"]["date"]))
        for p in facts["people"]
        if "born" in p
    ]
    assert births
    patterns = [
        re.escape(text)
        for day in births
        for text in (
            day.isoformat(),
            day.strftime("%d.%m.%Y"),
            f"{day.day} {day:%B %Y}",
            f"{day:%B} {day.day}, {day.year}",
        )
    ]
    found = re.compile("|".join(patterns))
    for model in docket_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        for row in model.objects.values_list(*text_fields):
            assert not any(found.search(str(value)) for value in row), model
    for revision in Revision.objects.all():
        assert not found.search(str(revision.content))


def check_everything_is_published_with_a_revision():
    for model in docket_models():
        if issubclass(model, Record):
            assert not model.objects.filter(live=False).exists(), model
            assert not model.objects.filter(live_revision=None).exists(), model


def test_key_facts():
    load()
    check_bialiatski()
    check_sentences_and_statuses()
    check_open_detentions_stay_open_unless_a_source_dates_the_release()
    check_raid_of_16_february_2021_covers_five_cities()
    check_closures_of_22_july_2021_keep_every_figure_with_its_source()
    check_group_detained_on_14_july_2021_is_named_not_recorded()


def test_everything_cited_published_and_without_birth_dates():
    load()
    check_every_fact_cites_a_source()
    check_no_full_birth_date_anywhere()
    check_everything_is_published_with_a_revision()
