import datetime

import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from research.core.actions import ActionRefused
from research.models import (
    ChangeKind,
    ChangePolicy,
    DeadlineKind,
    InvalidTransition,
    ReportStatus,
    RequestStatus,
    Topic,
    TopicStatus,
    regenerate_deadlines,
)
from research.topics.actions.running import (
    ChangeDeadline,
    DecideChangeRequest,
    DecideProgressReport,
    RequestChange,
    SubmitProgressReport,
)
from tests.factories import (
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputFactory,
    PersonWithLoginFactory,
    TopicFactory,
)


# The topic below runs through 2026; the clock is set inside it so that which deadline has
# passed does not depend on the day the suite runs.
@time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0), tick=False)
class RunningTopicCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def setUp(self):
        self.pi = PersonWithLoginFactory()
        self.topic = TopicFactory(
            in_progress=True,
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 12, 31),
            principal=self.pi,
        )
        regenerate_deadlines(self.topic)

    def work_log(self):
        return [
            e.data["event"]
            for e in ModelLogEntry.objects.for_instance(self.topic)
            .filter(action="research.topic.work")
            .order_by("pk")
        ]


class ProgressReportTests(RunningTopicCase):
    def test_accepting_a_report_discharges_its_deadline_and_mails_the_pi(self):
        output = OutputFactory(topic=self.topic)
        report = SubmitProgressReport(
            self.topic,
            user=self.pi.user,
            text="Đã khảo sát 20 chi bộ",
            percent_done=45,
            outputs=[output],
        ).execute()
        self.assertEqual(report.deadline.kind, DeadlineKind.PROGRESS_REPORT)
        self.assertEqual(list(report.outputs.all()), [output])
        with self.captureOnCommitCallbacks(execute=True):
            DecideProgressReport(report, user=self.office, accept=True).execute()
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.ACCEPTED)
        self.assertIsNotNone(report.deadline.done_on)
        self.assertEqual(mail.outbox[0].to, [self.pi.email])
        self.assertEqual(self.work_log(), ["report_submitted", "report_decided"])

    def test_asking_for_changes_needs_a_comment_and_keeps_the_deadline_open(self):
        report = SubmitProgressReport(
            self.topic, user=self.pi.user, text="Tiến độ", percent_done=10
        ).execute()
        with self.assertRaises(InvalidTransition):
            DecideProgressReport(report, user=self.office, accept=False, comment="").execute()
        DecideProgressReport(
            report, user=self.office, accept=False, comment="Bổ sung số liệu"
        ).execute()
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.CHANGES_REQUESTED)
        self.assertIsNone(report.deadline.done_on)
        with self.assertRaises(ActionRefused):
            DecideProgressReport(report, user=self.office, accept=True).execute()

    def test_one_report_waits_at_a_time(self):
        SubmitProgressReport(self.topic, user=self.pi.user, text="Lần 1", percent_done=10).execute()
        with self.assertRaisesMessage(ActionRefused, "đang chờ"):
            SubmitProgressReport(
                self.topic, user=self.pi.user, text="Lần 2", percent_done=20
            ).execute()

    def test_only_the_pi_or_office_reports_and_only_the_office_decides(self):
        with self.assertRaises(ActionRefused):
            SubmitProgressReport(
                self.topic, user=LecturerUserFactory(), text="x", percent_done=1
            ).execute()
        report = SubmitProgressReport(
            self.topic, user=self.office, text="Thay chủ nhiệm", percent_done=5
        ).execute()
        with self.assertRaises(ActionRefused):
            DecideProgressReport(report, user=self.pi.user, accept=True).execute()

    def test_a_topic_that_is_not_running_takes_no_report(self):
        topic = TopicFactory(principal=self.pi)  # approved, not started
        with self.assertRaisesMessage(ActionRefused, "không phải đang thực hiện"):
            SubmitProgressReport(topic, user=self.pi.user, text="x", percent_done=1).execute()


