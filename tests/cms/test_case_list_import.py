"""Importing a case list from the command line (`import_case_list`): the
files researchers really have, what each row becomes, matching people, and
the rule that a file with any error writes nothing."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import ModelLogEntry, Revision

from cms.caselist import cells
from cms.models import CaseListImport
from defenders.factories import DefenderFactory
from defenders.models import Defender
from events.models import Charge, Event, Sentence
from records.models import Source
from tests.cms.case_lists import (
    PRIVATE_NOTE,
    csv_bytes,
    make_case_file,
    person,
    rows_of,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_file(db):
    return make_case_file()


def run(path, *args):
    """(exit code, printed lines) of `import_case_list`."""
    out = io.StringIO()
    try:
        call_command("import_case_list", str(path), *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue().splitlines()


def written():
    """How much of the case file there is: it must not move on an error."""
    return (
        Defender.objects.count(),
        Event.objects.count(),
        Charge.objects.count(),
        Sentence.objects.count(),
        Source.objects.count(),
        Revision.objects.count(),
        CaseListImport.objects.count(),
    )


def file(tmp_path, data, name="case-list.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_new_people_are_written_as_drafts_with_their_records(tmp_path, case_file):
    path = file(tmp_path, csv_bytes(rows_of([person(1), person(2, articles="")])))

    code, lines = run(path)

    assert code == 0
    assert lines[-1] == "2 new, 0 updated, 0 unchanged, 0 errors"
    first = Defender.objects.get(name="Testperson Fictional 0001")
    assert not first.live and first.latest_revision is not None
    assert first.name_be == "Тэстасоба 0001"
    assert first.status == "imprisoned"
    assert (first.status_as_of, first.status_as_of_precision) == (
        datetime.date(2025, 12, 1),
        "month",
    )
    assert first.private_notes == PRIVATE_NOTE
    assert [s.url for s in first.sources.all()] == ["https://example.org/case-list/1"]
    detention = Event.objects.get(participants__defender=first)
    assert detention.type == "detention" and not detention.live
    assert detention.date == datetime.date(2021, 7, 14)
    assert list(detention.places.all()) == [case_file["minsk"]]
    assert detention.detention_place == case_file["colony"]
    charge = Charge.objects.get(defender=first)
    assert charge.article.slug == "342-1" and charge.outcome == "unknown"
    sentence = Sentence.objects.get(defender=first)
    assert (sentence.term_months, sentence.regime) == (42, "reinforced")
    assert not Charge.objects.filter(defender__name__endswith="0002").exists()


def test_an_import_is_one_batch_in_review_and_the_log_says_who_imported_it(
    tmp_path, case_file, researcher
):
    path = file(tmp_path, csv_bytes(rows_of([person(1)])))

    call_command("import_case_list", str(path), user="researcher", stdout=io.StringIO())

    batch = CaseListImport.objects.get()
    assert batch.title == "case-list.csv"
    assert batch.workflow_in_progress and not batch.live
    # The defender, the detention, the charge, the sentence and the source.
    assert batch.records.count() == 5
    entry = ModelLogEntry.objects.get(action="docket.import_case_list")
    assert entry.user == researcher
    assert entry.message == "Imported case-list.csv: 1 new, 0 updated"


def test_dry_run_reports_and_writes_nothing(tmp_path, case_file):
    path = file(tmp_path, csv_bytes(rows_of([person(1), person(2)])))
    before = written()

    code, lines = run(path, "--dry-run")

    assert (code, lines[-1]) == (0, "2 new, 0 updated, 0 unchanged, 0 errors")
    assert written() == before


def test_importing_the_same_file_again_changes_nothing(tmp_path, case_file):
    path = file(tmp_path, xlsx_bytes(rows_of([person(1), person(2)])), "list.xlsx")
    run(path)
    before = written()

    code, lines = run(path)

    assert (code, lines[-1]) == (0, "0 new, 0 updated, 2 unchanged, 0 errors")
    assert written() == before


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_written(
    tmp_path, case_file
):
    people = [
        person(1),
        person(2, detained_on="31.02.2021"),
        person(3, status="flying", sentence="forever"),
    ]
    path = file(tmp_path, csv_bytes(rows_of(people)))
    before = written()

    code, lines = run(path)

    assert code == 1
    assert lines[0].startswith("row 3, column detained_on: February 2021 has no day 31")
    assert lines[1].startswith("row 4, column status: “flying” is not a status")
    assert "column sentence: “forever” is not a term" in lines[1]
    assert lines[-1] == "1 new, 0 updated, 0 unchanged, 2 errors"
    assert written() == before


def test_one_bad_row_among_five_thousand_writes_nothing(tmp_path, case_file):
    people = [
        person(n, articles="", verdict_on="", sentence="", regime="")
        for n in range(1, 5001)
    ]
    people[4321]["released_on"] = "01.01.2020"  # before its detention
    header = [*people[0], "released_on"]
    path = file(tmp_path, csv_bytes(rows_of(people, header)))
    before = written()

    code, lines = run(path)

    assert code == 1
    assert lines == [
        "row 4323, column released_on: The release (1 January 2020) comes before "
        "the detention (14 July 2021).",
        "4999 new, 0 updated, 0 unchanged, 1 errors",
    ]
    assert written() == before


# Files as Excel and LibreOffice write them ---------------------------------


def test_windows_1251_with_semicolons_and_russian_headers(tmp_path, case_file):
    header = ["имя", "имя по-русски", "статус", "статус на дату", "источники"]
    rows = [
        header,
        ["Testperson Cyrillic", "Тестперсона Кириллица", "под стражей", "2025",
         "https://example.org/r/1"],
    ]  # fmt: skip
    path = file(tmp_path, csv_bytes(rows, encoding="cp1251", delimiter=";"))

    code, lines = run(path)

    assert (code, lines[-1]) == (0, "1 new, 0 updated, 0 unchanged, 0 errors")
    defender = Defender.objects.get()
    assert defender.name_ru == "Тестперсона Кириллица"
    assert defender.status == "detained"
    assert defender.status_as_of_precision == "year"


def test_utf8_with_a_bom_and_belarusian_headers(tmp_path, case_file):
    header = ["імя", "імя па-беларуску", "статус", "статус на дату", "крыніцы"]
    rows = [
        header,
        ["Testperson Latin", "Тэстасоба Беларуская", "вызвалены", "c. 2025",
         "https://example.org/r/2 https://example.org/r/3"],
    ]  # fmt: skip
    path = file(tmp_path, csv_bytes(rows, bom=True))

    assert run(path)[0] == 0
    defender = Defender.objects.get()
    assert defender.name_be == "Тэстасоба Беларуская"
    assert defender.status == "released"
    assert defender.status_as_of_approximate
    assert defender.sources.count() == 2


def test_xlsx_date_cells_numbers_and_lists(tmp_path, case_file):
    header = ["name", "birth_year", "status", "status_as_of", "detained_on",
              "articles", "verdict_on", "sentence", "sources"]  # fmt: skip
    rows = [
        header,
        ["Testperson Dates", 1975, "imprisoned", datetime.date(2025, 12, 1),
         datetime.datetime(2021, 7, 14), "342-1; 342 ч. 2, 411",
         datetime.date(2023, 3, 3), 120,
         "https://example.org/r/4; https://example.org/r/5"],
    ]  # fmt: skip

    def month_format(sheet):
        sheet["D2"].number_format = "mm.yyyy"  # a month, though a date cell

    path = file(tmp_path, xlsx_bytes(rows, month_format), "dates.xlsx")

    assert run(path)[0] == 0
    defender = Defender.objects.get()
    assert defender.birth_year == 1975
    assert defender.status_as_of_precision == "month"
    detention = Event.objects.get()
    assert (detention.date, detention.date_precision) == (
        datetime.date(2021, 7, 14),
        "day",
    )
    assert sorted(c.article.slug for c in defender.charges.all()) == [
        "342-1",
        "342-2",
        "411",
    ]
    assert defender.sentences.get().term_months == 120
    assert defender.sources.count() == 2


@pytest.mark.parametrize(
    "written, months",
    [
        ("120", 120),
        ("10 years", 120),
        ("3 years 6 months", 42),
        ("3 years and 6 months", 42),
        ("10 гадоў", 120),
        ("3 года 6 месяцев", 42),
        ("1 год", 12),
        ("6 месяцаў", 6),
        ("2 гады 1 месяц", 25),
    ],
)
def test_sentences_as_months_or_text(written, months):
    assert cells.sentence_months(written) == months


@pytest.mark.parametrize("written", ["forever", "0", "10 parsecs", "51 years", "-3"])
def test_a_term_that_cannot_be_read_is_refused(written):
    with pytest.raises(ValueError, match="term"):
        cells.sentence_months(written)


# Bad files: a clear message, nothing written --------------------------------


def merged(sheet):
    sheet.merge_cells("A2:B2")


def formula(sheet):
    sheet["B2"] = "=1+1"


BAD_FILES = [
    ("empty", lambda: b"", "The file is empty."),
    ("blank", lambda: b"\n\n  \n", "The file is empty."),
    (
        "not a spreadsheet",
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "not a spreadsheet",
    ),
    ("a zip that is not a workbook", lambda: b"PK\x03\x04garbage", "not a spreadsheet"),
    ("old Excel", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, ".xls"),
    (
        "an unknown column",
        lambda: csv_bytes(rows_of([{**person(1), "shoe size": "42"}])),
        "“shoe size”, is not a case-list column",
    ),
    (
        "a missing required column",
        lambda: csv_bytes(rows_of([person(1)], ["name", "status", "sources"])),
        "The required column “status_as_of” is missing",
    ),
    (
        "merged cells",
        lambda: xlsx_bytes(rows_of([person(1)]), merged),
        "merged cells (A2:B2)",
    ),
    (
        "a value under no column",
        lambda: csv_bytes([["name", "status"], ["x", "imprisoned", "stray"]]),
        "Row 2 has a value in column 3, which has no name",
    ),
    ("header only", lambda: csv_bytes([list(person(1))]), "0 new"),
]


@pytest.mark.parametrize(
    "case, data, message", BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_a_bad_file_gets_a_clear_message_and_writes_nothing(
    tmp_path, case_file, case, data, message
):
    path = file(tmp_path, data())
    before = written()

    try:
        code, lines = run(path)
        said = "\n".join(lines)
    except CommandError as error:
        code, said = 1, str(error)

    assert message in said
    assert code == (0 if case == "header only" else 1)
    assert written() == before


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, case_file):
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # 50 MB

    with pytest.raises(
        CommandError, match=r"is 50.0\sMB; a case list can be at most 10.0\sMB"
    ):
        run(path)


@pytest.mark.parametrize(
    "cells_, column, message",
    [
        ({"status_as_of": "01.01.2099"}, "status_as_of", "This date is in the future"),
        ({"detained_on": "2021", "released_on": "2020"}, "released_on", "comes before"),
        ({"articles": "342-9"}, "articles", "Not in the case file's articles: 342-9"),
        ({"detention_city": "Atlantis"}, "detention_city", "no place “Atlantis”"),
        ({"sources": "not a url"}, "sources", "is not a web address"),
        ({"name": "Тест Кірыліцай"}, "name", "Latin letters"),
        ({"birth_year": "16.02.1980"}, "birth_year", "birth year only"),
    ],
)
def test_bad_cells_are_named_by_row_and_column(
    tmp_path, case_file, cells_, column, message
):
    row = person(1, **cells_)
    header = list(dict.fromkeys([*person(1), *cells_]))
    path = file(tmp_path, csv_bytes(rows_of([row], header)))

    code, lines = run(path)

    assert code == 1
    assert lines[0].startswith(f"row 2, column {column}: ")
    assert message in lines[0]


def test_a_formula_is_refused_in_its_cell(tmp_path, case_file):
    path = file(tmp_path, xlsx_bytes(rows_of([person(1)]), formula), "f.xlsx")
    before = written()

    code, lines = run(path)

    assert code == 1
    assert lines[0] == (
        "row 2, column name_be: This cell holds a formula (=1+1): type its value "
        "instead."
    )
    assert written() == before


# Matching: the same person, found by slug or by any name ------------------


def test_a_row_matches_a_person_by_slug_and_updates_them(tmp_path, case_file):
    defender = DefenderFactory(name="Old Spelling", slug="testperson-one")
    row = {**person(1, status="released"), "slug": "testperson-one"}
    path = file(tmp_path, csv_bytes(rows_of([row])))

    code, lines = run(path)

    assert (code, lines[-1]) == (0, "0 new, 1 updated, 0 unchanged, 0 errors")
    defender.refresh_from_db()
    # Live stays as published until the batch is approved; the draft has it.
    assert (defender.name, defender.status) == ("Old Spelling", "imprisoned")
    draft = defender.get_latest_revision_as_object()
    assert (draft.name, draft.status) == ("Testperson Fictional 0001", "released")
    assert defender.has_unpublished_changes


def test_a_row_matches_by_any_name_in_any_column_whatever_the_case(tmp_path, case_file):
    defender = DefenderFactory(
        name="Testperson Fictional 0001", name_ru="Тестперсона Один"
    )
    # The Russian name, differently cased and spaced, among other spellings.
    row = person(1, name="Testperson Other", name_be="", name_ru="")
    row["other_names"] = "  тестперсона   один "
    path = file(tmp_path, csv_bytes(rows_of([row])))

    code, lines = run(path, "--dry-run")

    assert (code, lines[-1]) == (0, "0 new, 1 updated, 0 unchanged, 0 errors")
    assert Defender.objects.count() == 1 and defender.pk


def test_a_row_that_could_be_two_people_is_an_error(tmp_path, case_file):
    DefenderFactory(name="Testperson Fictional 0001", slug="one")
    DefenderFactory(name="Someone Else", name_be="Тэстасоба 0001", slug="two")
    path = file(tmp_path, csv_bytes(rows_of([person(1)])))

    code, lines = run(path)

    assert code == 1
    assert lines[0].startswith("row 2, column name: This row could be ")
    assert "(one)" in lines[0] and "(two)" in lines[0]


def test_an_unknown_slug_for_a_known_name_is_an_error(tmp_path, case_file):
    DefenderFactory(name="Testperson Fictional 0001", slug="the-real-slug")
    row = {**person(1), "slug": "another-slug"}
    path = file(tmp_path, csv_bytes(rows_of([row])))

    code, lines = run(path)

    assert code == 1
    assert "column slug: No record has the slug “another-slug”" in lines[0]
    assert "the-real-slug" in lines[0]


def test_the_same_person_twice_in_a_file_is_an_error(tmp_path, case_file):
    path = file(tmp_path, csv_bytes(rows_of([person(1), person(1, status="released")])))

    code, lines = run(path)

    assert code == 1
    assert lines[0] == (
        "row 3, column name: This row is the same person as row 2: one row per person."
    )


def test_a_row_matches_by_a_romanisation_of_a_cyrillic_name_in_any_word_order(
    tmp_path, case_file
):
    # Entered as Belarusian Cyrillic only; the file spells it as Russian-style
    # romanisation, surname first (records.names.name_keys).
    DefenderFactory(name="Testperson Other", name_be="Тэставы Бяляцкі")
    row = person(1, name="Byalyatski Testavy", name_be="", name_ru="")
    path = file(tmp_path, csv_bytes(rows_of([row])))

    code, lines = run(path, "--dry-run")

    assert (code, lines[-1]) == (0, "0 new, 1 updated, 0 unchanged, 0 errors")


def test_two_spellings_of_one_new_person_in_a_file_are_an_error(tmp_path, case_file):
    first = person(1, name="Testavy Bialiatski", name_be="Тэставы Бяляцкі")
    second = person(2, name="Testavy Byalyatski", name_be="", name_ru="")
    path = file(tmp_path, csv_bytes(rows_of([first, second])))

    code, lines = run(path)

    assert code == 1
    assert lines[0] == (
        "row 3, column name: This row is the same person as row 2: one row per person."
    )
