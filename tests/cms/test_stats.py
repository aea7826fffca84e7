import datetime

import pytest

from cms.stats import headline_figures
from defenders.factories import DefenderFactory, OrganizationFactory
from events.factories import EventFactory, SentenceFactory

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

    assert headline_figures() == {
        "defenders": 2,
        "held_now": 1,
        "sentence_months_total": 120,
        "sentence_years_total": 10.0,
        "organizations_closed": 2,
    }
