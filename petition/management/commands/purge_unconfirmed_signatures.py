import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from petition.models import Signature


class Command(BaseCommand):
    help = (
        "Delete signatures never confirmed within --days (default 30). "
        "Run it daily (cron, a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        # Unconfirmed signatures were never counted: a bulk delete is exact.
        deleted, _ = Signature.objects.filter(
            confirmed_at__isnull=True, created_at__lt=cutoff
        ).delete()
        self.stdout.write(
            f"Deleted {deleted} unconfirmed signature(s) older than {days} days."
        )
