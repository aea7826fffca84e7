import getpass
import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail.log_actions import log

from cms.twofactor import devices

logger = logging.getLogger("cms.twofactor")


class Command(BaseCommand):
    help = (
        "Remove a person's two-factor devices (a lost phone and lost recovery "
        "codes): at their next sign-in they set up an authenticator app again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = devices.remove_all(user)
        # Who ran it: the account on the server, as no admin user is signed in.
        operator = getpass.getuser()
        log(
            instance=user,
            action="docket.two_factor_reset",
            data={"operator": operator, "devices_removed": removed},
        )
        logger.warning(
            "Two-factor devices of %s reset by %s (%d removed)",
            username,
            operator,
            removed,
        )
        self.stdout.write(
            f"Removed {removed} two-factor device(s) of {username}. They set up "
            f"an authenticator app at their next sign-in."
        )
