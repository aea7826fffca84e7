"""`manage.py export_case_list FILE`: the case list in the import format
(DESIGN §8), as CSV or XLSX by the file's extension; `--template` writes
the blank template instead. Exports hold private notes: keep them private."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.caselist.export import export, template


class Command(BaseCommand):
    help = "Export the case list (or its blank template) as CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--template",
            action="store_true",
            dest="blank",
            help="Write the blank template.",
        )

    def handle(self, *args, file, blank, **options):
        kind = file.suffix.lower().lstrip(".")
        if kind not in ("csv", "xlsx"):
            raise CommandError("Name a .csv or .xlsx file.")
        make = template if blank else export
        try:
            file.write_bytes(make(kind))
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from None
        self.stdout.write(f"Written to {file}.")
