import threading
import unittest

from django.db import connection
from django.test import TestCase, TransactionTestCase
from wagtail.models import ModelLogEntry

from research.actions import ActionRefused, ChangeTopicStatus
from research.models import (
    ALLOWED_TRANSITIONS,
    TRANSITIONS_NEEDING_REASON,
    InvalidTransition,
    Topic,
    TopicGrade,
    TopicStatus,
)
from tests.factories import (
    CouncilMemberFactory,
    EditorFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    TopicFactory,
)

ALLOWED = [(src, dst) for src, targets in ALLOWED_TRANSITIONS.items() for dst in targets]
REFUSED = [
    (src, dst)
    for src in TopicStatus.values
    for dst in TopicStatus.values
    if dst not in ALLOWED_TRANSITIONS[src]
]


def arguments_for(to_status):
    return {
        "reason": "Lý do cụ thể" if to_status in TRANSITIONS_NEEDING_REASON else "",
        "grade": TopicGrade.GOOD if to_status == TopicStatus.ACCEPTED else "",
    }


def topic_in(status):
    grade = {TopicStatus.ACCEPTED: TopicGrade.GOOD, TopicStatus.FAILED: TopicGrade.FAIL}
    return TopicFactory(status=status, grade=grade.get(status, ""))


class ChangeTopicStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_every_allowed_move_is_applied_and_logged(self):
        for from_status, to_status in ALLOWED:
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

    def test_moves_that_end_a_topic_need_a_reason(self):
        for from_status, to_status in ALLOWED:
            if to_status not in TRANSITIONS_NEEDING_REASON:
                continue
            with self.subTest(move=f"{from_status} → {to_status}"):
                topic = topic_in(from_status)
                with self.assertRaises(InvalidTransition):
                    ChangeTopicStatus(topic, to_status, user=self.office, reason="   ").execute()
                topic.refresh_from_db()
                self.assertEqual(topic.status, from_status)

    def test_acceptance_records_the_passing_grade(self):
        topic = topic_in(TopicStatus.UNDER_EVALUATION)
        ChangeTopicStatus(
            topic, TopicStatus.ACCEPTED, user=self.office, grade=TopicGrade.EXCELLENT
        ).execute()
        topic.refresh_from_db()
        self.assertEqual(topic.grade, TopicGrade.EXCELLENT)

    def test_acceptance_without_a_passing_grade_is_refused(self):
        topic = topic_in(TopicStatus.UNDER_EVALUATION)
        for grade in ("", TopicGrade.FAIL):
            with self.subTest(grade=grade), self.assertRaises(InvalidTransition):
                ChangeTopicStatus(
                    topic, TopicStatus.ACCEPTED, user=self.office, grade=grade
                ).execute()
        topic.refresh_from_db()
        self.assertEqual((topic.status, topic.grade), (TopicStatus.UNDER_EVALUATION, ""))

    def test_failure_records_the_failing_grade(self):
        topic = topic_in(TopicStatus.UNDER_EVALUATION)
        ChangeTopicStatus(topic, TopicStatus.FAILED, user=self.office, reason="Không đạt").execute()
        topic.refresh_from_db()
        self.assertEqual(topic.grade, TopicGrade.FAIL)

    def test_a_grade_on_any_other_move_is_refused(self):
        topic = topic_in(TopicStatus.APPROVED)
        with self.assertRaises(InvalidTransition):
            ChangeTopicStatus(
                topic, TopicStatus.IN_PROGRESS, user=self.office, grade=TopicGrade.GOOD
            ).execute()

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
