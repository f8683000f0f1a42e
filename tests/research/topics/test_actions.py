import threading
import unittest

from django.db import connection
from django.test import TestCase, TransactionTestCase
from wagtail.models import ModelLogEntry

from research.core.actions import ActionRefused
from research.models import (
    ALLOWED_TRANSITIONS,
    TRANSITIONS_NEEDING_REASON,
    InvalidTransition,
    Topic,
    TopicGrade,
    TopicStatus,
)
from research.topics.actions.topics import ChangeTopicStatus, TerminateTopic
from research.topics.forms import TopicStatusForm
from research.topics.models.topics import MOVES_WITH_AN_ACTION
from tests.factories import (
    CouncilMemberFactory,
    DeadlineFactory,
    EditorFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    TopicFactory,
)

ALLOWED = [(src, dst) for src, targets in ALLOWED_TRANSITIONS.items() for dst in targets]
GENERIC = [(src, dst) for src, dst in ALLOWED if dst not in MOVES_WITH_AN_ACTION]
OWN_STEP = [(src, dst) for src, dst in ALLOWED if dst in MOVES_WITH_AN_ACTION]
REFUSED = [
    (src, dst)
    for src in TopicStatus.values
    for dst in TopicStatus.values
    if dst not in ALLOWED_TRANSITIONS[src]
]


def arguments_for(to_status):
    return {"reason": "Lý do cụ thể" if to_status in TRANSITIONS_NEEDING_REASON else ""}


def topic_in(status):
    grade = {TopicStatus.ACCEPTED: TopicGrade.GOOD, TopicStatus.FAILED: TopicGrade.FAIL}
    return TopicFactory(status=status, grade=grade.get(status, ""))


class ChangeTopicStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_the_generic_moves_are_starting_and_withdrawing(self):
        self.assertEqual(
            sorted(GENERIC),
            [
                (TopicStatus.APPROVED, TopicStatus.IN_PROGRESS),
                (TopicStatus.APPROVED, TopicStatus.WITHDRAWN),
            ],
        )

    def test_every_generic_move_is_applied_and_logged(self):
        for from_status, to_status in GENERIC:
            with self.subTest(move=f"{from_status} → {to_status}"):
                topic = topic_in(from_status)
                ChangeTopicStatus(
                    topic, to_status, user=self.office, **arguments_for(to_status)
                ).execute()
                topic.refresh_from_db()
                self.assertEqual(topic.status, to_status)
                entry = ModelLogEntry.objects.for_instance(topic).get()
                self.assertEqual(entry.action, "research.topic.status")
                self.assertEqual(entry.user, self.office)
                self.assertEqual(entry.data["from"], from_status)
                self.assertEqual(entry.data["to"], to_status)
                self.assertEqual(entry.data["reason"], arguments_for(to_status)["reason"])

    def test_moves_with_a_step_of_their_own_are_refused_here(self):
        """Acceptance, failure, extension, self-evaluation, the council and termination each go
        through their own action; the generic change cannot skip them."""
        for from_status, to_status in OWN_STEP:
            with self.subTest(move=f"{from_status} → {to_status}"):
                topic = topic_in(from_status)
                with self.assertRaises(InvalidTransition) as caught:
                    ChangeTopicStatus(topic, to_status, user=self.office, reason="x").execute()
                self.assertIn("qua bước riêng của nó", str(caught.exception))
                topic.refresh_from_db()
                self.assertEqual(topic.status, from_status)
                self.assertFalse(ModelLogEntry.objects.for_instance(topic).exists())

    def test_every_other_move_is_refused_and_changes_nothing(self):
        for from_status, to_status in REFUSED:
            with self.subTest(move=f"{from_status} → {to_status}"):
                topic = topic_in(from_status)
                with self.assertRaises(InvalidTransition) as caught:
                    ChangeTopicStatus(
                        topic, to_status, user=self.office, **arguments_for(to_status)
                    ).execute()
                self.assertIn("không thể chuyển sang", str(caught.exception))
                topic.refresh_from_db()
                self.assertEqual(topic.status, from_status)
                self.assertFalse(ModelLogEntry.objects.for_instance(topic).exists())

    def test_unknown_status_is_refused(self):
        topic = topic_in(TopicStatus.APPROVED)
        with self.assertRaises(InvalidTransition):
            ChangeTopicStatus(topic, "published", user=self.office).execute()

    def test_withdrawing_needs_a_reason(self):
        topic = topic_in(TopicStatus.APPROVED)
        with self.assertRaises(InvalidTransition):
            ChangeTopicStatus(topic, TopicStatus.WITHDRAWN, user=self.office, reason="  ").execute()
        topic.refresh_from_db()
        self.assertEqual(topic.status, TopicStatus.APPROVED)

    def test_the_status_form_offers_only_the_generic_moves(self):
        for status in TopicStatus.values:
            with self.subTest(status=status):
                form = TopicStatusForm(topic=topic_in(status))
                offered = {value for value, _label in form.fields["to_status"].choices}
                self.assertFalse(offered & set(MOVES_WITH_AN_ACTION))


class TerminateTopicTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_the_office_terminates_with_a_reason_and_open_deadlines_are_waived(self):
        for status in (
            TopicStatus.APPROVED,
            TopicStatus.IN_PROGRESS,
            TopicStatus.EXTENDED,
            TopicStatus.SELF_EVALUATED,
        ):
            with self.subTest(status=status):
                topic = topic_in(status)
                deadline = DeadlineFactory(topic=topic)
                with self.assertRaises(InvalidTransition):
                    TerminateTopic(topic, user=self.office, reason=" ").execute()
                TerminateTopic(
                    topic, user=self.office, reason="Chủ nhiệm chuyển công tác"
                ).execute()
                topic.refresh_from_db()
                deadline.refresh_from_db()
                self.assertEqual(topic.status, TopicStatus.TERMINATED)
                self.assertFalse(deadline.is_open)
                self.assertEqual(deadline.waive_reason, "Chủ nhiệm chuyển công tác")
                entry = ModelLogEntry.objects.for_instance(topic).get()
                self.assertEqual(entry.data["reason"], "Chủ nhiệm chuyển công tác")

    def test_a_topic_under_evaluation_or_ended_is_not_terminated(self):
        for status in (TopicStatus.UNDER_EVALUATION, TopicStatus.ACCEPTED, TopicStatus.WITHDRAWN):
            with self.subTest(status=status):
                topic = topic_in(status)
                with self.assertRaises(InvalidTransition):
                    TerminateTopic(topic, user=self.office, reason="x").execute()

    def test_only_the_office_terminates(self):
        topic = topic_in(TopicStatus.IN_PROGRESS)
        with self.assertRaises(ActionRefused):
            TerminateTopic(topic, user=LecturerUserFactory(), reason="x").execute()


class OfficeMoveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_only_the_research_office_changes_a_status(self):
        for user in (LecturerUserFactory(), CouncilMemberFactory(), EditorFactory()):
            with self.subTest(user=user.username):
                topic = topic_in(TopicStatus.APPROVED)
                with self.assertRaises(ActionRefused):
                    ChangeTopicStatus(topic, TopicStatus.IN_PROGRESS, user=user).execute()
                topic.refresh_from_db()
                self.assertEqual(topic.status, TopicStatus.APPROVED)

    def test_the_check_uses_the_locked_row_not_the_stale_instance(self):
        topic = topic_in(TopicStatus.APPROVED)
        stale = Topic.objects.get(pk=topic.pk)
        ChangeTopicStatus(topic, TopicStatus.IN_PROGRESS, user=self.office).execute()
        with self.assertRaises(InvalidTransition):
            ChangeTopicStatus(stale, TopicStatus.IN_PROGRESS, user=self.office).execute()
        self.assertEqual(ModelLogEntry.objects.for_instance(topic).count(), 1)


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class ConcurrentStatusChangeTests(TransactionTestCase):
    # Keep the roles and reference rows that migrations created across the flush.
    serialized_rollback = True

    def test_two_simultaneous_moves_apply_once(self):
        office = OfficeStaffFactory()
        topic = topic_in(TopicStatus.APPROVED)
        barrier = threading.Barrier(2)
        outcomes = []

        def move():
            barrier.wait()
            try:
                ChangeTopicStatus(topic, TopicStatus.IN_PROGRESS, user=office).execute()
                outcomes.append("applied")
            except InvalidTransition:
                outcomes.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=move) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(outcomes), ["applied", "refused"])
        self.assertEqual(ModelLogEntry.objects.for_instance(topic).count(), 1)
