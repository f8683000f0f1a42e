"""The admin home per role: the office lands on the decisions it owes, the leadership on the
year's figures and criterion 4; editors keep Wagtail's own home."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from research.models import Deadline, DeadlineKind, FundingLine, ProposalStatus
from tests.factories import (
    EditorFactory,
    LeadershipFactory,
    OfficeStaffFactory,
    ProposalFactory,
    TopicFactory,
    funding_source,
)


class AdminHomeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.submitted = ProposalFactory(
            complete=True, status=ProposalStatus.SUBMITTED, title="Đổi mới phương pháp giảng dạy"
        )
        cls.late = TopicFactory(
            in_progress=True, code="CS-2026-07", title="Công tác dân vận ở vùng biên giới"
        )
        Deadline.objects.create(
            topic=cls.late,
            kind=DeadlineKind.PROGRESS_REPORT,
            due_on=today - datetime.timedelta(days=3),
        )
        started = TopicFactory(
            in_progress=True,
            planned_start=datetime.date(today.year, 1, 15),
            planned_end=datetime.date(today.year + 1, 1, 14),
        )
        FundingLine.objects.create(
            topic=started, source=funding_source(), approved_amount=1_250_000_000
        )

    def home(self, user):
        self.client.force_login(user)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_office_lands_on_its_to_do(self):
        response = self.home(OfficeStaffFactory())
        self.assertContains(response, "Việc chờ bạn xử lý")
        self.assertContains(response, "Đổi mới phương pháp giảng dạy")
        self.assertContains(response, "Hạn đã quá")
        self.assertContains(response, "Công tác dân vận ở vùng biên giới")
        self.assertContains(response, "data-key-figures")

    def test_the_leadership_lands_on_the_figures_and_the_criterion(self):
        response = self.home(LeadershipFactory())
        self.assertNotContains(response, "data-office-todo")
        self.assertContains(response, "1.250.000.000 đ")
        self.assertContains(response, "data-criterion")
        self.assertContains(response, 'class="w-status status-')

    def test_editors_keep_wagtails_home(self):
        response = self.home(EditorFactory())
        self.assertNotContains(response, "data-office-todo")
        self.assertNotContains(response, "data-key-figures")

    def test_the_home_costs_the_same_queries_however_much_waits(self):
        office = OfficeStaffFactory()
        self.home(office)
        with CaptureQueriesContext(connection) as before:
            self.client.get("/admin/")
        for _ in range(3):
            ProposalFactory(complete=True, status=ProposalStatus.SUBMITTED)
            topic = TopicFactory(in_progress=True)
            Deadline.objects.create(
                topic=topic, kind=DeadlineKind.PROGRESS_REPORT, due_on=datetime.date(2025, 1, 1)
            )
        with CaptureQueriesContext(connection) as after:
            self.client.get("/admin/")
        self.assertEqual(len(after), len(before))
