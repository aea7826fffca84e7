"""CSV exports of a petition's confirmed signatures.

Delivery: names and countries only, for handing the petition over. Full: with
emails and choices, under its own permission. An anonymised signature (see
Signature) still counts and keeps its country; its name and email read
"(anonymised)". No cell can start a spreadsheet
formula (OWASP "CSV injection"): a cell starting with = + - @ tab or CR is
prefixed with an apostrophe.
"""

import csv

from django.http import HttpResponse
from django.utils import timezone

from petition.countries import COUNTRY_NAMES
from petition.models import ANONYMISED

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def confirmed(petition):
    return petition.signatures.filter(confirmed_at__isnull=False).order_by(
        "confirmed_at", "pk"
    )


def delivery_rows(petition):
    yield ["name", "country"]
    for s in confirmed(petition).only("name", "country", "anonymised_at"):
        yield [s.signer(), COUNTRY_NAMES.get(s.country, s.country)]


def full_rows(petition):
    yield [
        "name",
        "email",
        "country",
        "show_first_name",
        "keep_informed",
        "signed_at",
        "confirmed_at",
    ]
    for s in confirmed(petition):
        yield [
            s.signer(),
            ANONYMISED if s.anonymised_at else s.email,
            COUNTRY_NAMES.get(s.country, s.country),
            "yes" if s.show_first_name else "no",
            "yes" if s.keep_informed else "no",
            s.created_at.isoformat(),
            s.confirmed_at.isoformat(),
        ]


def csv_response(rows, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response


def export_filename(petition, kind):
    return f"{petition.slug}-{kind}-{timezone.now():%Y-%m-%d}.csv"
