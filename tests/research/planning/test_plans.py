"""The plan's cycle: the office drafts it and its targets, the leadership approves or returns it,
the office reviews its years; every refused path, the history, the bounds on what is typed."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from research.core.actions import ActionRefused, InvalidTransition
from research.models import Indicator, PlanStatus, ResearchPlan
from research.planning.actions import (
    ApprovePlan,
    ProposeTargets,
    ReturnPlan,
    ReviewYear,
    SaveTargets,
    SubmitPlan,
)
from tests.factories import LeadershipFactory, LecturerUserFactory, OfficeStaffFactory


def with_thresholds():
    Indicator.objects.filter(code="4.2").update(threshold_level1=2, threshold_level2=4)
    Indicator.objects.filter(code="4.7").update(threshold_level1=50, threshold_level2=70)
    return Indicator.objects.get(code="4.2")


class PlanCycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.leadership = LeadershipFactory()
        cls.lecturer = LecturerUserFactory()
        cls.school_topics = with_thresholds()
        cls.year = timezone.localdate().year

    def setUp(self):
        self.plan = ResearchPlan.objects.create(
            title="Kế hoạch NCKH", first_year=self.year, last_year=self.year + 4
        )

    def events(self):
        return [
            entry.data["event"]
            for entry in ModelLogEntry.objects.filter(object_id=str(self.plan.pk)).order_by("pk")
        ]

    def test_the_office_drafts_and_submits_the_leadership_approves(self):
        ProposeTargets(self.plan, user=self.office).execute()
        targets = self.plan.targets.filter(indicator=self.school_topics).order_by("year")
        self.assertEqual([t.target for t in targets], [2, 3, 3, 4, 4])
        SubmitPlan(self.plan, user=self.office).execute()
        ApprovePlan(self.plan, user=self.leadership).execute()
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, PlanStatus.APPROVED)
        self.assertEqual(self.plan.approved_by, self.leadership)
        self.assertEqual(self.events(), ["targets_proposed", "submitted", "approved"])

    def test_only_the_leadership_approves(self):
        ProposeTargets(self.plan, user=self.office).execute()
        SubmitPlan(self.plan, user=self.office).execute()
        for user in (self.office, self.lecturer):
            with self.subTest(user=user), self.assertRaises(ActionRefused):
                ApprovePlan(self.plan, user=user).execute()
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, PlanStatus.SUBMITTED)

    def test_the_leadership_changes_nothing_else(self):
        for action in (
            ProposeTargets(self.plan, user=self.leadership),
            SubmitPlan(self.plan, user=self.leadership),
            SaveTargets(self.plan, {}, user=self.leadership),
        ):
            with self.subTest(action=action), self.assertRaises(ActionRefused):
                action.execute()

    def test_a_draft_is_not_approved_and_an_approved_plan_not_changed(self):
        with self.assertRaises(InvalidTransition):
            ApprovePlan(self.plan, user=self.leadership).execute()
        with self.assertRaises(ActionRefused):  # no targets yet
            SubmitPlan(self.plan, user=self.office).execute()
        ProposeTargets(self.plan, user=self.office).execute()
        SubmitPlan(self.plan, user=self.office).execute()
        with self.assertRaises(ActionRefused):
            ProposeTargets(self.plan, user=self.office).execute()
        ApprovePlan(self.plan, user=self.leadership).execute()
        with self.assertRaises(InvalidTransition):
            SubmitPlan(self.plan, user=self.office).execute()
        with self.assertRaises(ActionRefused):
            SaveTargets(
                self.plan, {(self.school_topics.pk, self.year): (Decimal(9), 9)}, user=self.office
            ).execute()

    def test_returned_with_a_reason_back_to_draft(self):
        ProposeTargets(self.plan, user=self.office).execute()
        SubmitPlan(self.plan, user=self.office).execute()
        with self.assertRaises(InvalidTransition):
            ReturnPlan(self.plan, user=self.leadership, reason="  ").execute()
        ReturnPlan(self.plan, user=self.leadership, reason="Thêm đề tài đặt hàng").execute()
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, PlanStatus.DRAFT)
        self.assertEqual(self.plan.return_reason, "Thêm đề tài đặt hàng")
        SubmitPlan(self.plan, user=self.office).execute()  # resubmitted after changes
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.return_reason, "")

    def test_the_office_saves_its_own_targets_for_the_plans_years_only(self):
        SaveTargets(
            self.plan, {(self.school_topics.pk, self.year): (Decimal(5), 5)}, user=self.office
        ).execute()
        self.assertEqual(self.plan.targets.get().target, 5)
        with self.assertRaises(ActionRefused):
            SaveTargets(
                self.plan,
                {(self.school_topics.pk, self.year + 9): (Decimal(5), 5)},
                user=self.office,
            ).execute()
        SaveTargets(
            self.plan, {(self.school_topics.pk, self.year): (None, None)}, user=self.office
        ).execute()
        self.assertFalse(self.plan.targets.exists())

    def test_a_year_is_reviewed_once_when_it_has_begun_and_the_plan_is_approved(self):
        ProposeTargets(self.plan, user=self.office).execute()
        with self.assertRaises(ActionRefused):
            ReviewYear(self.plan, self.year, user=self.office, assessment="Đạt").execute()
        SubmitPlan(self.plan, user=self.office).execute()
        ApprovePlan(self.plan, user=self.leadership).execute()
        with self.assertRaises(ActionRefused):
            ReviewYear(self.plan, self.year + 1, user=self.office, assessment="Sớm").execute()
        with self.assertRaises(ActionRefused):
            ReviewYear(self.plan, self.year, user=self.leadership, assessment="Đạt").execute()
        review = ReviewYear(self.plan, self.year, user=self.office, assessment="Đạt").execute()
        codes = {row["code"] for row in review.figures}
        self.assertIn("4.2", codes)
        with self.assertRaises(ActionRefused):
            ReviewYear(self.plan, self.year, user=self.office, assessment="Lại").execute()
        self.assertEqual(self.events()[-1], "reviewed")


class PlanScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.leadership = LeadershipFactory()
        cls.indicator = with_thresholds()
        cls.year = timezone.localdate().year

    def test_the_plans_years_are_bounded(self):
        self.client.force_login(self.office)
        for first, last, message in (
            (self.year, self.year - 1, "Năm cuối không thể trước năm đầu."),
            (self.year, self.year + 10, "Kế hoạch dài nhiều nhất 10 năm."),
            (1066, self.year, "1900"),
        ):
            with self.subTest(first=first, last=last):
                response = self.client.post(
                    reverse("research_plan:add"),
                    {
                        "title": "Kế hoạch",
                        "first_year": first,
                        "last_year": last,
                        "aim": "2",
                        "planned_topics-TOTAL_FORMS": 0,
                        "planned_topics-INITIAL_FORMS": 0,
                        "budget-TOTAL_FORMS": 0,
                        "budget-INITIAL_FORMS": 0,
                    },
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertFalse(ResearchPlan.objects.exists())

    def test_a_planned_line_is_for_a_year_of_the_plan(self):
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("research_plan:add"),
            {
                "title": "Kế hoạch",
                "first_year": self.year,
                "last_year": self.year + 1,
                "aim": "2",
                "planned_topics-TOTAL_FORMS": 1,
                "planned_topics-INITIAL_FORMS": 0,
                "planned_topics-0-year": self.year + 3,
                "planned_topics-0-level": "school",
                "planned_topics-0-origin": "proposed",
                "planned_topics-0-count": 2,
                "planned_topics-0-ORDER": 1,
                "budget-TOTAL_FORMS": 0,
                "budget-INITIAL_FORMS": 0,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"Hãy chọn năm từ {self.year} đến {self.year + 1}.")
        self.assertFalse(ResearchPlan.objects.exists())

    def test_the_targets_grid_refuses_what_no_target_can_be(self):
        plan = ResearchPlan.objects.create(title="KH", first_year=self.year, last_year=self.year)
        self.client.force_login(self.office)
        url = reverse("research_plan:targets", args=[plan.pk])
        name = f"target_{self.indicator.pk}_{self.year}"
        for value in ("-1", "1000001", "abc", "1e400"):
            with self.subTest(value=value):
                response = self.client.post(url, {name: value})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "error-message")
        self.assertFalse(plan.targets.exists())
        response = self.client.post(url, {name: "3", f"new_{self.indicator.pk}_{self.year}": "3"})
        self.assertRedirects(response, reverse("research_plan:inspect", args=[plan.pk]))
        self.assertEqual(plan.targets.get().target, 3)

    def test_the_leadership_approves_from_the_plans_page_and_edits_nothing(self):
        plan = ResearchPlan.objects.create(title="KH", first_year=self.year, last_year=self.year)
        ProposeTargets(plan, user=self.office).execute()
        SubmitPlan(plan, user=self.office).execute()
        self.client.force_login(self.leadership)
        page = self.client.get(reverse("research_plan:inspect", args=[plan.pk]))
        self.assertContains(page, "Phê duyệt kế hoạch")
        self.assertNotContains(page, reverse("research_plan:targets", args=[plan.pk]))
        self.assertIn(
            self.client.get(reverse("research_plan:targets", args=[plan.pk])).status_code,
            (302, 403),
        )
        self.client.post(reverse("research_plan:approve", args=[plan.pk]))
        plan.refresh_from_db()
        self.assertEqual(plan.status, PlanStatus.APPROVED)

    def test_the_office_cannot_approve_from_the_page(self):
        plan = ResearchPlan.objects.create(title="KH", first_year=self.year, last_year=self.year)
        ProposeTargets(plan, user=self.office).execute()
        SubmitPlan(plan, user=self.office).execute()
        self.client.force_login(self.office)
        self.assertNotContains(
            self.client.get(reverse("research_plan:inspect", args=[plan.pk])),
            "Phê duyệt kế hoạch",
        )
        response = self.client.post(reverse("research_plan:approve", args=[plan.pk]), follow=True)
        self.assertContains(response, "Chỉ Ban Giám hiệu phê duyệt kế hoạch nghiên cứu khoa học.")
        plan.refresh_from_db()
        self.assertEqual(plan.status, PlanStatus.SUBMITTED)

    def test_a_submitted_plan_is_not_edited(self):
        plan = ResearchPlan.objects.create(title="KH", first_year=self.year, last_year=self.year)
        ProposeTargets(plan, user=self.office).execute()
        SubmitPlan(plan, user=self.office).execute()
        self.client.force_login(self.office)
        response = self.client.get(reverse("research_plan:edit", args=[plan.pk]))
        self.assertRedirects(response, reverse("research_plan:inspect", args=[plan.pk]))

    def test_the_plan_page_shows_plan_against_actual_and_a_bad_year_is_refused(self):
        plan = ResearchPlan.objects.create(
            title="KH", first_year=self.year, last_year=self.year + 1
        )
        ProposeTargets(plan, user=self.office).execute()
        self.client.force_login(self.office)
        url = reverse("research_plan:inspect", args=[plan.pk])
        page = self.client.get(url, {"year": self.year})
        self.assertContains(page, "data-plan-actual")
        self.assertContains(page, "data-what-it-takes")
        for bad in ("abc", "99999", str(self.year + 5)):
            with self.subTest(year=bad):
                self.assertEqual(self.client.get(url, {"year": bad}).status_code, 200)


class DraftOnlyTests(TestCase):
    def test_an_approved_plan_is_neither_edited_nor_deleted(self):
        office = OfficeStaffFactory()
        with_thresholds()
        year = timezone.localdate().year
        plan = ResearchPlan.objects.create(title="KH", first_year=year, last_year=year)
        ProposeTargets(plan, user=office).execute()
        SubmitPlan(plan, user=office).execute()
        ApprovePlan(plan, user=LeadershipFactory()).execute()
        self.client.force_login(office)
        inspect = reverse("research_plan:inspect", args=[plan.pk])
        for name in ("edit", "delete"):
            with self.subTest(view=name):
                url = reverse(f"research_plan:{name}", args=[plan.pk])
                self.assertRedirects(self.client.post(url, {"title": "Khác"}), inspect)
        plan.refresh_from_db()
        self.assertEqual(plan.title, "KH")
        draft = ResearchPlan.objects.create(title="Nháp", first_year=year, last_year=year)
        self.client.post(reverse("research_plan:delete", args=[draft.pk]))
        self.assertFalse(ResearchPlan.objects.filter(pk=draft.pk).exists())
