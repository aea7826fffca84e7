import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from petition.models import Email, Signature


class Command(BaseCommand):
    help = (
        "Anonymise the signatures of petitions closed (past their deadline, or "
        "unpublished) more than --days ago (default PETITION_ANONYMISE_AFTER_DAYS): "
        "the name and email are emptied, the country, the confirmation time and "
        "every count stay. Unconfirmed signatures are deleted: they were never "
        "counted. Run it daily (cron, a systemd timer); running it again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)
        parser.add_argument(
            "--dry-run", action="store_true", help="Count, change nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        if days is None:
            days = settings.PETITION_ANONYMISE_AFTER_DAYS
        now = timezone.now()
        due = Signature.objects.of_petitions_closed_before(
            now - datetime.timedelta(days=days)
        ).filter(anonymised_at__isnull=True)
        confirmed = due.filter(confirmed_at__isnull=False)
        unconfirmed = due.filter(confirmed_at__isnull=True)
        if dry_run:
            anonymised, deleted = confirmed.count(), unconfirmed.count()
        else:
            with transaction.atomic():
                # Nothing is left to send them, and the outbox would keep
                # saying who was emailed when.
                Email.objects.filter(signature__in=confirmed).delete()
                anonymised = confirmed.update(
                    name="",
                    email="",
                    show_first_name=False,
                    keep_informed=False,
                    anonymised_at=now,
                )
                # Never counted: a bulk delete is exact, as in the purge.
                deleted = unconfirmed.delete()[1].get("petition.Signature", 0)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {anonymised} confirmed signature(s) and "
            f"{'would delete' if dry_run else 'deleted'} {deleted} unconfirmed "
            f"one(s) of petitions closed more than {days} days ago."
        )
