import datetime

import pytest

from defenders.factories import DefenderFactory
from events.factories import EventFactory
from events.timeline import Timeline, held_statement, total_statement

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


# --- Expected release: only while the sentence is being served ---------------


def sentenced(status, *events, in_absentia=False):
    """A defender with these (type, day) events and a 10-year sentence of
    3 March 2023."""
    from events.factories import SentenceFactory

    defender = DefenderFactory(status=status)
    for kind, day in events:
        EventFactory(type=kind, date=day, defenders=[defender])
    sentence = SentenceFactory(
        defender=defender,
        verdict_date=datetime.date(2023, 3, 3),
        in_absentia=in_absentia,
    )
    return Timeline(defender), sentence


DETAINED = ("detention", datetime.date(2021, 7, 14))


def test_expected_release_counts_the_term_from_the_detention_held_at_the_verdict():
    timeline, sentence = sentenced("imprisoned", DETAINED)
    assert timeline.expected_release(sentence) == datetime.date(2031, 7, 14)


def test_expected_release_counts_from_a_detention_after_the_verdict():
    timeline, sentence = sentenced(
        "imprisoned",
        ("detention", datetime.date(2021, 7, 14)),
        ("release", datetime.date(2021, 9, 1)),
        ("detention", datetime.date(2023, 4, 10)),  # taken in to serve it
    )
    assert timeline.expected_release(sentence) == datetime.date(2033, 4, 10)


@pytest.mark.parametrize("status", ["released", "in_exile", "deceased"])
def test_no_expected_release_for_someone_not_held(status):
    timeline, sentence = sentenced(status, DETAINED)
    assert timeline.expected_release(sentence) is None


def test_a_release_after_the_verdict_ends_the_term():
    # The status was not updated: the release still ends the term.
    timeline, sentence = sentenced(
        "imprisoned", DETAINED, ("release", datetime.date(2025, 12, 13))
    )
    assert timeline.expected_release(sentence) is None


def test_no_expected_release_in_absentia_or_without_a_detention():
    timeline, sentence = sentenced("imprisoned", DETAINED, in_absentia=True)
    assert timeline.expected_release(sentence) is None
    timeline, sentence = sentenced("imprisoned")
    assert timeline.expected_release(sentence) is None


# --- Days held: counted to what the status confirms ---------------------------


def held_since(start, status_as_of, precision="day", status="imprisoned"):
    defender = DefenderFactory(
        status=status, status_as_of=status_as_of, status_as_of_precision=precision
    )
    EventFactory(type="detention", date=start, defenders=[defender])
    return defender


TODAY = datetime.date(2026, 12, 1)


def test_days_held_count_to_today_while_the_status_is_current():
    defender = held_since(datetime.date(2022, 10, 23), TODAY)
    assert Timeline(defender).held_days(TODAY) == (1500, TODAY, False)
    assert held_statement(defender, TODAY) == "1,500 days, to today"


def test_days_held_count_to_an_older_status_at_least():
    defender = held_since(datetime.date(2019, 11, 11), datetime.date(2025, 12, 15))
    assert Timeline(defender).held_days(TODAY) == (
        2226,
        datetime.date(2025, 12, 15),
        True,
    )
    assert held_statement(defender, TODAY) == (
        "at least 2,226 days, to 15 December 2025, the last confirmed status"
    )
    assert total_statement(defender, TODAY) == (
        "at least 2,226 days in detention in total"
    )


def test_a_month_status_counts_to_its_last_day_and_says_the_month():
    defender = held_since(
        datetime.date(2025, 11, 30), datetime.date(2025, 12, 1), precision="month"
    )
    assert Timeline(defender).held_days(TODAY) == (
        31,
        datetime.date(2025, 12, 31),
        True,
    )
    assert held_statement(defender, TODAY) == (
        "at least 31 days, to December 2025, the last confirmed status"
    )
    # A status whose month is this one is current.
    assert Timeline(defender).held_days(datetime.date(2025, 12, 20)) == (
        20,
        datetime.date(2025, 12, 20),
        False,
    )


def test_one_day_is_singular():
    defender = held_since(TODAY - datetime.timedelta(days=1), TODAY)
    assert held_statement(defender, TODAY) == "1 day, to today"


def test_a_detention_recorded_after_the_status_counts_to_it_not_below_zero():
    defender = held_since(datetime.date(2026, 3, 1), datetime.date(2025, 12, 15))
    assert Timeline(defender).held_days(TODAY) == (0, datetime.date(2026, 3, 1), True)


def test_nobody_not_held_has_a_held_statement():
    defender = held_since(
        datetime.date(2021, 7, 14), datetime.date(2025, 12, 15), status="released"
    )
    EventFactory(type="release", date=datetime.date(2025, 12, 13), defenders=[defender])
    days, _counted_to, at_least = Timeline(defender).held_days(TODAY)
    assert (days, at_least) == (None, False)
    assert held_statement(defender, TODAY) == ""
    assert total_statement(defender, TODAY) == "1,613 days in detention in total"


# --- Where the defender is held, and where to write ---------------------------


def test_where_held_is_the_latest_place_and_its_address_unless_their_own():
    from events.factories import DetentionPlaceFactory
    from events.timeline import load_detention_places

    defender = DefenderFactory(status="imprisoned")
    first = DetentionPlaceFactory(name="Pre-trial centre No. 1")
    colony = DetentionPlaceFactory(name="Colony No. 2", postal_address="Colony st 2")
    for day, place, kind in [
        (datetime.date(2021, 7, 14), first, "detention"),
        (datetime.date(2023, 5, 1), colony, "transfer"),
    ]:
        event = EventFactory(type=kind, date=day, defenders=[defender])
        event.detention_place = place
        event.save()
    places = load_detention_places([defender])
    assert Timeline(defender).where_held(places) == (colony, "Colony st 2")
    defender.letter_address = "Their own address"
    assert Timeline(defender).where_held(places) == (colony, "Their own address")
    defender.status = "released"
    assert Timeline(defender).where_held(places) == (None, "")
