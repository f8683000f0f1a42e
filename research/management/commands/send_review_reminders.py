from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from research.core import blind
from research.councils.models.reviews import Review
from research.inbox.notifications import notify


class Command(BaseCommand):
    help = (
        "E-mail council members whose score sheets (proposal selection or acceptance) are due "
        "soon. Safe to run many times a day: each review is reminded once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="Remind this many days before the due date."
        )

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        sent = 0
        with transaction.atomic():
            reviews = (
                Review.objects.awaiting_reminder(today, days)
                .select_for_update(of=("self",))
                .select_related("proposal", "topic", "member__person")
            )
            for review in reviews:
                notify(
                    "review_due" if review.proposal_id else "acceptance_review_due",
                    [review.member.person.email],
                    {
                        "proposal": blind.for_reviewers(review.proposal)
                        if review.proposal_id
                        else None,
                        "topic": blind.for_reviewers(review.topic) if review.topic_id else None,
                        "due": review.due_on,
                    },
                )
                review.reminded_on = today
                review.save(update_fields=["reminded_on"])
                sent += 1
        self.stdout.write(f"{sent}")
