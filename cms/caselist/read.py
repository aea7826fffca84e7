"""A case-list file as rows of cells, as Excel and LibreOffice write them.

XLSX (the first sheet; date cells as dates) or CSV (UTF-8 with or without a
BOM, or Windows-1251; comma or semicolon). What cannot be read as a case
list at all (empty, too big, not a spreadsheet, merged cells) is a
`FileError` whose message tells the researcher what to do; a formula is an
error of its own cell (`Formula`), reported with its row and column.
"""

import csv
import dataclasses
import datetime
import io
import re
import unicodedata

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from records.fuzzydate import FuzzyDay, Precision
from records.public import grouped

# Past these a file is not a case list, whatever it holds.
MAX_ROWS = 20_000
MAX_COLUMNS = 100

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls, and other old Office files


class FileError(ValueError):
    """The file as a whole cannot be read as a case list."""


@dataclasses.dataclass(frozen=True)
class Formula:
    """A cell holding a formula rather than a value."""

    text: str


@dataclasses.dataclass
class Sheet:
    headers: list  # the first row, as written
    rows: list  # [(row number in the file, [cell values])], blank rows left out
    kind: str  # "XLSX" or "CSV"


def max_bytes():
    return settings.CASE_LIST_MAX_BYTES


def check_size(size):
    if size > max_bytes():
        raise FileError(
            _("The file is %(size)s; a case list can be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )


def read(data):
    """The file's bytes as a Sheet. Raises FileError."""
    check_size(len(data))
    if not data.strip():
        raise FileError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise FileError(_("This is an old Excel (.xls) file: save it as .xlsx or CSV."))
    if data.startswith(XLSX_MAGIC):
        headers, rows, kind = *read_xlsx(data), "XLSX"
    else:
        headers, rows, kind = *read_csv(data), "CSV"
    return sheet(headers, rows, kind)


def sheet(headers, rows, kind):
    headers = list(headers)
    while headers and blank(headers[-1]):
        headers.pop()
    if not headers:
        raise FileError(_("The first row is empty: it must hold the column names."))
    if len(headers) > MAX_COLUMNS:
        raise FileError(
            _("The file has %(count)s columns; a case list has at most %(max)s.")
            % {"count": len(headers), "max": MAX_COLUMNS}
        )
    kept = []
    for number, cells in rows:
        if all(blank(cell) for cell in cells):
            continue
        if len(kept) == MAX_ROWS:
            raise FileError(
                _("The file has more than %(max)s rows: split it into several files.")
                % {"max": grouped(MAX_ROWS)}
            )
        if any(not blank(cell) for cell in cells[len(headers) :]):
            raise FileError(
                _(
                    "Row %(row)s has a value in column %(column)s, which has no "
                    "name in the first row."
                )
                % {"row": number, "column": len(headers) + 1}
            )
        cells = list(cells[: len(headers)])
        cells += [None] * (len(headers) - len(cells))
        kept.append((number, cells))
    return Sheet(headers, kept, kind)


def blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


# CSV ------------------------------------------------------------------------


def decode(data):
    """UTF-8 (with or without a BOM), else Windows-1251."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise FileError(not_a_spreadsheet()) from None


def not_a_spreadsheet():
    return _(
        "This file is not a spreadsheet Docket can read: upload an XLSX file "
        "or a CSV file (comma or semicolon separated)."
    )


def read_csv(data):
    text = decode(data)
    if any(
        unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in text
    ):
        raise FileError(not_a_spreadsheet())
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # Column names hold neither separator, so the first line tells which.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise FileError(
            _("The CSV file is damaged (%(error)s).") % {"error": error}
        ) from None
    if not rows:
        raise FileError(_("The file is empty."))
    return rows[0], list(enumerate(rows[1:], start=2))


# XLSX -----------------------------------------------------------------------


def read_xlsx(data):
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; data_only=False keeps formulas as
        # formulas, so they are refused rather than read as their last value.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a file it cannot read
        raise FileError(not_a_spreadsheet()) from None
    try:
        if not workbook.worksheets:
            raise FileError(_("The workbook has no sheet."))
        worksheet = workbook.worksheets[0]
        merged = merged_ranges(worksheet)
        if merged:
            raise FileError(
                _(
                    "The first sheet has merged cells (%(ranges)s): unmerge them, "
                    "so that each cell holds its own value."
                )
                % {"ranges": ", ".join(merged[:10])}
            )
        rows = []
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            values = [cell_value(cell) for cell in row]
            if number > 1 and all(blank(value) for value in values):
                continue  # Excel keeps styled empty rows
            rows.append((number, values))
            if len(rows) > MAX_ROWS + 1:
                break  # `sheet` refuses the count
    except FileError:
        raise
    except Exception:
        raise FileError(not_a_spreadsheet()) from None
    finally:
        workbook.close()
    if not rows:
        raise FileError(_("The file is empty."))
    (_first, headers), *rest = rows
    return [header_text(header) for header in headers], rest


def header_text(header):
    if isinstance(header, Formula):
        return header.text
    return header if header is None or isinstance(header, str) else str(header)


# The sheet's merged ranges come after its cells (the schema fixes the
# order): "<mergeCells><mergeCell ref="A2:A3"/>…". Names and values cannot
# hold "<" unescaped, so the bytes tell.
MERGE_CELLS = b"mergeCells"
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"')


def merged_ranges(worksheet):
    """The sheet's merged ranges ("A2:A3"), which openpyxl's read-only mode
    does not read: found in the sheet's XML, read once more as bytes (far
    quicker than parsing it again)."""
    found, tail = None, b""
    with worksheet._get_source() as source:
        while chunk := source.read(1 << 20):
            text = tail + chunk
            if found is None:
                at = text.find(MERGE_CELLS)
                if at < 0:
                    tail = text[-len(MERGE_CELLS) :]
                    continue
                found, text = b"", text[at:]
            found += text
            tail = b""
    return [ref.decode() for ref in MERGE_CELL.findall(found or b"")]


def cell_value(cell):
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f":
        return Formula(str(value))
    if isinstance(value, datetime.date):  # a datetime too
        return date_cell(value, cell.number_format)
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return value


def date_cell(value, number_format):
    """A date cell as a FuzzyDay: one formatted "mm.yyyy" means a month,
    "yyyy" a year, anything with a day a day."""
    codes = number_format.lower().split(";")[0]
    if "d" in codes:
        return FuzzyDay(value.year, value.month, value.day, Precision.DAY)
    if "m" in codes:
        return FuzzyDay(value.year, value.month, 1, Precision.MONTH)
    return FuzzyDay(value.year, 1, 1, Precision.YEAR)
