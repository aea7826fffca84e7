import datetime

import pytest

from defenders.factories import DefenderFactory
from events.factories import EventFactory
from events.timeline import Timeline

pytestmark = pytest.mark.django_db


def test_days_across_several_periods():
    defender = DefenderFactory(status="imprisoned")
    EventFactory(type="detention", date=datetime.date(2020, 1, 1), defenders=[defender])
    EventFactory(type="release", date=datetime.date(2020, 1, 11), defenders=[defender])
    EventFactory(
        type="detention", date=datetime.date(2021, 7, 14), defenders=[defender]
    )
    as_of = datetime.date(2021, 7, 24)
    assert Timeline(defender).days(as_of) == (10, 20)


def test_released_defender_has_no_current_period():
    defender = DefenderFactory(status="released")
    EventFactory(
        type="detention", date=datetime.date(2021, 7, 14), defenders=[defender]
    )
    EventFactory(type="release", date=datetime.date(2025, 12, 13), defenders=[defender])
    assert Timeline(defender).days(datetime.date(2026, 1, 1)) == (None, 1613)


def test_month_precision_detention_counts_from_the_first_of_the_month():
    defender = DefenderFactory(status="imprisoned")
    EventFactory(
        type="detention",
        date=datetime.date(2023, 5, 1),
        date_precision="month",
        defenders=[defender],
    )
    assert Timeline(defender).days(datetime.date(2023, 5, 31)) == (30, 30)


def test_draft_events_do_not_count():
    defender = DefenderFactory(status="imprisoned")
    EventFactory(
        type="detention",
        date=datetime.date(2021, 1, 1),
        live=False,
        defenders=[defender],
    )
    assert Timeline(defender).days(datetime.date(2021, 2, 1)) == (None, 0)


def test_status_contradicting_the_timeline_warns():
    defender = DefenderFactory(status="imprisoned")
    EventFactory(type="detention", date=datetime.date(2021, 1, 1), defenders=[defender])
    assert Timeline(defender).warnings() == []
    EventFactory(type="release", date=datetime.date(2022, 1, 1), defenders=[defender])
    assert "a release follows the last detention" in str(
        Timeline(defender).warnings()[0]
    )


def test_open_period_of_a_defender_not_held_is_left_out():
    defender = DefenderFactory(status="in_exile")
    EventFactory(
        type="detention", date=datetime.date(2021, 2, 16), defenders=[defender]
    )
    assert Timeline(defender).days(datetime.date(2022, 1, 1)) == (None, 0)
    assert Timeline(defender).unknown_end() == [datetime.date(2021, 2, 16)]
