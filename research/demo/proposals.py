"""The demo call, councils and proposals, built by the real actions so that their history is real."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from research.calls.models import Call
from research.core.choices import OutputKind, RubricKind, TeamRole, TopicLevel, TopicStatus
from research.core.people import Person
from research.core.permissions import Roles
from research.councils.models.councils import Council, CouncilMember, Rubric
from research.proposals.models import (
    Proposal,
    ProposalAttachment,
    ProposalBudgetItem,
    ProposalMember,
    ProposalOutput,
)
from research.topics.models.topics import Topic

from . import content
from .common import DEMO_DOMAIN, pdf_bytes


class ProposalDemo:
    def load_proposals(self):
        """An open call, the school's council and two proposals of the demo lecturer, built by the
        real actions so that their history is real."""
        from research.closing.actions.acceptance import AssignAcceptanceCouncil
        from research.councils.actions.councils import SaveScoreSheet
        from research.proposals.actions import AssignCouncil, RunEligibilityCheck, SubmitProposal

        council = self.load_council()
        acceptance = self.load_council(RubricKind.ACCEPTANCE)
        office = get_user_model().objects.get(username="phongnckh")
        for topic in Topic.objects.filter(
            status=TopicStatus.UNDER_EVALUATION, council__isnull=True
        ):
            AssignAcceptanceCouncil(topic, acceptance, user=office, today=self.today).execute()
        now = timezone.now()
        call, _ = Call.objects.update_or_create(
            title=f"Đợt đăng ký đề tài khoa học cấp cơ sở năm {self.today.year + 1}",
            defaults={
                "year": self.today.year + 1,
                "level": TopicLevel.SCHOOL,
                "directions": "Xây dựng Đảng và hệ thống chính trị ở cơ sở; chuyển đổi số trong đào tạo; "
                "tổng kết thực tiễn sau hợp nhất tỉnh.",
                "opens_at": now - datetime.timedelta(days=10),
                "closes_at": now + datetime.timedelta(days=30),
                "budget_ceiling": 30_000_000,
                "rubric": Rubric.objects.get(kind=RubricKind.SELECTION),
                "council": council,
                "review_due_on": self.today + datetime.timedelta(days=40),
            },
        )
        lecturer = Person.objects.get(email=f"vtmlan@{DEMO_DOMAIN}")
        for index, (title, keywords, urgency, objectives) in enumerate(content.PROPOSALS):
            if Proposal.objects.filter(title=title).exists():
                continue
            proposal = Proposal.objects.create(
                call=call,
                level=call.level,
                principal=lecturer,
                unit=lecturer.unit,
                title=title,
                keyword_list=keywords,
                urgency=urgency,
                objectives=objectives,
                content_methods="Nghiên cứu tài liệu, khảo sát bằng bảng hỏi, phỏng vấn sâu, tọa đàm chuyên gia.",
                schedule="Tháng 1–3: tổng quan; tháng 4–8: khảo sát; tháng 9–12: viết báo cáo, nghiệm thu.",
                duration_months=12,
            )
            self.fill_dossier(proposal, lecturer, index)
            if index == 0:  # the second stays a draft
                SubmitProposal(proposal, user=lecturer.user).execute()
                RunEligibilityCheck(proposal, user=office).execute()
                AssignCouncil(proposal, council, user=office, today=self.today).execute()
                criteria = list(call.rubric.criteria.all())
                reviews = proposal.reviews.select_related("member__person__user").order_by(
                    "member__sort_order"
                )
                for review in [r for r in reviews if not r.is_conflicted][1:5]:
                    entries = {
                        c.pk: (c.max_points - (review.pk + c.pk) % 3, False) for c in criteria
                    }
                    SaveScoreSheet(
                        review,
                        entries,
                        user=review.member.person.user,
                        recommend=True,
                        comments="Thuyết minh rõ ràng, sản phẩm phù hợp.",
                        submit=True,
                    ).execute()

    def load_council(self, kind=RubricKind.SELECTION):
        """The school's standing council, once with the selection rubric and once, under its
        acceptance name, with the acceptance rubric."""
        name, decision, seats = content.COUNCIL
        if kind == RubricKind.ACCEPTANCE:
            name, decision = content.ACCEPTANCE_COUNCIL
        council, created = Council.objects.get_or_create(
            name=name,
            defaults={
                "rubric": Rubric.objects.get(kind=kind),
                "decision_number": decision,
                "standing": True,
            },
        )
        if created:
            for order, (local, role) in enumerate(seats):
                person = Person.objects.get(email=f"{local}@{DEMO_DOMAIN}")
                self.ensure_login(person, Roles.COUNCIL_MEMBER)
                CouncilMember.objects.create(
                    council=council, person=person, role=role, sort_order=order
                )
        return council

    def ensure_login(self, person, role):
        """Council members need an account to score; those without a demo login get one they cannot
        use until the office sets a password."""
        if person.user_id:
            return
        user = get_user_model().objects.create(
            username=person.email.split("@")[0], email=person.email, first_name=person.full_name
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role))
        Person.objects.filter(pk=person.pk).update(user=user)
        person.user = user

    def fill_dossier(self, proposal, lecturer, index):
        ProposalMember.objects.create(proposal=proposal, person=lecturer, role=TeamRole.PRINCIPAL)
        colleague = self.lecturers[(index + 7) % len(self.lecturers)]
        ProposalMember.objects.create(
            proposal=proposal, person=colleague, role=TeamRole.SECRETARY, sort_order=1
        )
        ProposalOutput.objects.create(proposal=proposal, kind=OutputKind.FINAL_REPORT, count=1)
        ProposalOutput.objects.create(
            proposal=proposal, kind=OutputKind.JOURNAL_ARTICLE, count=2, sort_order=1
        )
        school = self.sources["ngan-sach-truong"]
        for order, (item, amount) in enumerate(
            [
                ("Thuê khoán chuyên môn", 14_000_000),
                ("Khảo sát thực địa", 6_000_000),
                ("Hội thảo, tọa đàm", 4_000_000),
            ]
        ):
            ProposalBudgetItem.objects.create(
                proposal=proposal, item=item, source=school, amount=amount, sort_order=order
            )
        attachment = ProposalAttachment(proposal=proposal, title="Thuyết minh đề tài (mẫu BM-10)")
        attachment.file.save("thuyet-minh.pdf", ContentFile(pdf_bytes(proposal.title)), save=True)
