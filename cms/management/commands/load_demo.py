import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo.loader import load_viasna
from cms.demo.publish import Tally
from defenders.models import Defender
from petition.demo import load_petition

# Each loader takes a Tally and publishes only what changed, so a second run
# changes nothing. The petition features the defenders loaded before it.
LOADERS = [load_viasna, load_petition]


class Command(BaseCommand):
    help = "Load the Viasna demo case file, every fact with its source (idempotent)."

    def handle(self, *args, **options):
        if Defender.objects.filter(slug__startswith="synthetic-").exists():
            raise CommandError(
                "This database holds synthetic data; the real case file is "
                "never mixed with it."
            )
        tally = Tally()
        # Wagtail logs a line per published record; the summary says it all.
        logging.disable(logging.INFO)
        try:
            with transaction.atomic():
                for load in LOADERS:
                    load(tally)
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(f"Demo data: {tally.summary()}.")
