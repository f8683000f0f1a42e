import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.operations.health import run_checks


class Command(BaseCommand):
    help = "Run the readiness checks of /readyz; exit non-zero when one fails (for cron or monitoring)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the results as JSON.")

    def handle(self, *args, **options):
        results, ok = run_checks()
        if options["json"]:
            self.stdout.write(json.dumps({"ok": ok, "checks": results}, ensure_ascii=False))
        else:
            for name, result in results.items():
                details = ", ".join(
                    f"{key}={value}" for key, value in result.items() if key != "ok"
                )
                state = _("ok") if result["ok"] else _("FAILING")
                self.stdout.write(f"{name}: {state} ({details})")
        if not ok:
            raise CommandError(_("At least one health check is failing."))
