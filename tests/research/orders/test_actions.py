import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from wagtail.models import ModelLogEntry

from research.core.actions import ActionRefused, InvalidTransition
from research.models import (
    Deadline,
    DeadlineKind,
    Order,
    OrderStatus,
    OutgoingEmail,
    ProvinceAnswer,
    SubmissionStatus,
    TopicOrigin,
    TopicStatus,
)
from research.orders.actions import (
    ConfirmApplication,
    HandOverResults,
    RecordAnswer,
    SendSubmission,
    order_recorded,
)
from tests.factories import LecturerUserFactory, OfficeStaffFactory, TopicFactory
from tests.factories.orders import (
    LiaisonUserFactory,
    OrderFactory,
    ProposedTopicFactory,
    SubmissionFactory,
    days_ago,
)


def today():
    return timezone.localdate()


class SubmissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_send_then_answer_each_line(self):
        line = ProposedTopicFactory()
        other = ProposedTopicFactory(submission=line.submission)
        submission = line.submission
        SendSubmission(
            submission, user=self.office, number="12-TTr/TCT", sent_on=days_ago(30)
        ).execute()
        submission.refresh_from_db()
        self.assertEqual(submission.status, SubmissionStatus.SENT)
        self.assertEqual(submission.number, "12-TTr/TCT")
        RecordAnswer(
            line, user=self.office, answer=ProvinceAnswer.ORDERED, answered_on=days_ago(5)
        ).execute()
        submission.refresh_from_db()
        self.assertEqual(submission.status, SubmissionStatus.SENT)  # one line still unanswered
        RecordAnswer(
            other,
            user=self.office,
            answer=ProvinceAnswer.DEFERRED,
            answered_on=days_ago(5),
            note="Năm sau",
        ).execute()
        submission.refresh_from_db()
        self.assertEqual(submission.status, SubmissionStatus.ANSWERED)
        # a deferred line may be answered again; an ordered one is final
        RecordAnswer(
            other, user=self.office, answer=ProvinceAnswer.DECLINED, answered_on=today()
        ).execute()
        with self.assertRaises(InvalidTransition):
            RecordAnswer(
                line, user=self.office, answer=ProvinceAnswer.DECLINED, answered_on=today()
            ).execute()
        actions = set(ModelLogEntry.objects.values_list("action", flat=True))
        self.assertIn("research.order_submission.sent", actions)
        self.assertIn("research.order_submission.answer", actions)

    def test_refusals(self):
        submission = SubmissionFactory()
        with self.assertRaisesMessage(ActionRefused, "ít nhất một đề tài"):
            SendSubmission(submission, user=self.office, number="1", sent_on=today()).execute()
        line = ProposedTopicFactory(submission=submission)
        with self.assertRaises(InvalidTransition):  # not sent yet
            RecordAnswer(
                line, user=self.office, answer=ProvinceAnswer.ORDERED, answered_on=today()
            ).execute()
        with self.assertRaises(ActionRefused):  # a lecturer
            SendSubmission(
                submission, user=LecturerUserFactory(), number="1", sent_on=today()
            ).execute()
        with self.assertRaises(InvalidTransition):  # in the future
            SendSubmission(
                submission, user=self.office, number="1", sent_on=today() + datetime.timedelta(1)
            ).execute()
        SendSubmission(submission, user=self.office, number="1", sent_on=today()).execute()
        with self.assertRaises(InvalidTransition):  # twice
            SendSubmission(submission, user=self.office, number="2", sent_on=today()).execute()
        with self.assertRaises(ActionRefused):  # before it was sent
            RecordAnswer(
                line, user=self.office, answer=ProvinceAnswer.ORDERED, answered_on=days_ago(3)
            ).execute()
        with self.assertRaises(ActionRefused):  # "pending" is not an answer
            RecordAnswer(
                line, user=self.office, answer=ProvinceAnswer.PENDING, answered_on=today()
            ).execute()


class OrderCycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory(email="office@example.vn")
        cls.liaison = LiaisonUserFactory(email="lien@example.vn")

    def make_order(self, status=TopicStatus.IN_PROGRESS, **kwargs):
        accepted = status == TopicStatus.ACCEPTED
        topic = TopicFactory(
            status=status,
            planned_start=days_ago(500),
            planned_end=days_ago(30),
            grade="good" if accepted else "",
            accepted_on=days_ago(20) if accepted else None,
        )
        order = OrderFactory(topics=[topic], handover_due_on=days_ago(10), **kwargs)
        order_recorded(order, self.office, created=True)
        return order, topic

    def test_recording_makes_the_topic_ordered_with_a_handover_deadline(self):
        order, topic = self.make_order()
        topic.refresh_from_db()
        self.assertEqual(topic.origin, TopicOrigin.ORDERED)
        self.assertEqual(topic.ordering_body, order.ordering_body)
        deadline = Deadline.objects.get(topic=topic, kind=DeadlineKind.HANDOVER)
        self.assertEqual(deadline.due_on, days_ago(10))
        self.assertTrue(order.is_handover_overdue)
        # moving the date moves the deadline, without a second one
        order.handover_due_on = days_ago(2)
        order.save()
        order_recorded(order, self.office, created=False)
        self.assertEqual(
            Deadline.objects.get(topic=topic, kind=DeadlineKind.HANDOVER).due_on, days_ago(2)
        )

    def test_handover_waits_for_acceptance(self):
        order, topic = self.make_order()
        action = HandOverResults(order, user=self.office, handed_over_on=today(), number="05/BB-BG")
        with self.assertRaisesMessage(ActionRefused, "nghiệm thu"):
            action.execute()
        topic.status, topic.accepted_on, topic.grade = TopicStatus.ACCEPTED, days_ago(20), "good"
        topic.save()
        with self.assertRaises(ActionRefused):
            HandOverResults(
                order, user=LecturerUserFactory(), handed_over_on=today(), number="1"
            ).execute()
        with self.assertRaises(ActionRefused):  # no record number
            HandOverResults(order, user=self.office, handed_over_on=today(), number=" ").execute()
        HandOverResults(
            order,
            user=self.office,
            handed_over_on=days_ago(3),
            number="05/BB-BG",
            file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban"),
            confirmation_due_on=today() + datetime.timedelta(60),
        ).execute()
        order.refresh_from_db()
        self.assertEqual(order.status, OrderStatus.HANDED_OVER)
        self.assertTrue(order.handover_file.name.startswith("orders/"))
        self.assertEqual(
            Deadline.objects.get(topic=topic, kind=DeadlineKind.HANDOVER).done_on, days_ago(3)
        )
        self.assertTrue(
            Deadline.objects.filter(topic=topic, kind=DeadlineKind.APPLICATION).exists()
        )
        self.assertEqual(
            list(OutgoingEmail.objects.values_list("to", flat=True)), ["lien@example.vn"]
        )

    def test_liaison_confirms_application_of_their_own_order_only(self):
        order, topic = self.make_order(status=TopicStatus.ACCEPTED)
        with self.assertRaises(InvalidTransition):  # not handed over yet
            ConfirmApplication(
                order, user=self.liaison, applied_on=today(), note="Đã áp dụng"
            ).execute()
        HandOverResults(order, user=self.office, handed_over_on=days_ago(3), number="05").execute()
        stranger = LiaisonUserFactory(body=self.other_body())
        with self.assertRaises(ActionRefused):
            ConfirmApplication(order, user=stranger, applied_on=today(), note="x").execute()
        with self.assertRaises(ActionRefused):  # before the hand-over
            ConfirmApplication(order, user=self.liaison, applied_on=days_ago(4), note="x").execute()
        with self.assertRaises(ActionRefused):  # says nothing
            ConfirmApplication(order, user=self.liaison, applied_on=today(), note="  ").execute()
        OutgoingEmail.objects.all().delete()
        ConfirmApplication(
            order,
            user=self.liaison,
            applied_on=today(),
            note="Ban hành Kế hoạch 12-KH/TU",
            number="12",
        ).execute()
        order.refresh_from_db()
        self.assertEqual(order.status, OrderStatus.APPLIED)
        self.assertEqual(order.confirmed_by, self.liaison)
        self.assertEqual(
            list(OutgoingEmail.objects.values_list("to", flat=True)), ["office@example.vn"]
        )
        entry = ModelLogEntry.objects.filter(action="research.order.applied").get()
        self.assertEqual(entry.user, self.liaison)

    @staticmethod
    def other_body():
        from research.models import OrderingBody

        return OrderingBody.objects.order_by("sort_order")[1]


class CancelOrderTests(TestCase):
    def test_a_cancelled_order_waives_its_handover_and_needs_a_reason(self):
        from research.orders.actions import CancelOrder

        office = OfficeStaffFactory()
        topic = TopicFactory(in_progress=True)
        order = OrderFactory(topics=[topic], handover_due_on=days_ago(-30))
        order_recorded(order, office, created=True)
        with self.assertRaises(InvalidTransition):
            CancelOrder(order, user=office, reason=" ").execute()
        with self.assertRaises(ActionRefused):
            CancelOrder(order, user=LecturerUserFactory(), reason="x").execute()
        CancelOrder(order, user=office, reason="Quyết định hủy nhiệm vụ số 9").execute()
        order.refresh_from_db()
        self.assertEqual(order.status, OrderStatus.CANCELLED)
        deadline = Deadline.objects.get(topic=topic, kind=DeadlineKind.HANDOVER)
        self.assertEqual(deadline.waive_reason, "Quyết định hủy nhiệm vụ số 9")
        with self.assertRaises(InvalidTransition):  # final
            CancelOrder(order, user=office, reason="again").execute()


class OverdueTests(SimpleTestCase):
    """An order waits past a date only in the state that waits for it."""

    def test_handover_and_confirmation(self):
        late, soon = days_ago(1), days_ago(-1)
        self.assertTrue(Order(status=OrderStatus.ORDERED, handover_due_on=late).is_handover_overdue)
        self.assertFalse(
            Order(status=OrderStatus.ORDERED, handover_due_on=soon).is_handover_overdue
        )
        self.assertFalse(Order(status=OrderStatus.ORDERED).is_handover_overdue)
        waiting = Order(status=OrderStatus.HANDED_OVER, confirmation_due_on=late)
        self.assertTrue(waiting.is_confirmation_overdue)
        self.assertFalse(waiting.is_handover_overdue)
        applied = Order(status=OrderStatus.APPLIED, confirmation_due_on=late)
        self.assertFalse(applied.is_confirmation_overdue)
