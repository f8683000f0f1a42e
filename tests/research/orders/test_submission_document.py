"""Issue 25 §2: the proposal list to the province issued as its tờ trình or công văn, and a
proposed topic answering a line of the research plan."""

import datetime

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from research.core.actions import ActionRefused
from research.documents.actions import IssueDocument
from research.documents.fields import available_kinds
from research.models import (
    DocumentKind,
    IssuedDocument,
    OrderSubmission,
    PlannedTopics,
    PlanStatus,
    ResearchPlan,
    SubmissionKind,
)
from tests.factories import OfficeStaffFactory
from tests.factories.lifecycle import set_issuer
from tests.factories.orders import ProposedTopicFactory, SubmissionFactory
from tests.research.documents.test_documents import text_of
from tests.research.planning.test_plan_document import approved_plan

ISSUED_ON = datetime.date(2026, 2, 5)


def proposal_list(kind=SubmissionKind.SUBMISSION):
    """A list of two proposed topics whose budgets add up to 1.250.000.000 đ."""
    submission = SubmissionFactory(kind=kind, year=2026)
    ProposedTopicFactory(
        submission=submission,
        title="Nâng cao chất lượng sinh hoạt chi bộ ở nông thôn",
        rationale="Yêu cầu của Nghị quyết Tỉnh ủy.",
        expected_products="Báo cáo tổng hợp, kiến nghị",
        duration_months=18,
        estimated_budget=350_000_000,
    )
    ProposedTopicFactory(
        submission=submission,
        title="Phát triển du lịch cộng đồng vùng biên giới",
        estimated_budget=900_000_000,
        duration_months=24,
    )
    return submission


class SubmissionDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        set_issuer()
        cls.office = OfficeStaffFactory()

    def test_a_tờ_trình_is_numbered_in_the_ttr_register_with_the_table_and_total(self):
        submission = proposal_list()
        document = IssueDocument(
            submission,
            DocumentKind.ORDER_SUBMISSION,
            user=self.office,
            number="4",
            issued_on=ISSUED_ON,
        ).execute()
        self.assertEqual(document.ordersubmission, submission)
        self.assertEqual(document.subject, submission)
        self.assertEqual(document.reference, "4-TTr/TCT")
        text = text_of(document.docx.read())[1]
        for expected in (
            "TỜ TRÌNH",
            "Số 4-TTr/TCT",
            "Về việc đề xuất đặt hàng nhiệm vụ nghiên cứu khoa học năm 2026",
            f"Kính gửi: {submission.ordering_body.name}",
            "Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15",
            "Nâng cao chất lượng sinh hoạt chi bộ ở nông thôn",
            "Yêu cầu của Nghị quyết Tỉnh ủy.",
            "Báo cáo tổng hợp, kiến nghị",
            "350.000.000 đ",
            "900.000.000 đ",
            "Tổng cộng: 2 nhiệm vụ, tổng kinh phí dự kiến 1.250.000.000 đ.",
            "Nơi nhận:",
        ):
            self.assertIn(expected, text)

    def test_a_công_văn_has_no_type_and_takes_the_offices_symbol(self):
        submission = proposal_list(SubmissionKind.LETTER)
        document = IssueDocument(
            submission, DocumentKind.ORDER_LETTER, user=self.office, number="12"
        ).execute()
        self.assertEqual(document.reference, "12-CV/TCT")  # the Party format's letter
        text = text_of(document.docx.read())[1]
        self.assertIn("V/v đề xuất đặt hàng nhiệm vụ nghiên cứu khoa học năm 2026", text)
        self.assertNotIn("TTr", text)

    def test_the_lists_kind_picks_the_document(self):
        submission = proposal_list(SubmissionKind.LETTER)
        offered = [kind for kind, _label, reason in available_kinds(submission) if not reason]
        self.assertEqual(offered, [DocumentKind.ORDER_LETTER])
        with self.assertRaisesMessage(ActionRefused, "công văn"):
            IssueDocument(submission, DocumentKind.ORDER_SUBMISSION, user=self.office).execute()
        with self.assertRaises(ActionRefused):  # nor a topic's document for a list
            IssueDocument(submission, DocumentKind.CONTRACT, user=self.office).execute()

    def test_an_empty_list_has_nothing_to_issue(self):
        empty = SubmissionFactory()
        with self.assertRaisesMessage(ActionRefused, "chưa có gì để ban hành"):
            IssueDocument(empty, DocumentKind.ORDER_SUBMISSION, user=self.office).execute()
        self.assertFalse(IssuedDocument.objects.exists())

    def test_issued_from_the_lists_page(self):
        submission = proposal_list()
        self.client.force_login(self.office)
        url = reverse("research_order_submission:inspect", args=[submission.pk])
        page = self.client.get(url)
        self.assertContains(page, "data-issue-document")
        self.assertContains(page, 'value="order_submission"')
        self.assertNotContains(page, 'value="order_letter"')
        issue = reverse("research_documents:issue", args=["ordersubmission", submission.pk])
        response = self.client.post(
            issue,
            {
                "issue-kind": "order_submission",
                "issue-number": "9",
                "issue-issued_on": "2026-02-05",
            },
        )
        self.assertRedirects(response, f"{url}#documents", fetch_redirect_response=False)
        document = submission.documents.get()
        self.assertEqual(document.reference, "9-TTr/TCT")
        page = self.client.get(url)
        self.assertContains(page, "9-TTr/TCT")
        register = self.client.get(reverse("research_issued_document:index"))
        self.assertContains(register, "Tờ trình đề xuất đặt hàng nhiệm vụ")


class PlanLineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.plan = approved_plan()
        cls.line = cls.plan.planned_topics.get(origin="ordered")
        draft = ResearchPlan.objects.create(title="Dự thảo", first_year=2031, last_year=2031)
        cls.draft_line = PlannedTopics.objects.create(
            plan=draft, year=2031, level="provincial", origin="ordered", count=2
        )

    def test_the_form_offers_only_lines_of_approved_plans(self):
        self.client.force_login(self.office)
        page = self.client.get(reverse("research_order_submission:add"))
        choices = page.context["form"].formsets["lines"].empty_form.fields["planned_line"]
        self.assertIn(self.line, choices.queryset)
        self.assertNotIn(self.draft_line, choices.queryset)
        self.assertContains(page, str(self.line))
        self.assertNotContains(page, str(self.draft_line))
        self.assertEqual(self.draft_line.plan.status, PlanStatus.DRAFT)

    def test_the_lists_page_and_the_plans_page_show_the_link(self):
        topic = ProposedTopicFactory(title="Đề tài theo kế hoạch", planned_line=self.line)
        self.client.force_login(self.office)
        page = self.client.get(topic.submission.get_admin_url())
        self.assertContains(page, "data-planned-line")
        self.assertContains(page, self.plan.title)
        page = self.client.get(reverse("research_plan:inspect", args=[self.plan.pk]))
        self.assertContains(page, f'data-planned-line="{self.line.pk}"')
        self.assertContains(page, "Đề tài theo kế hoạch")
        self.assertContains(page, topic.submission.get_admin_url())

    def test_a_plan_line_deleted_leaves_the_proposed_topic(self):
        topic = ProposedTopicFactory(planned_line=self.draft_line)
        self.draft_line.delete()
        topic.refresh_from_db()
        self.assertIsNone(topic.planned_line)
        self.assertTrue(OrderSubmission.objects.filter(pk=topic.submission_id).exists())


class BatchTests(TestCase):
    def test_the_year_end_batch_offers_only_proposals_and_topics_kinds(self):
        """A plan or a list is issued from its page: the batch refused them with a KeyError."""
        office = OfficeStaffFactory()
        for kind in ("order_submission", "order_letter", "research_plan"):
            with self.subTest(kind=kind), self.assertRaises(CommandError):
                call_command("issue_documents", kind, "--year", "2026", "--user", office.username)
