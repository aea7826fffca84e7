from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the Viasna demo case file (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("Demo data: nothing to load yet.")
