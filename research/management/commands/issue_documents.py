"""Issue one kind of document for every record of a year, for the office at year end:

    manage.py issue_documents acceptance_record --year 2026 --user phongnckh --numbered

Records the kind cannot be made for yet are listed and skipped; records that already have the
document are skipped unless --reissue (which keeps the number it had). Safe to run twice."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from research.core.actions import ActionRefused
from research.documents.actions import IssueDocument, next_number
from research.documents.fields import SUBJECTS
from research.documents.grounds import incomplete_warning
from research.documents.models import DocumentKind, DocumentTemplate
from research.proposals.models import Proposal
from research.topics.models.topics import Topic

# Which records are “of a year” for each kind: the year of what the document records.
TOPIC_YEAR = {
    DocumentKind.CONTRACT: lambda y: Q(planned_start__year=y),
    DocumentKind.ACCEPTANCE_RECORD: lambda y: Q(accepted_on__year=y),
    DocumentKind.RECOGNITION_DECISION: lambda y: Q(accepted_on__year=y),
    DocumentKind.REGISTRATION: lambda y: Q(accepted_on__year=y),
    DocumentKind.CLOSEOUT: lambda y: (
        Q(accepted_on__year=y) | Q(accepted_on__isnull=True, planned_end__year=y)
    ),
    DocumentKind.COUNCIL_DECISION: lambda y: Q(planned_end__year=y),
    DocumentKind.INVITATION: lambda y: Q(planned_end__year=y),
}

# The kinds made from a year's proposals or topics; a plan or a proposal list to the province is
# issued one at a time from its page.
BATCH_KINDS = [
    kind for kind in DocumentKind.values if kind in TOPIC_YEAR or "proposal" in SUBJECTS[kind]
]


class Command(BaseCommand):
    help = "Issue (or re-issue) one kind of document for every record of a year."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=BATCH_KINDS)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", required=True, help="The office account that issues them.")
        parser.add_argument(
            "--date", help="Date of the documents, dd/mm/yyyy (default: today).", default=""
        )
        parser.add_argument(
            "--numbered",
            action="store_true",
            help="Give each new document the next number of its register (default: blank).",
        )
        parser.add_argument(
            "--reissue",
            action="store_true",
            help="Issue again where the document exists, with the number it had.",
        )
        parser.add_argument(
            "--proposals",
            action="store_true",
            help="For council documents: the selection councils' (proposals of the year's calls).",
        )

    def handle(self, *args, kind, year, user, date, numbered, reissue, proposals, **options):
        issuer = get_user_model().objects.filter(username=user).first()
        if issuer is None:
            raise CommandError(f"No user {user!r}.")
        try:
            issued_on = (
                datetime.datetime.strptime(date, "%d/%m/%Y").date()
                if date
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError("--date is dd/mm/yyyy.") from error
        if not 1900 < year < 2200:
            raise CommandError("--year is out of range.")
        subjects = self.subjects(kind, year, proposals)
        template = DocumentTemplate.objects.filter(kind=kind).first()
        if template is None:
            raise CommandError(f"{kind} has no template row.")
        made = skipped = refused = 0
        incomplete = set()
        for subject in subjects:
            previous = subject.documents.filter(kind=kind).order_by("-issued_on", "-pk").first()
            if previous is not None and not reissue:
                skipped += 1
                continue
            number = previous.number if previous is not None else ""
            if not number and numbered:
                number = str(next_number(template, issued_on.year))
            try:
                document = IssueDocument(
                    subject, kind, user=issuer, number=number, issued_on=issued_on
                ).execute()
            except ActionRefused as error:
                refused += 1
                self.stdout.write(f"{subject.code}: {error}")
                continue
            made += 1
            self.stdout.write(f"{subject.code}: {number or '—'}")
            incomplete.update(document.incomplete_grounds)
        self.stdout.write(
            f"{kind} {year}: {made} issued, {skipped} already issued, {refused} not possible yet."
        )
        for ground in sorted(incomplete, key=str):
            self.stderr.write(incomplete_warning(ground))

    def subjects(self, kind, year, proposals):
        made_from = SUBJECTS[kind]
        if "proposal" in made_from and (proposals or "topic" not in made_from):
            return Proposal.objects.filter(call__year=year).order_by("code")
        return Topic.objects.filter(TOPIC_YEAR[kind](year)).order_by("code")
