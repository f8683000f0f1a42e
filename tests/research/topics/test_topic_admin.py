import datetime

from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from research.models import (
    ChangePolicy,
    CodePrefix,
    Topic,
    TopicStatus,
)
from tests.factories import (
    EditorFactory,
    OfficeStaffFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
    funding_source,
)

OK, DENIED, LOGIN, WORKSPACE = "ok", "denied", "login", "workspace"


# What the leadership opens, read-only (docs/documents.md): topics and the issued documents.


class TopicEditFormTests(TestCase):
    """The edit form keeps what was typed and explains in Vietnamese what is wrong."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.pi = PersonFactory()

    def form_data(self, topic, **overrides):
        source = funding_source("ngan-sach-truong")
        data = {
            "code": topic.code,
            "title": "Tên đề tài đã sửa",
            "title_en": "",
            "summary": "",
            "keyword_list": "",
            "level": topic.level,
            "field": "",
            "origin": topic.origin,
            "ordering_body": "",
            "school_role": "lead",
            "legal_basis": "2025",
            "unit": topic.unit_id,
            "planned_start": "01/01/2025",
            "planned_end": "31/12/2025",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-person": self.pi.pk,
            "members-0-role": "principal",
            "members-0-ORDER": "1",
            "members-0-id": "",
            "members-0-DELETE": "",
            "funding_lines-TOTAL_FORMS": "1",
            "funding_lines-INITIAL_FORMS": "0",
            "funding_lines-MIN_NUM_FORMS": "0",
            "funding_lines-MAX_NUM_FORMS": "1000",
            "funding_lines-0-source": source.pk,
            "funding_lines-0-approved_amount": "20000000",
            "funding_lines-0-settled_amount": "",
            "funding_lines-0-ORDER": "1",
            "funding_lines-0-id": "",
            "funding_lines-0-DELETE": "",
            "tranches-TOTAL_FORMS": "1",
            "tranches-INITIAL_FORMS": "0",
            "tranches-MIN_NUM_FORMS": "0",
            "tranches-MAX_NUM_FORMS": "1000",
            "tranches-0-source": source.pk,
            "tranches-0-number": "1",
            "tranches-0-planned_on": "01/02/2025",
            "tranches-0-planned_amount": "15000000",
            "tranches-0-paid_on": "",
            "tranches-0-paid_amount": "",
            "tranches-0-ORDER": "1",
            "tranches-0-id": "",
            "tranches-0-DELETE": "",
            "deadlines-TOTAL_FORMS": "0",
            "deadlines-INITIAL_FORMS": "0",
            "deadlines-MIN_NUM_FORMS": "0",
            "deadlines-MAX_NUM_FORMS": "1000",
        }
        data.update(overrides)
        return data

    def post(self, topic, **overrides):
        self.client.force_login(self.office)
        return self.client.post(
            reverse("research_topic:edit", args=[topic.pk]), self.form_data(topic, **overrides)
        )

    def test_a_valid_edit_saves_team_and_funding(self):
        topic = TopicFactory()
        response = self.post(topic)
        self.assertEqual(response.status_code, 302)
        topic.refresh_from_db()
        self.assertEqual(topic.title, "Tên đề tài đã sửa")
        self.assertEqual(topic.principal, self.pi)
        self.assertEqual(
            (topic.approved_total, topic.tranches.get().planned_amount), (20_000_000, 15_000_000)
        )

    def test_a_date_typo_is_refused_with_the_reason_and_nothing_is_generated(self):
        topic = TopicFactory(status=TopicStatus.IN_PROGRESS)
        for start in ("01/01/0026", "01/01/2206"):
            with self.subTest(start=start):
                response = self.post(topic, planned_start=start)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "hãy kiểm tra lại năm")
        topic.refresh_from_db()
        self.assertEqual(topic.planned_start, datetime.date(2025, 1, 1))
        self.assertEqual(topic.deadlines.count(), 0)

    def test_tranches_above_the_approved_amount_are_refused_and_input_kept(self):
        topic = TopicFactory()
        response = self.post(topic, **{"tranches-0-planned_amount": "25000000"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "vượt kinh phí được duyệt")
        self.assertContains(response, 'value="25000000"')
        self.assertContains(response, 'value="Tên đề tài đã sửa"')
        self.assertFalse(Topic.objects.get(pk=topic.pk).tranches.exists())

    def test_end_before_start_is_refused_and_input_kept(self):
        topic = TopicFactory()
        response = self.post(topic, planned_end="01/12/2024")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ngày kết thúc không được trước ngày bắt đầu.")
        self.assertContains(response, 'value="01/12/2024"')
        self.assertNotEqual(Topic.objects.get(pk=topic.pk).title, "Tên đề tài đã sửa")

    def test_duplicate_code_is_refused(self):
        TopicFactory(code="QT-2025-01")
        topic = TopicFactory()
        response = self.post(topic, code="QT-2025-01")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "đã tồn tại")

    def test_status_is_not_editable_in_the_form(self):
        topic = TopicFactory()
        self.post(topic, status=TopicStatus.ACCEPTED, grade="excellent")
        topic.refresh_from_db()
        self.assertEqual((topic.status, topic.grade), (TopicStatus.APPROVED, ""))


class TopicStatusViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def setUp(self):
        self.client.force_login(self.office)

    def test_office_moves_a_topic_and_history_shows_it(self):
        topic = TopicFactory()
        response = self.client.post(
            reverse("research_topic:status", args=[topic.pk]), {"to_status": "in_progress"}
        )
        self.assertRedirects(response, reverse("research_topic:inspect", args=[topic.pk]))
        topic.refresh_from_db()
        self.assertEqual(topic.status, TopicStatus.IN_PROGRESS)
        history = self.client.get(reverse("research_topic:history", args=[topic.pk]))
        self.assertContains(history, "Chuyển trạng thái từ “Đã phê duyệt” sang “Đang thực hiện”")

    def test_a_refused_move_is_explained_and_changes_nothing(self):
        topic = TopicFactory()
        response = self.client.post(
            reverse("research_topic:status", args=[topic.pk]),
            {"to_status": "withdrawn", "reason": ""},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hãy nêu lý do của thay đổi này.")
        topic.refresh_from_db()
        self.assertEqual(topic.status, TopicStatus.APPROVED)
        self.assertFalse(ModelLogEntry.objects.for_instance(topic).exists())

    def test_only_allowed_moves_are_offered(self):
        topic = TopicFactory()
        response = self.client.get(reverse("research_topic:status", args=[topic.pk]))
        self.assertContains(response, 'value="in_progress"')
        self.assertNotContains(response, 'value="accepted"')
        response = self.client.post(
            reverse("research_topic:status", args=[topic.pk]), {"to_status": "accepted"}
        )
        self.assertEqual(response.status_code, 200)
        topic.refresh_from_db()
        self.assertEqual(topic.status, TopicStatus.APPROVED)

    def test_acceptance_cannot_be_skipped_from_the_status_form(self):
        """Under evaluation, the form offers nothing: the grade comes from the council."""
        topic = TopicFactory(status=TopicStatus.UNDER_EVALUATION)
        for target, grade in (("accepted", "excellent"), ("failed", "")):
            with self.subTest(target=target):
                response = self.client.post(
                    reverse("research_topic:status", args=[topic.pk]),
                    {"to_status": target, "grade": grade, "reason": "x"},
                )
                self.assertEqual(response.status_code, 200)
                topic.refresh_from_db()
                self.assertEqual((topic.status, topic.grade), (TopicStatus.UNDER_EVALUATION, ""))
        inspect = self.client.get(reverse("research_topic:inspect", args=[topic.pk]))
        self.assertNotContains(inspect, reverse("research_topic:status", args=[topic.pk]))

    def test_the_office_terminates_from_the_topic_page(self):
        topic = TopicFactory(status=TopicStatus.IN_PROGRESS)
        url = reverse("research_topic:terminate", args=[topic.pk])
        inspect = self.client.get(reverse("research_topic:inspect", args=[topic.pk]))
        self.assertContains(inspect, url)
        self.client.post(url, {"terminate-reason": ""})
        topic.refresh_from_db()
        self.assertEqual(topic.status, TopicStatus.IN_PROGRESS)
        response = self.client.post(url, {"terminate-reason": "Quyết định số 12/QĐ-TCT"})
        self.assertRedirects(response, reverse("research_topic:inspect", args=[topic.pk]))
        topic.refresh_from_db()
        self.assertEqual(topic.status, TopicStatus.TERMINATED)

    def test_the_office_manages_change_policies(self):
        response = self.client.post(
            reverse("research_change_policy:add"),
            {
                "level": "provincial",
                "legal_basis": "",
                "max_duration_months": 24,
                "max_extensions": 2,
                "max_extension_months": 6,
            },
        )
        self.assertEqual(response.status_code, 302)
        policy = ChangePolicy.objects.get(level="provincial", legal_basis="")
        self.assertEqual(
            (policy.max_duration_months, policy.max_extensions, policy.max_extension_months),
            (24, 2, 6),
        )
        for index, model in (
            ("research_change_policy:index", policy),
            ("research_code_prefix:index", CodePrefix.objects.first()),
        ):
            with self.subTest(index=index):
                listing = self.client.get(reverse(index))
                edit = index.replace(":index", ":edit")
                self.assertContains(listing, f'href="{reverse(edit, args=[model.pk])}"')


class OutputAdminTests(TestCase):
    def test_filters_by_kind_and_year(self):
        OutputFactory(
            title="Sách chuyên khảo năm 2024",
            kind="monograph",
            published_on=datetime.date(2024, 3, 1),
        )
        OutputFactory(title="Bài báo năm 2025", published_on=datetime.date(2025, 3, 1))
        self.client.force_login(OfficeStaffFactory())
        response = self.client.get(reverse("research_output:index"), {"kind": "monograph"})
        self.assertContains(response, "Sách chuyên khảo năm 2024")
        self.assertNotContains(response, "Bài báo năm 2025")
        response = self.client.get(reverse("research_output:index"), {"year": "2025"})
        self.assertContains(response, "Bài báo năm 2025")
        self.assertNotContains(response, "Sách chuyên khảo năm 2024")


class TopicInspectStatusFormTests(TestCase):
    def test_status_form_is_offered_to_the_office_only(self):
        topic = TopicFactory()
        url = reverse("research_topic:inspect", args=[topic.pk])
        status_url = reverse("research_topic:status", args=[topic.pk])
        self.client.force_login(OfficeStaffFactory())
        self.assertContains(self.client.get(url), f'action="{status_url}"')
        self.client.force_login(EditorFactory())
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)  # the editor opens no research record

    def test_no_status_form_on_a_finished_topic(self):
        topic = TopicFactory(status=TopicStatus.WITHDRAWN)
        self.client.force_login(OfficeStaffFactory())
        response = self.client.get(reverse("research_topic:inspect", args=[topic.pk]))
        self.assertNotContains(response, reverse("research_topic:status", args=[topic.pk]))


class TopicWorkAdminTests(TestCase):
    """The office decides reports and requests and moves deadlines from the topic's page."""

    @classmethod
    def setUpTestData(cls):
        from research.models import regenerate_deadlines
        from research.topics.actions.running import RequestChange, SubmitProgressReport
        from tests.factories import PersonWithLoginFactory

        cls.office = OfficeStaffFactory()
        cls.pi = PersonWithLoginFactory()
        cls.topic = TopicFactory(in_progress=True, principal=cls.pi)
        regenerate_deadlines(cls.topic)
        cls.report = SubmitProgressReport(
            cls.topic, user=cls.pi.user, text="Tiến độ tốt", percent_done=50
        ).execute()
        cls.request = RequestChange(
            cls.topic, "extension", user=cls.pi.user, reason="Cần thêm thời gian", months=3
        ).execute()

    def test_office_decides_from_the_inspect_page(self):
        self.client.force_login(self.office)
        page = self.client.get(reverse("research_topic:inspect", args=[self.topic.pk]))
        self.assertContains(page, "Tiến độ tốt")
        self.assertContains(page, "Cần thêm thời gian")
        self.client.post(
            reverse("research_topic:decide-report", args=[self.topic.pk, self.report.pk]),
            {"decision": "accept"},
        )
        response = self.client.post(
            reverse("research_topic:decide-request", args=[self.topic.pk, self.request.pk]),
            {"decision": "accept"},
            follow=True,
        )
        self.assertContains(response, "Đã ghi nhận.")
        self.topic.refresh_from_db()
        self.assertEqual(self.topic.status, TopicStatus.EXTENDED)
        deadline = self.topic.deadlines.filter(done_on__isnull=True).first()
        response = self.client.post(
            reverse("research_topic:change-deadline", args=[self.topic.pk, deadline.pk]),
            {"waive": "on", "reason": "Không cần nữa"},
            follow=True,
        )
        deadline.refresh_from_db()
        self.assertIsNotNone(deadline.waived_on)
        history = self.client.get(reverse("research_topic:history", args=[self.topic.pk]))
        self.assertContains(history, "Miễn hạn")

    def test_editors_and_lecturers_cannot_decide(self):
        for user in (EditorFactory(), self.pi.user):
            self.client.force_login(user)
            response = self.client.post(
                reverse("research_topic:decide-request", args=[self.topic.pk, self.request.pk]),
                {"decision": "accept"},
            )
            self.assertIn(response.status_code, (302, 403))
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, "pending")

    def test_moving_the_dates_in_the_edit_form_moves_the_deadlines(self):
        from research.models import Deadline

        self.client.force_login(self.office)
        data = TopicEditFormTests.form_data(self, self.topic, planned_end="30/06/2026")
        data.update(
            {
                "members-INITIAL_FORMS": "0",
                "members-0-person": self.pi.pk,
                "funding_lines-TOTAL_FORMS": "0",
                "tranches-TOTAL_FORMS": "0",
            }
        )
        before = set(
            Deadline.objects.filter(topic=self.topic, done_on__isnull=True).values_list(
                "due_on", flat=True
            )
        )
        self.topic.members.all().delete()
        self.client.post(reverse("research_topic:edit", args=[self.topic.pk]), data)
        after = set(
            Deadline.objects.filter(topic=self.topic, done_on__isnull=True).values_list(
                "due_on", flat=True
            )
        )
        self.assertNotEqual(before, after)


class ConfidentialHistoryTests(TestCase):
    """Council scores, votes and conflict notes are in the audit log; the editor of the public
    site reads none of it, nor any research record."""

    def test_the_editor_sees_no_research_history_and_the_office_does(self):
        from wagtail.log_actions import log

        topic = TopicFactory(principal=PersonFactory())
        log(
            instance=topic,
            action="research.review.conflict",
            data={"member": "Trần Thị Bí Mật", "declared": True, "note": "Cùng khoa, đồng tác giả"},
        )
        site_history = reverse("wagtailadmin_reports:site_history")
        self.client.force_login(EditorFactory())
        response = self.client.get(site_history)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Trần Thị Bí Mật")
        for url in (
            reverse("research_topic:history", args=[topic.pk]),
            reverse("research_topic:inspect", args=[topic.pk]),
            reverse("research_person:index"),
            reverse("research_output:index"),
        ):
            with self.subTest(url=url):
                self.assertNotEqual(self.client.get(url).status_code, 200)
        self.client.force_login(OfficeStaffFactory())
        self.assertContains(self.client.get(site_history), "Trần Thị Bí Mật")
