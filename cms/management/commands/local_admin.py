import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

# The generated password is kept beside the SQLite file (git-ignored, owner
# read-only) so that every `make run` can print the login again.
PASSWORD_FILE = Path(settings.BASE_DIR) / ".local-admin"


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
        self.stdout.write(
            f"\nDocket is running:\n"
            f"  site   {url}/\n"
            f"  admin  {url}/admin/  user: {username}  password: {password}\n"
        )
