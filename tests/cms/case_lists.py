"""Case-list files built in tests, and the case file they name: every
person fictional. Shared by tests/cms/test_case_list_*.py."""

import csv
import io

from defenders.factories import OrganizationFactory
from events.factories import ArticleFactory, DetentionPlaceFactory
from records.factories import PlaceFactory

HEADER = [
    "name",
    "name_be",
    "name_ru",
    "status",
    "status_as_of",
    "detained_on",
    "detention_city",
    "articles",
    "verdict_on",
    "sentence",
    "regime",
    "detention_place",
    "sources",
    "private_notes",
]
PRIVATE_NOTE = "SENTINEL-import-private-note-x91"


def person(n=1, **cells):
    """One row, as {column: cell}."""
    row = {
        "name": f"Testperson Fictional {n:04d}",
        "name_be": f"Тэстасоба {n:04d}",
        "name_ru": f"Тестперсона {n:04d}",
        "status": "imprisoned",
        "status_as_of": "12.2025",
        "detained_on": "14.07.2021",
        "detention_city": "Minsk",
        "articles": "342-1",
        "verdict_on": "03.03.2023",
        "sentence": "3 years 6 months",
        "regime": "reinforced",
        "detention_place": "Penal colony No. 1",
        "sources": f"https://example.org/case-list/{n}",
        "private_notes": PRIVATE_NOTE,
    }
    row.update(cells)
    return row


def rows_of(people, header=None):
    if header is None:
        header = list(people[0]) if people else list(HEADER)
    return [header, *([p.get(key, "") for key in header] for p in people)]


def csv_bytes(rows, encoding="utf-8", delimiter=",", bom=False):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    data = out.getvalue().encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(rows, edit=None):
    """An XLSX workbook of `rows`; `edit(sheet)` may change it first."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_case_file():
    """What the rows name: articles, a city in three spellings, a colony and
    an organization."""
    return {
        "articles": [
            ArticleFactory(number="342", part="1"),
            ArticleFactory(number="342", part="2"),
            ArticleFactory(number="411", part=""),
        ],
        "minsk": PlaceFactory(name="Minsk", other_names="Мінск\nМинск"),
        "colony": DetentionPlaceFactory(name="Penal colony No. 1"),
        "viasna": OrganizationFactory(name="Viasna", slug="viasna"),
    }
