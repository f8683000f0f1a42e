from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.harvest.client import harvest
from search.models import PeerRepository


class Command(BaseCommand):
    help = (
        "Harvest the other schools' repositories (the office's peer repositories) over OAI-PMH: "
        "what changed since each one's last harvest, deletions included. A peer that is down is "
        "recorded as failed and the others are harvested; the command then exits with an error. "
        "Safe to run twice; run it nightly (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--peer", help="Only the peer repository of this name (or id), even if disabled."
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Ask for every record again, not only those changed since the last harvest.",
        )

    def handle(self, *args, **options):
        peers = PeerRepository.objects.enabled()
        if options["peer"]:
            wanted = options["peer"]
            peers = PeerRepository.objects.filter(name=wanted)
            if wanted.isdigit():
                peers = peers | PeerRepository.objects.filter(pk=int(wanted))
            if not peers.exists():
                raise CommandError(_("No peer repository “%(name)s”.") % {"name": wanted})
        if options["full"]:
            peers.update(last_datestamp=None)
        failed = []
        for peer in peers.order_by("name"):
            outcome = harvest(peer)
            if outcome.error:
                failed.append(peer.name)
                self.stderr.write(f"{peer.name}: {outcome.error}")
            else:
                self.stdout.write(
                    _("%(name)s: %(received)d records received, %(deleted)d of them deleted.")
                    % {"name": peer.name, "received": outcome.received, "deleted": outcome.deleted}
                )
        if failed:
            raise CommandError(
                _("The harvest of %(count)d peer repositories failed: %(names)s")
                % {"count": len(failed), "names": ", ".join(failed)}
            )
