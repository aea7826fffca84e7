"""`parse_fuzzy`: what a researcher types (or a spreadsheet cell holds) read
as a fuzzy date, or refused with a reason. Nothing is ever moved or filled in.
"""

import datetime
import pickle

import pytest

from records.fuzzydate import (
    FuzzyDay,
    Precision,
    as_typed,
    describe,
    parse_edtf,
    parse_fuzzy,
    when,
)

D = datetime.date
TODAY = D(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.02.2021", (D(2021, 2, 16), "day", False)),
        ("6.2.2021", (D(2021, 2, 6), "day", False)),
        ("15.10.2026", (D(2026, 10, 15), "day", False)),
        ("2021-02-16", (D(2021, 2, 16), "day", False)),
        ("02.2021", (D(2021, 2, 1), "month", False)),
        ("2.2021", (D(2021, 2, 1), "month", False)),
        ("2021-02", (D(2021, 2, 1), "month", False)),
        ("2021", (D(2021, 1, 1), "year", False)),
        ("2021~", (D(2021, 1, 1), "year", True)),
        ("2021 ~", (D(2021, 1, 1), "year", True)),
        ("c. 2021", (D(2021, 1, 1), "year", True)),
        ("c.2021", (D(2021, 1, 1), "year", True)),
        ("C. 02.2021", (D(2021, 2, 1), "month", True)),
        ("c. 16.02.2021", (D(2021, 2, 16), "day", True)),
        ("2021-02-16~", (D(2021, 2, 16), "day", True)),
        ("  16.02.2021  ", (D(2021, 2, 16), "day", False)),
        ("29.02.2024", (D(2024, 2, 29), "day", False)),
    ],
)
def test_reads_every_accepted_form(text, expected):
    assert parse_fuzzy(text) == expected


def test_spreadsheet_cells_are_read_as_days_or_years():
    assert parse_fuzzy(D(2021, 2, 16)) == (D(2021, 2, 16), "day", False)
    cell = datetime.datetime(2021, 2, 16, 0, 0)
    assert parse_fuzzy(cell) == (D(2021, 2, 16), "day", False)
    assert parse_fuzzy(2021) == (D(2021, 1, 1), "year", False)
    day, _precision, _approximate = parse_fuzzy(cell)
    assert type(day) is D


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2021-02-30", "February 2021 has no day 30: it has 28 days."),
        ("30.02.2021", "February 2021 has no day 30"),
        ("29.02.2023", "February 2023 has no day 29"),
        ("00.02.2021", "has no day 0"),
        ("2021-13", "There is no month 13"),
        ("13.2021", "There is no month 13"),
        ("16/02/2021", "“16/02/2021” is not a date Docket can read."),
        ("16 February 2021", "is not a date Docket can read."),
        ("02/16/2021", "is not a date Docket can read."),
        ("16.02.21", "is not a date Docket can read."),
        ("21", "is not a date Docket can read."),
        ("2021-2-16-1", "is not a date Docket can read."),
        ("~", "“~” is not a date Docket can read."),
        ("", "Enter a date"),
        ("0221", "too early"),
        ("yesterday", "Write a day as 16.02.2021 or 2021-02-16"),
    ],
)
def test_refuses_anything_else_with_a_reason(text, reason):
    with pytest.raises(ValueError) as refusal:
        parse_fuzzy(text)
    assert reason in str(refusal.value)


@pytest.mark.parametrize("value", [None, 2021.5, True, ["2021"]])
def test_refuses_what_is_not_text_a_date_or_a_year(value):
    with pytest.raises(ValueError, match="Not a date"):
        parse_fuzzy(value)


def test_future_dates_are_refused_only_when_the_model_says_so():
    assert parse_fuzzy("15.10.2027", today=TODAY)[0] == D(2027, 10, 15)
    with pytest.raises(ValueError) as refusal:
        parse_fuzzy("15.10.2027", allow_future=False, today=TODAY)
    assert str(refusal.value) == (
        "This date is in the future: 15 October 2027 comes after today, "
        "1 December 2026."
    )
    # A month or a year is in the future only when it begins after today.
    assert parse_fuzzy("12.2026", allow_future=False, today=TODAY)[1] == "month"
    assert parse_fuzzy("2026", allow_future=False, today=TODAY)[1] == "year"
    with pytest.raises(ValueError):
        parse_fuzzy("2027", allow_future=False, today=TODAY)


@pytest.mark.parametrize(
    "text", ["16.02.2021", "02.2021", "2021", "c. 2021", "c. 16.02.2021"]
)
def test_what_the_field_shows_reads_back_the_same(text):
    assert as_typed(*parse_fuzzy(text)) == text


def test_describe_says_how_it_was_read():
    assert describe(*parse_fuzzy("16.02.2021")) == "16 February 2021 (day)"
    assert describe(*parse_fuzzy("2021-02")) == "February 2021 (month)"
    assert describe(*parse_fuzzy("2021~")) == "c. 2021 (year, approximate)"


def test_a_fuzzy_day_is_a_date_that_keeps_its_precision():
    day = FuzzyDay(2021, 2, 1, Precision.MONTH, True)
    assert day == D(2021, 2, 1) and day < D(2021, 2, 2)
    assert day.parts == (D(2021, 2, 1), "month", True)
    assert type(day.parts[0]) is D
    copy = pickle.loads(pickle.dumps(day))  # noqa: S301 (our own value, as a cache)
    assert copy.parts == day.parts and isinstance(copy, FuzzyDay)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("2021-02-16", "on 16 February 2021"),
        ("2022-09", "in September 2022"),
        ("2021", "in 2021"),
        ("2021-02~", "around February 2021"),
    ],
)
def test_a_date_after_a_verb_takes_the_preposition_its_precision_needs(text, phrase):
    assert when(*parse_edtf(text)) == phrase
