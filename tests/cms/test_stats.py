import datetime

import pytest

from cms.stats import headline_figures
from defenders.factories import DefenderFactory, OrganizationFactory
from events.factories import EventFactory, FigureFactory, SentenceFactory
from events.models import ClaimedFigure
from records.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_headline_figures_count_only_published_records():
    held = DefenderFactory(status="imprisoned")
    DefenderFactory(status="released")
    DefenderFactory(status="imprisoned", live=False)
    SentenceFactory(defender=held, term_months=120)
    SentenceFactory(defender=held, term_months=6, live=False)
    OrganizationFactory(closed_on=datetime.date(2021, 7, 22))
    closed_by_event = OrganizationFactory()
    event = EventFactory(type="organization_closure")
    event.organizations.add(closed_by_event)
    event.save()  # a ParentalManyToManyField is written on save
    OrganizationFactory()

    figures = headline_figures()
    assert {key: figures[key] for key in list(figures)[:5]} == {
        "defenders": 2,
        "held_now": 1,
        "sentence_months_total": 120,
        "sentence_years_total": 10.0,
        "organizations_closed": 2,
    }
    # A closure with no count of its own and no figure is no headline.
    assert figures["organizations_ordered_closed"] is None
    assert figures["political_prisoners"] is None


def test_closure_headline_is_its_count_and_the_range_its_sources_give():
    small = EventFactory(
        type="organization_closure", date=datetime.date(2021, 7, 1), affected_count=5
    )
    closure = EventFactory(
        type="organization_closure",
        slug="closures",
        date=datetime.date(2021, 7, 22),
        affected_count=53,
    )
    for value, qualifier in [(40, "more_than"), (43, "exactly"), (51, "exactly")]:
        ClaimedFigure.objects.create(
            event=closure, value=value, qualifier=qualifier, source=SourceFactory()
        )
    # A figure from an unpublished source does not count, nor a draft event.
    ClaimedFigure.objects.create(
        event=closure, value=12, source=SourceFactory(live=False)
    )
    EventFactory(type="organization_closure", affected_count=900, live=False)
    assert small.pk

    figures = headline_figures()
    assert figures["organizations_ordered_closed"] == 53
    assert figures["organizations_ordered_closed_on"] == "2021-07-22"
    assert figures["organizations_ordered_closed_low"] == 40
    assert figures["organizations_ordered_closed_high"] == 53
    assert figures["organizations_ordered_closed_event"] == "closures"


def test_latest_political_prisoner_count_is_the_newest_published():
    FigureFactory(value=1446, as_of=datetime.date(2022, 12, 1), as_of_precision="month")
    FigureFactory(
        value=1110,
        qualifier="about",
        as_of=datetime.date(2025, 12, 1),
        as_of_precision="month",
    )
    newest = FigureFactory(
        value=1100, qualifier="more_than", as_of=datetime.date(2025, 12, 15)
    )
    FigureFactory(value=5000, as_of=datetime.date(2026, 1, 1), live=False)
    FigureFactory(metric="political_prisoners_held", as_of=datetime.date(2026, 1, 1))

    figures = headline_figures()
    assert figures["political_prisoners"] == 1100
    assert figures["political_prisoners_qualifier"] == "more_than"
    assert figures["political_prisoners_as_of"] == "2025-12-15"
    assert figures["political_prisoners_figure"] == newest.pk
