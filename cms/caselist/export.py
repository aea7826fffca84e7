"""The case list out, in the format it comes in (DESIGN §8), and the blank
template researchers start from.

An export holds private notes: it is for the team, never for publication.
Importing an export back changes nothing (`people.Person.cells`).
"""

import csv
import io

from django.utils.translation import gettext as _

from cms.caselist.columns import COLUMNS
from cms.caselist.people import people_of
from defenders.models import Defender

HEADERS = [column.key for column in COLUMNS]
# People loaded at a time: a long case list is written in bounded memory.
CHUNK = 1000


def case_list():
    """Every defender's row ({column: text}), by name."""
    pks = list(Defender.objects.order_by("name", "pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        people = people_of(Defender.objects.filter(pk__in=chunk))
        for pk in chunk:
            yield people[pk].cells()


def example_row():
    return {column.key: column.example for column in COLUMNS}


def to_csv(rows):
    """UTF-8 with a BOM, which Excel needs to read the Cyrillic."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows, descriptions=False):
    """The rows as the first sheet of a workbook; with `descriptions`, each
    header carries a comment and a second sheet describes every column."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Case list"))
    headers = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.key)
        if descriptions:
            cell.comment = Comment(describe(column), "Docket")
        headers.append(cell)
    sheet.append(headers)
    for row in rows:
        # Text cells, so that Excel keeps "02.2021" a month, not a day.
        sheet.append([row[key] for key in HEADERS])
    if descriptions:
        about = workbook.create_sheet(_("Columns"))
        about.append(
            [
                _("column"),
                _("in Belarusian"),
                _("in Russian"),
                _("required"),
                _("what it holds"),
            ]
        )
        for column in COLUMNS:
            about.append(
                [
                    column.key,
                    column.be,
                    column.ru,
                    _("yes") if column.required else _("no"),
                    str(column.description),
                ]
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def describe(column):
    required = _("Required.") if column.required else _("Optional.")
    return f"{column.description} {required} ({column.be} / {column.ru})"


def template(kind):
    """The blank template with one fictional example row."""
    if kind == "xlsx":
        return to_xlsx([example_row()], descriptions=True)
    return to_csv([example_row()])


def export(kind):
    rows = case_list()
    return to_xlsx(rows) if kind == "xlsx" else to_csv(rows)
