"""The plan issued as a Kế hoạch: a built-in document kind of its own (the format tests in
tests/research/documents/test_document_format.py read it in both formats), once approved."""

from django.test import TestCase
from django.urls import reverse

from research.core.actions import ActionRefused
from research.documents.actions import IssueDocument
from research.models import (
    Indicator,
    IssuedDocument,
    PlannedBudget,
    PlannedTopics,
    PlanStatus,
    ResearchPlan,
)
from research.planning.actions import ProposeTargets
from tests.factories import OfficeStaffFactory, UnitFactory, funding_source
from tests.factories.lifecycle import set_issuer
from tests.research.documents.test_documents import text_of


def approved_plan(first_year=2026, last_year=2030):
    """A period's plan with targets, topics and budget, approved."""
    Indicator.objects.filter(code="4.2").update(threshold_level1=2, threshold_level2=4)
    Indicator.objects.filter(code="4.9").update(threshold_level1=3, threshold_level2=5)
    plan = ResearchPlan.objects.create(
        title=f"Kế hoạch nghiên cứu khoa học giai đoạn {first_year}–{last_year}",
        first_year=first_year,
        last_year=last_year,
        purpose="Đáp ứng tiêu chí 4 của trường chính trị chuẩn.",
    )
    ProposeTargets(plan, user=OfficeStaffFactory()).execute()
    PlannedTopics.objects.create(
        plan=plan, year=first_year, level="provincial", origin="ordered", count=1
    )
    PlannedTopics.objects.create(
        plan=plan, year=first_year, level="school", origin="proposed", unit=UnitFactory(), count=3
    )
    PlannedBudget.objects.create(
        plan=plan, year=first_year, source=funding_source(), amount=1_250_000_000
    )
    ResearchPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    plan.refresh_from_db()
    return plan


class PlanDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        set_issuer()
        cls.office = OfficeStaffFactory()
        cls.plan = approved_plan()

    def test_the_office_issues_the_kế_hoạch_in_the_kh_register(self):
        document = IssueDocument(self.plan, "research_plan", user=self.office, number="7").execute()
        self.assertEqual(document.researchplan, self.plan)
        self.assertEqual(document.reference, "7-KH/TCT")
        text = text_of(document.docx.read())[1]
        for expected in (
            "KẾ HOẠCH",
            "Nghiên cứu khoa học giai đoạn 2026 - 2030",
            "4.2. Đề tài khoa học cấp cơ sở trong năm",
            "2026: 2; 2027: 3; 2028: 3; 2029: 4; 2030: 4",
            "1.250.000.000 đ",
            "Toàn trường",
            "đạt chuẩn mức 2 vào năm 2030",
        ):
            self.assertIn(expected, text)

    def test_a_draft_plan_is_not_issued(self):
        draft = ResearchPlan.objects.create(title="Dự thảo", first_year=2027, last_year=2027)
        with self.assertRaises(ActionRefused):
            IssueDocument(draft, "research_plan", user=self.office).execute()
        with self.assertRaises(ActionRefused):  # nor a topic's kind for a plan
            IssueDocument(self.plan, "contract", user=self.office).execute()

    def test_issued_from_the_plans_page(self):
        self.client.force_login(self.office)
        page = self.client.get(reverse("research_plan:inspect", args=[self.plan.pk]))
        self.assertContains(page, "data-issue-document")
        response = self.client.post(
            reverse("research_documents:issue", args=["researchplan", self.plan.pk]),
            {"issue-kind": "research_plan", "issue-number": "8", "issue-issued_on": "05/02/2026"},
        )
        self.assertRedirects(
            response,
            reverse("research_plan:inspect", args=[self.plan.pk]) + "#documents",
            fetch_redirect_response=False,
        )
        self.assertEqual(IssuedDocument.objects.get(researchplan=self.plan).number, "8")
