from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from research.demo.loader import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins (make run prints them last, just before the server starts)."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="127.0.0.1:8000", help="Where the site is served.")

    def handle(self, *args, address, **options):
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password “%(password)s”):") % {"password": DEMO_PASSWORD})
        for username, role, *_rest in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role or _('superuser')}")
        self.stdout.write(
            _("Public site: http://%(address)s/ · workspace: /workspace/ · admin: /admin/")
            % {"address": address}
        )