class ChangeRequestTests(RunningTopicCase):
    def test_an_approved_extension_moves_the_end_and_the_deadlines(self):
        request = RequestChange(
            self.topic, ChangeKind.EXTENSION, user=self.pi.user, reason="Khảo sát kéo dài", months=6
        ).execute()
        DecideChangeRequest(request, user=self.office, approve=True, note="Đồng ý").execute()
        self.topic.refresh_from_db()
        self.assertEqual(self.topic.status, TopicStatus.EXTENDED)
        self.assertEqual(self.topic.planned_end, datetime.date(2027, 6, 30))
        due = {d.kind: d.due_on for d in self.topic.deadlines.all()}
        self.assertEqual(due[DeadlineKind.SELF_EVALUATION], datetime.date(2027, 5, 31))
        self.assertEqual(self.work_log()[-2:], ["dates_changed", "change_decided"])

    def test_a_second_extension_is_refused_with_the_rule_quoted(self):
        first = RequestChange(
            self.topic, ChangeKind.EXTENSION, user=self.pi.user, reason="Lần 1", months=3
        ).execute()
        DecideChangeRequest(first, user=self.office, approve=True).execute()
        with self.assertRaisesMessage(ActionRefused, "Quy định cho phép gia hạn 1 lần mỗi đề tài"):
            RequestChange(
                self.topic, ChangeKind.EXTENSION, user=self.pi.user, reason="Lần 2", months=3
            ).execute()

    def test_a_second_extension_goes_through_when_the_policy_allows_two(self):
        ChangePolicy.objects.update(max_extensions=2)
        for months, end in ((3, datetime.date(2027, 3, 31)), (2, datetime.date(2027, 5, 31))):
            request = RequestChange(
                self.topic, ChangeKind.EXTENSION, user=self.pi.user, reason="Gia hạn", months=months
            ).execute()
            DecideChangeRequest(request, user=self.office, approve=True).execute()
            self.topic.refresh_from_db()
            request.refresh_from_db()
            self.assertEqual(request.status, RequestStatus.APPROVED)
            self.assertEqual(self.topic.status, TopicStatus.EXTENDED)
            self.assertEqual(self.topic.planned_end, end)
        with self.assertRaisesMessage(ActionRefused, "gia hạn 2 lần"):
            RequestChange(
                self.topic, ChangeKind.EXTENSION, user=self.pi.user, reason="Lần 3", months=1
            ).execute()

    def test_too_long_an_extension_is_refused_and_the_policy_is_data(self):
        with self.assertRaisesMessage(ActionRefused, "tối đa 12 tháng"):
            RequestChange(
                self.topic, ChangeKind.EXTENSION, user=self.pi.user, reason="Dài", months=13
            ).execute()
        ChangePolicy.objects.update(max_extension_months=6)
        with self.assertRaisesMessage(ActionRefused, "tối đa 6 tháng"):
            RequestChange(
                self.topic, ChangeKind.EXTENSION, user=self.pi.user, reason="Dài", months=7
            ).execute()

    def test_approved_termination_ends_the_topic(self):
        request = RequestChange(
            self.topic, ChangeKind.TERMINATION, user=self.pi.user, reason="Chủ nhiệm nghỉ hưu"
        ).execute()
        DecideChangeRequest(request, user=self.office, approve=True).execute()
        self.topic.refresh_from_db()
        self.assertEqual(self.topic.status, TopicStatus.TERMINATED)
        self.assertFalse(self.topic.deadlines.open().exists())

    def test_rejection_needs_a_note_and_changes_nothing(self):
        request = RequestChange(
            self.topic,
            ChangeKind.ADJUSTMENT,
            user=self.pi.user,
            reason="Đổi thành viên",
            details="Thay thư ký",
        ).execute()
        with self.assertRaises(InvalidTransition):
            DecideChangeRequest(request, user=self.office, approve=False, note="").execute()
        DecideChangeRequest(
            request, user=self.office, approve=False, note="Chưa đủ căn cứ"
        ).execute()
        request.refresh_from_db()
        self.assertEqual(request.status, RequestStatus.REJECTED)
        self.assertEqual(self.topic.status, TopicStatus.IN_PROGRESS)
        with self.assertRaises(ActionRefused):
            DecideChangeRequest(request, user=self.office, approve=True).execute()

    def test_only_the_office_decides(self):
        request = RequestChange(
            self.topic, ChangeKind.EXTENSION, user=self.pi.user, reason="x", months=2
        ).execute()
        with self.assertRaises(ActionRefused):
            DecideChangeRequest(request, user=self.pi.user, approve=True).execute()


