"""A case-list sheet as typed rows: each cell read by its column, the names
of places, articles and organizations found in the case file, and each
problem named by its row and column. Nothing here writes."""

import dataclasses
from collections import defaultdict

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cms.caselist import cells
from cms.caselist.columns import COLUMNS, column_named
from cms.caselist.read import FileError, Formula
from defenders.models import Organization
from events.models import Article, DetentionPlace
from records.fuzzydate import display, ends_before
from records.models import Place


@dataclasses.dataclass
class Row:
    number: int  # the row's number in the file (the header is row 1)
    values: dict  # {column key: value}, for the cells that hold one
    errors: list  # [(column header as written, message)]
    headers: dict  # {column key: header as written}
    # [(where in the admin to add it, name)]: what the row names that the
    # case file lacks, for the preview's list of what to add first.
    missing: list = dataclasses.field(default_factory=list)

    def error(self, key, message):
        self.errors.append((self.headers.get(key, key), str(message)))


def file_columns(headers):
    """[Column] in the file's order. Raises FileError naming every unknown,
    repeated or missing column."""
    problems, found, seen = [], [], {}
    for position, header in enumerate(headers, start=1):
        column = column_named(header) if header is not None else None
        if column is None:
            problems.append(
                _("Column %(position)s, “%(header)s”, is not a case-list column.")
                % {"position": position, "header": header or ""}
            )
        elif column.key in seen:
            problems.append(
                _("Columns %(first)s and %(second)s are both “%(key)s”.")
                % {"first": seen[column.key], "second": position, "key": column.key}
            )
        else:
            seen[column.key] = position
        found.append(column)
    for column in COLUMNS:
        if column.required and column.key not in seen:
            problems.append(
                _(
                    "The required column “%(key)s” is missing (in Belarusian "
                    "“%(be)s”, in Russian “%(ru)s”)."
                )
                % {"key": column.key, "be": column.be, "ru": column.ru}
            )
    if problems:
        if any(column is None for column in found):
            problems.append(
                _("The columns are: %(keys)s.")
                % {"keys": ", ".join(column.key for column in COLUMNS)}
            )
        raise FileError(" ".join(problems))
    return found


class CaseFile:
    """The reference records rows name (places, detention places, articles,
    organizations), each found by any of its names, loaded once."""

    def __init__(self):
        self.articles = {article.slug: article for article in Article.objects.all()}
        self.places = by_names(
            Place.objects.all(), lambda p: [p.slug, p.name, *p.other_names.splitlines()]
        )
        self.detention_places = by_names(
            DetentionPlace.objects.all(), lambda p: [p.slug, p.name]
        )
        self.organizations = by_names(
            Organization.objects.all(),
            lambda o: [
                o.slug,
                o.name,
                o.name_be,
                o.name_ru,
                *o.other_names.splitlines(),
            ],
        )

    def find(self, index, name, kind, where):
        """The one record `name` names, or ValueError."""
        found = index.get(cells.normal(name), [])
        if len(found) > 1:
            raise ValueError(
                _("“%(name)s” could be %(found)s: write the slug instead.")
                % {
                    "name": name,
                    "found": get_text_list([f"{r} ({r.slug})" for r in found], _("or")),
                }
            )
        if not found:
            raise Missing(
                _(
                    "There is no %(kind)s “%(name)s” in the case file: add it under "
                    "%(where)s first."
                )
                % {"kind": kind, "name": name, "where": where},
                where=str(where),
                name=name,
            )
        return found[0]


class Missing(ValueError):
    """A name the case file has no record of."""

    def __init__(self, message, where, name):
        super().__init__(message)
        self.where, self.name = where, name


def by_names(records, names):
    index = defaultdict(list)
    for record in records:
        for name in {cells.normal(n) for n in names(record) if n and n.strip()}:
            index[name].append(record)
    return index


def read_rows(sheet):
    """[Row] of a Sheet. Raises FileError when its columns are wrong."""
    columns = file_columns(sheet.headers)
    headers = {
        column.key: header
        for column, header in zip(columns, sheet.headers, strict=True)
    }
    case_file = CaseFile()
    return [
        read_row(number, cells_, columns, headers, case_file)
        for number, cells_ in sheet.rows
    ]


def read_row(number, values, columns, headers, case_file):
    row = Row(number, {}, [], headers)
    for column, value in zip(columns, values, strict=True):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, Formula):
            row.error(
                column.key,
                _("This cell holds a formula (%(formula)s): type its value instead.")
                % {"formula": value.text[:40]},
            )
            continue
        try:
            row.values[column.key] = column.read(value)
        except ValueError as error:
            row.error(column.key, error)
    # Sources are needed for a new person only (plan.py): someone on record
    # may keep the sources they have.
    for column in COLUMNS:
        if column.required and column.key not in row.values and column.key != "sources":
            if not any(column.key == key for key, _message in row.errors):
                row.error(column.key, _("This column needs a value in every row."))
    find_records(row, case_file)
    check_dates(row)
    return row


# (column, the kind of record it names, where in the admin to add one)
LOOKUPS = [
    ("detention_city", "places", _lazy("place"), _lazy("Reference → Places")),
    (
        "detention_place",
        "detention_places",
        _lazy("detention place"),
        _lazy("Reference → Detention places"),
    ),
    (
        "organization",
        "organizations",
        _lazy("organization"),
        _lazy("Case file → Organizations"),
    ),
]


ARTICLES = _lazy("Reference → Articles")


def find_records(row, case_file):
    """Names of the case file's records, as the records."""
    for key, attribute, kind, where in LOOKUPS:
        if key not in row.values:
            continue
        index = getattr(case_file, attribute)
        try:
            row.values[key] = case_file.find(index, row.values[key], kind, where)
        except ValueError as error:
            row.error(key, error)
            if isinstance(error, Missing):
                row.missing.append((error.where, error.name))
            del row.values[key]
    if "articles" in row.values:
        missing = [s for s in row.values["articles"] if s not in case_file.articles]
        row.missing += [(str(ARTICLES), slug) for slug in missing]
        if missing:
            row.error(
                "articles",
                _(
                    "Not in the case file's articles: %(slugs)s. Add them under "
                    "%(where)s first."
                )
                % {"slugs": ", ".join(missing), "where": ARTICLES},
            )
            del row.values["articles"]
        else:
            row.values["articles"] = tuple(
                case_file.articles[slug] for slug in row.values["articles"]
            )


def check_dates(row):
    detained, released = row.values.get("detained_on"), row.values.get("released_on")
    if detained and released and ends_before(released[0], released[1], detained[0]):
        row.error(
            "released_on",
            _("The release (%(released)s) comes before the detention (%(detained)s).")
            % {"released": display(*released), "detained": display(*detained)},
        )
