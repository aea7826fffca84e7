from django.core.management.base import BaseCommand

from petition.tasks import queues, send_due


class Command(BaseCommand):
    help = (
        "Send every petition email that is due: those never tried, and failed "
        "ones whose wait before the next attempt is over (petition/tasks.py). "
        "Safe to run while others run it or db_worker works: an email is "
        "claimed before it is sent, so none goes out twice. "
        "With TASKS_BACKEND=immediate (no worker), run it every minute: cron "
        "'* * * * * manage.py send_pending_emails', or a systemd timer with "
        "OnUnitActiveSec=60s (or less, for quicker retries). "
        "With TASKS_BACKEND=database, `manage.py db_worker` makes every attempt "
        "at its time and this command is not needed (running it does no harm)."
    )

    def handle(self, *args, **options):
        sent, failed = send_due()
        if options["verbosity"] and (sent or failed or not queues()):
            self.stdout.write(f"{sent} sent, {failed} failed (retried later).")
