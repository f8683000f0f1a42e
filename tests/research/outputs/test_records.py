import datetime

from django.db import IntegrityError, transaction
from django.test import TestCase

from research.models import BulletinIssue, EventLevel, Fieldwork, Person, ScientificEvent
from tests.factories import OutputFactory, OutsidePersonFactory, PersonFactory, UnitFactory


class RecordTests(TestCase):
    def test_bulletin_issue_numbers_are_unique_per_year(self):
        BulletinIssue.objects.create(number=1, year=2025, published_on=datetime.date(2025, 4, 1))
        BulletinIssue.objects.create(number=1, year=2026, published_on=datetime.date(2026, 4, 1))
        with self.assertRaises(IntegrityError), transaction.atomic():
            BulletinIssue.objects.create(
                number=1, year=2025, published_on=datetime.date(2025, 5, 1)
            )

    def test_fieldwork_cannot_end_before_it_starts(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Fieldwork.objects.create(
                place="Hướng Hóa",
                started_on=datetime.date(2025, 5, 10),
                ended_on=datetime.date(2025, 5, 9),
            )

    def test_papers_and_articles_link_to_their_event_and_issue(self):
        event = ScientificEvent.objects.create(
            title="Hội thảo khoa học cấp tỉnh",
            level=EventLevel.PROVINCIAL,
            held_on=datetime.date(2025, 10, 15),
            unit=UnitFactory(),
        )
        issue = BulletinIssue.objects.create(
            number=2, year=2025, published_on=datetime.date(2025, 8, 15)
        )
        paper = OutputFactory(kind="proceedings_paper", event=event)
        article = OutputFactory(kind="bulletin_article", bulletin_issue=issue)
        self.assertEqual(list(event.papers.all()), [paper])
        self.assertEqual(list(issue.articles.all()), [article])
        self.assertEqual(str(issue), "Số 2/2025")


class LecturerCountTests(TestCase):
    def test_lecturers_of_a_year_come_from_their_dates(self):
        always = PersonFactory(full_name="Nguyễn Văn A")
        joined = PersonFactory(full_name="Trần Thị B", joined_on=datetime.date(2024, 9, 1))
        left = PersonFactory(full_name="Lê Văn C", left_on=datetime.date(2023, 6, 30))
        OutsidePersonFactory()
        self.assertEqual(set(Person.objects.lecturers_in(2023)), {always, left})
        self.assertEqual(set(Person.objects.lecturers_in(2024)), {always, joined})
