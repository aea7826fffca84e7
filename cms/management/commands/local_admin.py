import secrets
from pathlib import Path

from django_otp.plugins.otp_static.models import StaticToken

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.twofactor import devices

# The generated password is kept beside the SQLite file (git-ignored, owner
# read-only) so that every `make run` can print the login again.
PASSWORD_FILE = Path(settings.BASE_DIR) / ".local-admin"
CODES_SHOWN = 3


def recovery_codes(user):
    """Codes for the admin's second step (two-factor authentication), so a
    first run needs no phone: ten new ones when fewer than three are left."""
    codes = list(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    if len(codes) < CODES_SHOWN:
        codes = devices.new_recovery_codes(user)
    return codes[:CODES_SHOWN]


class Command(BaseCommand):
    help = "Create a local admin account with a generated password (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args, url, **options):
        if not settings.DEBUG:
            raise CommandError("local_admin only runs with DEBUG on.")
        User = get_user_model()
        username = "admin"
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username, "admin@localhost", password)
            PASSWORD_FILE.write_text(password)
            PASSWORD_FILE.chmod(0o600)
        elif PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text().strip()
        else:
            password = "(set earlier; `manage.py changepassword admin` resets it)"  # noqa: S105
        user = User.objects.get(username=username)
        self.stdout.write(
            f"\nDocket is running:\n"
            f"  site   {url}/\n"
            f"  admin  {url}/admin/  user: {username}  password: {password}\n"
            f"         second step: a recovery code, each works once: "
            f"{'  '.join(recovery_codes(user))}\n"
        )
