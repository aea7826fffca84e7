import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from cms.demo import load_pages
from cms.site_record import set_site_address
from defenders.demo import load_defenders
from defenders.models import Defender
from events.demo import load_events
from petition.demo import load_petition
from records.demo import load_records
from records.demo.publish import Tally

# Each app loads its own part, in the order of the apps: each part refers only
# to records loaded before it (the petition features the defenders). Each
# loader takes a Tally and publishes only what changed, so a second run
# changes nothing.
LOADERS = [
    load_records,
    load_defenders,
    load_events,
    load_petition,
    load_pages,
]


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
            # The fact sheet's texts are English: they fill the English
            # columns, whatever language the command runs in.
            with transaction.atomic(), translation.override("en"):
                for load in LOADERS:
                    load(tally)
                # Links built without a request name the configured address.
                set_site_address()
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(f"Demo data: {tally.summary()}.")
