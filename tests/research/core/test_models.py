import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from research.models import (
    Deadline,
    FundingLine,
    Person,
    TeamRole,
    Topic,
    TopicGrade,
    TopicMember,
    TopicOrigin,
    TopicStatus,
    Tranche,
    check_tranches,
)
from tests.factories import (
    DeadlineFactory,
    FundingLineFactory,
    OutsidePersonFactory,
    PersonFactory,
    TopicFactory,
    TrancheFactory,
    UnitFactory,
    funding_source,
)

TODAY = datetime.date(2025, 9, 1)


class ConstraintTests(TestCase):
    """Each invariant is refused by the database itself, not only by forms."""

    def assertRefused(self, create):
        with self.assertRaises(IntegrityError), transaction.atomic():
            create()

    def test_topic_code_is_unique(self):
        TopicFactory(code="CS-2025-01")
        self.assertRefused(lambda: TopicFactory(code="CS-2025-01"))

    def test_topic_cannot_end_before_it_starts(self):
        self.assertRefused(
            lambda: TopicFactory(
                planned_start=datetime.date(2025, 5, 1), planned_end=datetime.date(2025, 4, 30)
            )
        )

    def test_topic_may_end_on_its_start_day(self):
        day = datetime.date(2025, 5, 1)
        self.assertEqual(TopicFactory(planned_start=day, planned_end=day).planned_end, day)

    def test_ordered_topic_needs_its_ordering_body(self):
        self.assertRefused(lambda: TopicFactory(origin=TopicOrigin.ORDERED, ordering_body=None))

    def test_grade_only_on_evaluated_topic(self):
        self.assertRefused(lambda: TopicFactory(in_progress=True, grade=TopicGrade.GOOD))

    def test_accepted_topic_needs_passing_grade(self):
        self.assertRefused(lambda: TopicFactory(status=TopicStatus.ACCEPTED, grade=""))
        self.assertRefused(lambda: TopicFactory(status=TopicStatus.ACCEPTED, grade=TopicGrade.FAIL))
        accepted = TopicFactory(status=TopicStatus.ACCEPTED, grade=TopicGrade.GOOD)
        self.assertEqual(accepted.grade, TopicGrade.GOOD)

    def test_one_principal_investigator_per_topic(self):
        topic = TopicFactory(principal=PersonFactory())
        self.assertRefused(
            lambda: TopicMember.objects.create(
                topic=topic, person=PersonFactory(), role=TeamRole.PRINCIPAL
            )
        )

    def test_person_appears_once_in_a_team(self):
        person = PersonFactory()
        topic = TopicFactory(principal=person)
        self.assertRefused(
            lambda: TopicMember.objects.create(topic=topic, person=person, role=TeamRole.MEMBER)
        )

    def test_settled_amount_within_approved(self):
        self.assertRefused(
            lambda: FundingLineFactory(approved_amount=10_000_000, settled_amount=10_000_001)
        )

    def test_amounts_are_not_negative(self):
        self.assertRefused(lambda: FundingLineFactory(approved_amount=-1))
        self.assertRefused(lambda: TrancheFactory(planned_amount=-5))

    def test_funding_source_once_per_topic(self):
        line = FundingLineFactory()
        self.assertRefused(lambda: FundingLineFactory(topic=line.topic, source=line.source))

    def test_paid_tranche_needs_date_and_amount(self):
        self.assertRefused(lambda: TrancheFactory(paid_on=datetime.date(2025, 3, 1)))
        self.assertRefused(lambda: TrancheFactory(paid_amount=1_000_000))

    def test_outside_researcher_has_no_unit(self):
        self.assertRefused(lambda: OutsidePersonFactory(unit=UnitFactory()))

    def test_full_clean_reports_the_translated_constraint_message(self):
        topic = TopicFactory.build(
            unit=UnitFactory(),
            planned_start=datetime.date(2025, 5, 1),
            planned_end=datetime.date(2025, 1, 1),
        )
        with self.assertRaises(ValidationError) as caught:
            topic.full_clean()
        self.assertIn("Ngày kết thúc không được trước ngày bắt đầu.", str(caught.exception))


class TrancheTotalTests(TestCase):
    def setUp(self):
        self.topic = TopicFactory()
        self.school = funding_source("ngan-sach-truong")
        self.line = FundingLine(topic=self.topic, source=self.school, approved_amount=20_000_000)

    def tranche(self, planned, paid=None, source=None):
        return Tranche(
            topic=self.topic,
            source=source or self.school,
            number=1,
            planned_on=datetime.date(2025, 1, 1),
            planned_amount=planned,
            paid_amount=paid,
        )

    def test_tranches_up_to_the_approved_amount_pass(self):
        check_tranches([self.line], [self.tranche(12_000_000), self.tranche(8_000_000)])

    def test_planned_tranches_above_approved_are_refused(self):
        with self.assertRaises(ValidationError):
            check_tranches([self.line], [self.tranche(12_000_000), self.tranche(8_000_001)])

    def test_paid_tranches_above_approved_are_refused(self):
        with self.assertRaises(ValidationError):
            check_tranches([self.line], [self.tranche(10_000_000, paid=20_000_001)])

    def test_tranche_from_a_source_without_funding_is_refused(self):
        with self.assertRaises(ValidationError):
            check_tranches([self.line], [self.tranche(1, source=funding_source("ngan-sach-tinh"))])


