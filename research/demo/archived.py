"""One demo topic carried through its whole life by the real actions — proposal, eligibility,
selection council, contract, progress report, extension, self-evaluation, acceptance council,
outputs — so that its archive dossier holds every kind of document."""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from research.calls.models import Call
from research.core.choices import (
    ChangeKind,
    OutputKind,
    ProposalStatus,
    RubricKind,
    TeamRole,
    TopicLevel,
    TopicStatus,
)
from research.core.people import Person
from research.core.permissions import Roles
from research.councils.models.councils import Rubric
from research.deadlines.models import regenerate_deadlines
from research.outputs.models.outputs import Output, OutputAuthor, OutputFile
from research.proposals.models import (
    Proposal,
    ProposalAttachment,
    ProposalBudgetItem,
    ProposalMember,
    ProposalOutput,
)
from research.topics.models.topics import Topic

from .common import DEMO_DOMAIN, pdf_bytes

TITLE = "Tổng kết thực tiễn công tác dân vận ở các xã biên giới tỉnh Quảng Trị"
# The lecturer who leads it (an e-mail local part of the demo people).
PRINCIPAL = "htbngoc"


class ArchivedTopicDemo:
    def load_archived_topic(self):
        from research.closing.actions.acceptance import (
            AssignAcceptanceCouncil,
            RecordAcceptance,
            SubmitSelfEvaluation,
        )
        from research.proposals.actions import (
            AssignCouncil,
            RecordCouncilDecision,
            RunEligibilityCheck,
            SubmitProposal,
        )
        from research.topics.actions.running import (
            DecideChangeRequest,
            DecideProgressReport,
            RequestChange,
            SubmitProgressReport,
        )
        from research.topics.actions.topics import ChangeTopicStatus

        if Proposal.objects.filter(title=TITLE).exists():
            return
        office = get_user_model().objects.get(username="phongnckh")
        principal = Person.objects.get(email=f"{PRINCIPAL}@{DEMO_DOMAIN}")
        self.ensure_login(principal, Roles.LECTURER)
        # It began sixteen months ago and is graded today (after a three-month extension): every
        # date of its life lies before the day the demo is loaded.
        start = (self.today - relativedelta(months=16)).replace(day=1)
        submitted = timezone.make_aware(
            datetime.datetime.combine(start - datetime.timedelta(days=60), datetime.time(9))
        )
        call, _ = Call.objects.get_or_create(
            title=f"Đợt đăng ký đề tài tổng kết thực tiễn năm {start.year}",
            defaults={
                "year": start.year,
                "level": TopicLevel.SCHOOL,
                "opens_at": submitted - datetime.timedelta(days=20),
                "closes_at": submitted + datetime.timedelta(days=1),
                "budget_ceiling": 30_000_000,
                "rubric": Rubric.objects.get(kind=RubricKind.SELECTION),
            },
        )
        proposal = Proposal.objects.create(
            call=call,
            level=call.level,
            principal=principal,
            unit=principal.unit,
            title=TITLE,
            keyword_list=["dân vận", "biên giới", "phòng, chống tham nhũng"],
            urgency="Công tác dân vận ở các xã biên giới sau hợp nhất tỉnh cần được tổng kết.",
            objectives="Tổng kết kinh nghiệm và đề xuất giải pháp nâng cao hiệu quả công tác dân vận.",
            content_methods="Khảo sát 12 xã biên giới, phỏng vấn sâu cán bộ, tọa đàm chuyên gia.",
            schedule="Tháng 1–4: khảo sát; tháng 5–9: phân tích; tháng 10–12: báo cáo.",
            duration_months=12,
        )
        ProposalMember.objects.create(proposal=proposal, person=principal, role=TeamRole.PRINCIPAL)
        ProposalOutput.objects.create(proposal=proposal, kind=OutputKind.FINAL_REPORT, count=1)
        ProposalOutput.objects.create(proposal=proposal, kind=OutputKind.JOURNAL_ARTICLE, count=1)
        ProposalBudgetItem.objects.create(
            proposal=proposal,
            item="Khảo sát thực địa",
            source=self.sources["ngan-sach-truong"],
            amount=24_000_000,
        )
        attachment = ProposalAttachment(proposal=proposal, title="Thuyết minh đề tài")
        attachment.file.save("thuyet-minh-dan-van.pdf", ContentFile(pdf_bytes(TITLE)), save=True)

        SubmitProposal(proposal, user=principal.user, now=submitted).execute()
        RunEligibilityCheck(proposal, user=office).execute()
        AssignCouncil(proposal, self.load_council(), user=office, today=self.today).execute()
        proposal.refresh_from_db()
        self.score_and_meet(proposal, office)
        RecordCouncilDecision(
            proposal,
            ProposalStatus.APPROVED,
            user=office,
            note="Hội đồng thống nhất đề nghị thực hiện.",
        ).execute()
        proposal.refresh_from_db()
        topic = proposal.topic
        if topic.planned_start.year != start.year:
            topic.code = Topic.next_code(topic.level, start.year)
        topic.contract_number = f"07/{start.year}/HĐ-NCKH"
        topic.contract_date = start - datetime.timedelta(days=10)
        topic.planned_start = start
        topic.planned_end = start + relativedelta(months=12) - datetime.timedelta(days=1)
        topic.save(
            update_fields=[
                "code",
                "contract_number",
                "contract_date",
                "planned_start",
                "planned_end",
            ]
        )
        regenerate_deadlines(topic)
        ChangeTopicStatus(topic, TopicStatus.IN_PROGRESS, user=office).execute()
        report = SubmitProgressReport(
            topic,
            user=principal.user,
            text="Đã khảo sát 12 xã, hoàn thành báo cáo chuyên đề 1 và 2.",
            percent_done=60,
            file=ContentFile(pdf_bytes("Bao cao tien do"), name="bao-cao-tien-do.pdf"),
        ).execute()
        DecideProgressReport(report, user=office, accept=True, comment="Đúng tiến độ.").execute()
        request = RequestChange(
            topic,
            ChangeKind.EXTENSION,
            user=principal.user,
            reason="Cần thêm thời gian khảo sát bổ sung sau sáp nhập xã.",
            months=3,
        ).execute()
        DecideChangeRequest(
            request, user=office, approve=True, note="Đồng ý gia hạn 3 tháng."
        ).execute()
        output = Output.objects.create(
            kind=OutputKind.JOURNAL_ARTICLE,
            title="Dân vận khéo ở các xã biên giới Quảng Trị",
            published_on=self.today,
            topic=topic,
            venue="Tạp chí Dân vận",
        )
        OutputAuthor.objects.create(output=output, person=principal)
        article = OutputFile(output=output, title="Toàn văn bài báo")
        article.file.save("dan-van-kheo.pdf", ContentFile(pdf_bytes(output.title)), save=True)
        SubmitSelfEvaluation(
            topic,
            user=principal.user,
            text="Đề tài hoàn thành đủ sản phẩm đăng ký, đúng tiến độ sau gia hạn.",
            file=ContentFile(pdf_bytes("Tu danh gia"), name="tu-danh-gia.pdf"),
        ).execute()
        AssignAcceptanceCouncil(
            topic, self.load_council(RubricKind.ACCEPTANCE), user=office, today=self.today
        ).execute()
        topic.refresh_from_db()
        self.score_and_meet(topic, office)
        RecordAcceptance(
            topic, user=office, note="Đề tài đạt yêu cầu, đề nghị công nhận."
        ).execute()
        # Its past deadlines were met along the way.
        for deadline in topic.deadlines.open().filter(due_on__lt=self.today):
            deadline.done_on = deadline.due_on - datetime.timedelta(days=3)
            deadline.save(update_fields=["done_on"])

    def score_and_meet(self, subject, office):
        """Every member scores (flagged conflicts resolved by the office), then all attend."""
        from research.councils.actions.councils import (
            RecordAttendance,
            ResolveConflict,
            SaveScoreSheet,
        )

        reviews = list(
            subject.reviews.filter(round=subject.current_round).select_related(
                "member__person__user"
            )
        )
        criteria = list(subject.review_rubric.criteria.all())
        for review in reviews:
            if review.conflict_flags:
                ResolveConflict(
                    review, user=office, resolution="Không cùng nhóm nghiên cứu."
                ).execute()
            entries = {c.pk: (c.max_points - (review.pk + c.pk) % 3, False) for c in criteria}
            SaveScoreSheet(
                review,
                entries,
                user=review.member.person.user,
                recommend=True,
                comments="Đạt yêu cầu.",
                submit=True,
            ).execute()
        RecordAttendance(subject, user=office, present=[r.pk for r in reviews], votes={}).execute()
