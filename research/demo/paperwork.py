"""Demo paperwork: who issues the documents, who signs them, the closing records of the oldest
topics (closed), a council meeting on each open round, documents issued for a closed topic, and
inbox messages. Loading twice changes nothing."""

import datetime

from django.contrib.auth import get_user_model

from research.closing.models import (
    CLOSABLE_STATUSES,
    ClosingKind,
    ClosingRecord,
    ClosingRequirement,
)
from research.core.choices import ProposalStatus, TopicStatus
from research.councils.models.meetings import CouncilMeeting
from research.documents.models import DocumentKind, DocumentTemplate, IssuerSettings
from research.inbox.models import InboxMessage
from research.topics.models.topics import Topic

from .common import DEMO_DOMAIN

ISSUER = {
    "parent_body": "TỈNH ỦY QUẢNG TRỊ",
    "name": "TRƯỜNG CHÍNH TRỊ LÊ DUẨN",
    "name_in_text": "Trường Chính trị Lê Duẩn",
    "state_parent_body": "UBND TỈNH QUẢNG TRỊ",
    "symbol": "TCT",
    "place": "Quảng Trị",
    "head_title": "HIỆU TRƯỞNG",
    "head_name": "PGS.TS. Nguyễn Văn Hùng",
    "office_name": "Phòng Quản lý đào tạo và nghiên cứu khoa học",
    "office_symbol": "QLĐT&NCKH",
    "science_agency": "Sở Khoa học và Công nghệ tỉnh Quảng Trị",
}
# The deputy signs on the head's behalf for the council documents.
DEPUTY = {
    "signer_authority": "KT. HIỆU TRƯỞNG",
    "signer_title": "PHÓ HIỆU TRƯỞNG",
    "signer_name": "TS. Trần Thị Thu Hà",
}
DEPUTY_SIGNS = [DocumentKind.COUNCIL_DECISION, DocumentKind.INVITATION]
VENUE = "Phòng họp tầng 2, nhà A, Trường Chính trị Lê Duẩn"
# Topics that started in the demo's first this-many years have closed their books.
CLOSED_YEARS = 3


class PaperworkDemo:
    def load_paperwork(self):
        issuer = IssuerSettings.load()
        for field, value in ISSUER.items():
            setattr(issuer, field, value)
        issuer.save()
        DocumentTemplate.objects.filter(kind__in=DEPUTY_SIGNS).update(**DEPUTY)
        self.load_closing()
        self.load_meetings()
        self.load_documents()
        self.load_inbox()

    def load_closing(self):
        """Close the oldest evaluated or terminated topics, each with the records it needs."""
        old = Topic.objects.filter(
            status__in=CLOSABLE_STATUSES,
            planned_start__year__lt=self.first_year + CLOSED_YEARS,
        )
        for topic in old.prefetch_related("funding_lines"):
            signed = (topic.accepted_on or topic.planned_end) + datetime.timedelta(days=20)
            # The settlement is one sum: each funding line's settled amount adds up to the record's.
            for line in topic.funding_lines.all():
                if line.settled_amount is None:
                    line.settled_amount = line.approved_amount
                    line.save(update_fields=["settled_amount"])
            for step, kind in enumerate(ClosingRequirement.objects.kinds_for(topic)):
                ClosingRecord.objects.update_or_create(
                    topic=topic,
                    kind=kind,
                    defaults={
                        "number": f"{topic.pk * 4 + step}-{'QĐ' if kind == ClosingKind.RECOGNITION else 'BB'}/TCT",
                        "signed_on": signed + datetime.timedelta(days=15 * step),
                        "amount": sum(line.settled_amount for line in topic.funding_lines.all())
                        if kind == ClosingKind.SETTLEMENT
                        else None,
                        "agency": ISSUER["science_agency"]
                        if kind == ClosingKind.REGISTRATION
                        else "",
                    },
                )
            topic.closed_from, topic.status = topic.status, TopicStatus.CLOSED
            topic.save(update_fields=["closed_from", "status"])

    def load_meetings(self):
        """A meeting for each round still before its council, a week or two ahead."""
        from research.proposals.models import Proposal

        rounds = [
            *Proposal.objects.filter(status=ProposalStatus.IN_REVIEW).order_by("pk"),
            *Topic.objects.filter(
                status=TopicStatus.UNDER_EVALUATION, council__isnull=False
            ).order_by("pk"),
        ]
        for index, subject in enumerate(rounds):
            field = subject._meta.model_name
            # The demo call's proposal meets today, so that the office can record its meeting and
            # decision with its own login (README); the acceptance rounds meet later.
            held_on = self.today + datetime.timedelta(days=0 if index == 0 else 10 + 3 * index)
            CouncilMeeting.objects.update_or_create(
                **{field: subject, "round": subject.current_round},
                defaults={
                    "held_on": held_on,
                    "starts_at": datetime.time(8, 0) if index % 2 == 0 else datetime.time(14, 0),
                    "venue": VENUE,
                    "reviews_due_on": held_on - datetime.timedelta(days=2),
                },
            )

    def load_documents(self):
        """The recognition decision and the close-out record of the latest closed topic."""
        from research.documents.actions import IssueDocument

        topic = (
            Topic.objects.filter(status=TopicStatus.CLOSED, closed_from=TopicStatus.ACCEPTED)
            .order_by("-planned_start")
            .first()
        )
        if topic is None or topic.documents.exists():
            return
        office = get_user_model().objects.get(username="phongnckh")
        recognition = topic.closing_records.get(kind=ClosingKind.RECOGNITION)
        for kind, number, issued_on in (
            (
                DocumentKind.RECOGNITION_DECISION,
                recognition.number.split("-")[0],
                recognition.signed_on,
            ),
            (
                DocumentKind.CLOSEOUT,
                "",
                topic.closing_records.get(kind=ClosingKind.CLOSEOUT).signed_on,
            ),
        ):
            IssueDocument(topic, kind, user=office, number=number, issued_on=issued_on).execute()

    def load_inbox(self):
        """What the demo lecturer and the office find in their inboxes (as the portal would have
        sent them), unless they already have messages."""
        from research.inbox.notifications import notify

        lecturer = get_user_model().objects.get(username="giangvien")
        if InboxMessage.objects.filter(user=lecturer).exists():
            return
        proposal = lecturer.person.proposals.exclude(status=ProposalStatus.DRAFT).first()
        if proposal is not None:
            notify("proposal_submitted", [lecturer.person.email], {"proposal": proposal})
        led = Topic.objects.led_by(lecturer.person).order_by("-planned_start").first()
        if led is not None and led.deadlines.open().exists():
            deadline = led.deadlines.open().order_by("due_on").first()
            notify(
                "deadline_due",
                [lecturer.person.email],
                {"deadline": deadline, "days": (deadline.due_on - self.today).days},
            )
        notify(
            "office_digest",
            [f"nthyen@{DEMO_DOMAIN}"],
            {"today": self.today, "overdue": [], "upcoming": [], "week_end": self.today},
        )