class FundingTotalsTests(TestCase):
    def test_totals_are_derived_from_lines_and_tranches(self):
        topic = TopicFactory()
        FundingLineFactory(
            topic=topic,
            source=funding_source("ngan-sach-tinh"),
            approved_amount=300_000_000,
            settled_amount=250_000_000,
        )
        FundingLineFactory(
            topic=topic, source=funding_source("ngoai-ngan-sach"), approved_amount=50_000_000
        )
        TrancheFactory(
            topic=topic,
            source=funding_source("ngan-sach-tinh"),
            planned_amount=150_000_000,
            paid_on=datetime.date(2025, 2, 1),
            paid_amount=150_000_000,
        )
        TrancheFactory(
            topic=topic, source=funding_source("ngan-sach-tinh"), planned_amount=150_000_000
        )
        self.assertEqual(topic.approved_total, 350_000_000)
        self.assertEqual(topic.disbursed_total, 150_000_000)
        self.assertEqual(topic.settled_total, 250_000_000)


@time_machine.travel(datetime.datetime(2025, 9, 1, 9, 0), tick=False)
class DeadlineQuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(in_progress=True)
        cls.past_open = DeadlineFactory(topic=cls.topic, due_on=TODAY - datetime.timedelta(days=1))
        cls.past_done = DeadlineFactory(
            topic=cls.topic, due_on=datetime.date(2025, 3, 1), done_on=datetime.date(2025, 2, 27)
        )
        cls.today = DeadlineFactory(topic=cls.topic, due_on=TODAY)
        cls.in_week = DeadlineFactory(topic=cls.topic, due_on=TODAY + datetime.timedelta(days=7))
        cls.in_month = DeadlineFactory(topic=cls.topic, due_on=TODAY + datetime.timedelta(days=8))

    def test_overdue_is_past_and_not_done(self):
        self.assertEqual(list(Deadline.objects.overdue()), [self.past_open])

    def test_due_today_is_not_overdue(self):
        self.assertFalse(self.today.is_overdue)
        self.assertTrue(self.past_open.is_overdue)

    def test_due_within_counts_days_inclusively_and_skips_overdue(self):
        self.assertEqual(list(Deadline.objects.due_within(7)), [self.today, self.in_week])
        self.assertEqual(list(Deadline.objects.due_within(0)), [self.today])

    def test_open_and_done(self):
        self.assertEqual(Deadline.objects.open().count(), 4)
        self.assertEqual(list(Deadline.objects.done()), [self.past_done])


@time_machine.travel(datetime.datetime(2025, 9, 1, 9, 0), tick=False)
class TopicOverdueTests(TestCase):
    def test_topic_with_a_past_open_deadline_is_overdue(self):
        late = TopicFactory(in_progress=True)
        DeadlineFactory(topic=late, due_on=datetime.date(2025, 8, 31))
        on_time = TopicFactory(in_progress=True)
        DeadlineFactory(topic=on_time, due_on=datetime.date(2025, 9, 30))
        done = TopicFactory(in_progress=True)
        DeadlineFactory(
            topic=done, due_on=datetime.date(2025, 8, 1), done_on=datetime.date(2025, 8, 1)
        )

        self.assertEqual(list(Topic.objects.overdue()), [late])
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        flags = {t.pk: t.is_overdue for t in Topic.objects.with_overdue()}
        self.assertEqual(flags, {late.pk: True, on_time.pk: False, done.pk: False})

    def test_overdue_accepts_another_day(self):
        topic = TopicFactory(in_progress=True)
        DeadlineFactory(topic=topic, due_on=datetime.date(2025, 10, 1))
        self.assertFalse(Topic.objects.overdue().exists())
        self.assertTrue(Topic.objects.overdue(today=datetime.date(2025, 10, 2)).exists())

    def test_led_by_finds_topics_of_a_principal_investigator(self):
        pi = PersonFactory()
        led = TopicFactory(principal=pi)
        member_of = TopicFactory(principal=PersonFactory())
        TopicMember.objects.create(topic=member_of, person=pi, role=TeamRole.MEMBER)
        self.assertEqual(list(Topic.objects.led_by(pi)), [led])


class TopicListingQueryTests(TestCase):
    def assertListingQueries(self, rows):
        # topics with unit, field and overdue flag; team members; their people
        with self.assertNumQueries(3):
            listed = [
                (t.principal, t.unit.name, t.is_overdue, t.field)
                for t in Topic.objects.for_listing()
            ]
        self.assertEqual(len(listed), rows)

    def test_listing_query_count_does_not_grow_with_rows(self):
        for _ in range(2):
            TopicFactory(principal=PersonFactory())
        self.assertListingQueries(2)
        for _ in range(20):
            topic = TopicFactory(principal=PersonFactory())
            DeadlineFactory(topic=topic)
        self.assertListingQueries(22)


class PersonTests(TestCase):
    def test_people_sort_by_given_name(self):
        for name in ["Trần Văn Bình", "Nguyễn Thị An", "Lê Minh Châu"]:
            PersonFactory(full_name=name)
        self.assertEqual(
            [p.full_name for p in Person.objects.all()],
            ["Nguyễn Thị An", "Trần Văn Bình", "Lê Minh Châu"],
        )

    def test_display_name_carries_title_and_degree(self):
        person = PersonFactory(full_name="Nguyễn Văn Hùng", academic_title="pgs", degree="ts")
        self.assertEqual(person.display_name, "PGS.TS. Nguyễn Văn Hùng")
        self.assertEqual(
            PersonFactory(full_name="Lê Lan", degree="ths").display_name, "ThS. Lê Lan"
        )

    def test_lecturers_exclude_outside_people(self):
        inside = PersonFactory()
        OutsidePersonFactory()
        self.assertEqual(list(Person.objects.lecturers()), [inside])
