"""Blind review hides the proposer everywhere a reviewer can look: a name planted in every free-text
field, in the attachments and budget, and the proposer's overdue topic, never reach a reviewer's
page, e-mail or file name."""

import datetime
import io
import unicodedata

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from research.councils.actions.councils import RecordAttendance, SaveScoreSheet
from research.models import (
    CouncilRole,
    DeadlineKind,
    ProposalMember,
    ProposalStatus,
    Review,
    TeamRole,
)
from research.proposals.actions import (
    AssignCouncil,
    OverrideEligibility,
    RecordCouncilDecision,
    ReturnProposal,
    RunEligibilityCheck,
    SubmitProposal,
)
from tests.factories import (
    CouncilFactory,
    DeadlineFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    ProposalFactory,
    TopicFactory,
)

NAME = "Nguyễn Thị Bảo Ngọc"
MEMBER = "Hoàng Văn Thoả"
EMAIL = "ngoc.ntb@truong.example.vn"
OVERDUE = "CS-2024-777"
# Each of these must never reach a blind reviewer, however the proposer typed it.
LEAKS = [
    "Bảo Ngọc",
    "Bao Ngoc",
    "BẢO NGỌC",
    "Văn Thoả",
    "Van Thoa",
    "ngoc.ntb",
    "baongoc.nguyen",
    "Nhà nước và pháp luật",
    OVERDUE,
]


UNIT = "Khoa Nhà nước và pháp luật"
OTHER_EMAIL = "baongoc.nguyen@gmail.com"


def planted(text):
    return (
        f"{text} Liên hệ {NAME} ({EMAIL}); thành viên {MEMBER.upper()}; hỏi cô Bảo Ngọc "
        f"({OTHER_EMAIL}) ở {UNIT}."
    )


class BlindReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        pi = PersonWithLoginFactory(full_name=NAME, email=EMAIL, unit__name=UNIT)
        member = PersonWithLoginFactory(full_name=MEMBER)
        overdue = TopicFactory(code=OVERDUE, principal=pi, status="in_progress")
        DeadlineFactory(
            topic=overdue, kind=DeadlineKind.PROGRESS_REPORT, due_on=datetime.date(2024, 6, 1)
        )
        proposal = ProposalFactory(
            complete=True,
            principal=pi,
            call__blind_review=True,
            call__review_due_on=timezone.localdate() + datetime.timedelta(days=2),
            title=f"Đề tài của nhóm {NAME}",
            keyword_list=["xây dựng Đảng", unicodedata.normalize("NFD", NAME)],
            urgency=planted("Cấp thiết."),
            objectives=planted("Mục tiêu."),
            content_methods=planted("Phương pháp."),
            schedule=planted("Tiến độ."),
        )
        ProposalMember.objects.create(proposal=proposal, person=member, role=TeamRole.MEMBER)
        expected = proposal.expected_outputs.first()
        expected.description = f"Bài báo của {NAME.lower()}"
        expected.save()
        proposal.budget_items.update(item=f"Thù lao chủ nhiệm {NAME}")
        proposal.attachments.update(title=f"Thuyết minh - {NAME} (chủ nhiệm)")
        SubmitProposal(proposal, user=pi.user).execute()
        ReturnProposal(
            proposal,
            ProposalStatus.REVISION_REQUESTED,
            user=cls.office,
            reason=f"Đề nghị {NAME} bổ sung",
        ).execute()
        SubmitProposal(proposal, user=pi.user).execute()
        RunEligibilityCheck(proposal, user=cls.office).execute()
        OverrideEligibility(
            proposal, user=cls.office, reason=f"Đồng ý cho {NAME} dù chậm {OVERDUE}"
        ).execute()
        council = CouncilFactory()
        AssignCouncil(proposal, council, user=cls.office).execute()
        proposal.refresh_from_db()
        cls.proposal = proposal
        cls.reviews = {
            r.member.role: r
            for r in Review.objects.filter(proposal=proposal).select_related("member__person")
        }

    def assertHidden(self, text, where):
        for leak in LEAKS:
            self.assertNotIn(leak, text, f"{leak!r} leaks through {where}")

    def reviewer_pages(self):
        p = self.proposal
        review = self.reviews[CouncilRole.REVIEWER]
        return [
            reverse("research:review-detail", args=[review.pk]),
            reverse("research:proposal-detail", args=[p.pk]),
            reverse("research:proposal-compare", args=[p.pk]) + "?a=1&b=2",
            reverse("research:dashboard"),
            reverse("research:review-list"),
        ]

    def test_the_proposal_holds_the_planted_names(self):
        """The scenario is real: the office sees every planted name."""
        self.client.force_login(self.office)
        response = self.client.get(reverse("research:proposal-detail", args=[self.proposal.pk]))
        self.assertContains(response, NAME)
        self.assertContains(response, OVERDUE)

    def test_no_reviewer_page_shows_the_team(self):
        self.client.force_login(self.reviews[CouncilRole.REVIEWER].member.person.user)
        for url in self.reviewer_pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertHidden(response.content.decode(), url)
        response = self.client.get(reverse("research:proposal-detail", args=[self.proposal.pk]))
        self.assertContains(response, "[đã ẩn]")

    def test_the_secretarys_meeting_page_and_the_minutes_show_no_team(self):
        secretary = self.reviews[CouncilRole.SECRETARY].member.person.user
        self.client.force_login(secretary)
        url = reverse("research:proposal-meeting", args=[self.proposal.pk])
        self.assertHidden(self.client.get(url).content.decode(), url)
        rubric = self.proposal.rubric
        for review in Review.objects.filter(proposal=self.proposal).select_related(
            "member__person"
        ):
            SaveScoreSheet(
                review,
                {c.pk: (c.max_points, False) for c in rubric.criteria.all()},
                user=review.member.person.user,
                recommend=True,
                submit=True,
            ).execute()
        reviews = Review.objects.filter(proposal=self.proposal)
        RecordAttendance(
            self.proposal, user=self.office, present=[r.pk for r in reviews], votes={}
        ).execute()
        RecordCouncilDecision(
            self.proposal,
            ProposalStatus.REVISION_REQUESTED,
            user=self.office,
            note=f"Đề nghị {NAME} sửa mục tiêu",
        ).execute()
        for role in (CouncilRole.SECRETARY, CouncilRole.MEMBER):
            self.client.force_login(self.reviews[role].member.person.user)
            for url in (
                reverse("research:proposal-minutes", args=[self.proposal.pk]),
                reverse("research:proposal-detail", args=[self.proposal.pk]),
            ):
                with self.subTest(role=role, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertHidden(response.content.decode(), url)

    def test_e_mails_to_the_council_show_no_team(self):
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_review_reminders", days=3, stdout=io.StringIO())
        self.assertTrue(mail.outbox)
        reviewer_addresses = {
            r.member.person.email
            for r in Review.objects.filter(proposal=self.proposal).select_related("member__person")
        }
        for message in mail.outbox:
            self.assertTrue(set(message.to) <= reviewer_addresses)
            self.assertHidden(message.subject + message.body, "reminder e-mail")
            self.assertHidden(message.alternatives[0][0], "reminder e-mail (html)")

    def test_attachments_reach_the_reviewer_under_a_neutral_name(self):
        self.client.force_login(self.reviews[CouncilRole.REVIEWER].member.person.user)
        attachment = self.proposal.attachments.get()
        response = self.client.get(attachment.file.url)
        self.assertEqual(response.status_code, 200)
        self.assertHidden(response["Content-Disposition"], "file name")
        self.assertHidden(attachment.file.name, "stored name")


class BlindAssignmentMailTests(TestCase):
    def test_the_review_request_e_mail_shows_no_team(self):
        office = OfficeStaffFactory()
        pi = PersonWithLoginFactory(full_name=NAME, email=EMAIL)
        proposal = ProposalFactory(
            complete=True, principal=pi, call__blind_review=True, title=f"Đề tài của {NAME}"
        )
        SubmitProposal(proposal, user=pi.user).execute()
        RunEligibilityCheck(proposal, user=office).execute()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            AssignCouncil(proposal, CouncilFactory(), user=office).execute()
        self.assertEqual(len(mail.outbox), 7)
        for message in mail.outbox:
            for leak in LEAKS:
                self.assertNotIn(leak, message.subject + message.body)