class ChangeDeadlineTests(RunningTopicCase):
    def test_move_and_waive_with_a_reason(self):
        report = self.topic.deadlines.get(kind=DeadlineKind.PROGRESS_REPORT)
        with self.assertRaises(InvalidTransition):
            ChangeDeadline(report, user=self.office, reason="").execute()
        ChangeDeadline(
            report, user=self.office, reason="Nghỉ Tết", due_on=datetime.date(2026, 7, 15)
        ).execute()
        report.refresh_from_db()
        self.assertEqual(report.due_on, datetime.date(2026, 7, 15))
        ChangeDeadline(report, user=self.office, reason="Gộp vào báo cáo năm", waive=True).execute()
        report.refresh_from_db()
        self.assertIsNotNone(report.waived_on)
        with self.assertRaises(ActionRefused):
            ChangeDeadline(report, user=self.office, reason="x", waive=True).execute()
        self.assertEqual(self.work_log(), ["deadline_moved", "deadline_waived"])

    def test_lecturers_do_not_change_deadlines(self):
        deadline = self.topic.deadlines.first()
        with self.assertRaises(ActionRefused):
            ChangeDeadline(deadline, user=self.pi.user, reason="x", waive=True).execute()


class ProgressReportFormTests(RunningTopicCase):
    def test_the_form_lists_only_what_the_team_produced_for_this_topic(self):
        from research.topics.forms import ProgressReportForm
        from tests.factories import OutputAuthorFactory

        own = OutputFactory(topic=self.topic, title="Của đề tài")
        fresh = OutputAuthorFactory(
            person=self.pi,
            output__title="Mới, chưa gắn đề tài",
            output__published_on=datetime.date(2026, 3, 1),
        ).output
        OutputAuthorFactory(
            person=self.pi,
            output__title="Trước khi bắt đầu",
            output__published_on=datetime.date(2025, 3, 1),
        )
        OutputAuthorFactory(
            person=self.pi,
            output__title="Của đề tài khác",
            output__published_on=datetime.date(2026, 3, 1),
            output__topic=TopicFactory(),
        )
        OutputAuthorFactory(
            output__title="Của người khác", output__published_on=datetime.date(2026, 3, 1)
        )
        form = ProgressReportForm(topic=self.topic)
        self.assertEqual(set(form.fields["outputs"].queryset), {own, fresh})


class SubmittedReportStateTests(RunningTopicCase):
    def test_a_submitted_report_is_not_overdue_while_the_office_decides(self):
        deadline = self.topic.deadlines.get(kind=DeadlineKind.PROGRESS_REPORT)
        deadline.due_on = datetime.date(2026, 2, 1)
        deadline.save()
        self.assertTrue(Topic.objects.overdue().filter(pk=self.topic.pk).exists())
        report = SubmitProgressReport(
            self.topic, user=self.pi.user, text="Đã khảo sát", percent_done=30
        ).execute()
        self.assertEqual(report.deadline, deadline)
        deadline.refresh_from_db()
        self.assertEqual(deadline.state, "submitted")
        self.assertFalse(Topic.objects.overdue().filter(pk=self.topic.pk).exists())
        self.client.force_login(self.pi.user)
        page = self.client.get(reverse("research:topic-detail", args=[self.topic.pk]))
        self.assertContains(page, "Đã nộp, chờ duyệt")
        self.assertNotContains(page, 'data-state="overdue"')
        DecideProgressReport(
            report, user=self.office, accept=False, comment="Bổ sung số liệu"
        ).execute()
        self.assertTrue(Topic.objects.overdue().filter(pk=self.topic.pk).exists())
