"""`manage.py import_case_list FILE [--dry-run]`: a case list (DESIGN §8)
into the case file as drafts for review, as the admin's Case file → Import.

Prints one line per bad row (`row N, column C: message`) and last
`N new, N updated, N unchanged, N errors`. With any error it exits 1 and
writes nothing; --dry-run never writes."""

import hashlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.caselist.plan import plan_file
from cms.caselist.read import FileError, check_size
from cms.caselist.write import write


class Command(BaseCommand):
    help = "Import a case list (CSV or XLSX) as drafts for review."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--user", help="The username the audit log names as the importer."
        )

    def handle(self, *args, file, dry_run, user, **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named “{user}”.")
        try:
            check_size(file.stat().st_size)
            data = file.read_bytes()
            plan = plan_file(data)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from None
        except FileError as error:
            raise CommandError(f"{file}: {error}") from None
        for row in plan.rows:
            if row.errors:
                said = "; ".join(f"column {c}: {m}" for c, m in row.errors)
                self.stdout.write(f"row {row.number}, {said}")
        self.stdout.write(plan.summary())
        if plan.has_errors:
            raise SystemExit(1)
        if not dry_run:
            write(
                plan,
                name=file.name,
                sha256=hashlib.sha256(data).hexdigest(),
                user=importer,
            )
