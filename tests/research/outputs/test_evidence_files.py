"""Declaration evidence opens for those who verify or own it (issue 19, item 8): the verification
queue linked to /research/files/records/<file> and /research/files/participation/<file>, which
answered 404 for every role."""

import datetime

from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone

from research.models import EventParticipation, Fieldwork, ParticipationRole, ScientificEvent
from tests.factories import (
    CouncilMemberFactory,
    LeadershipFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    PersonFactory,
    UnitFactory,
)

PDF = b"%PDF-1.4\n%%EOF\n"


class EvidenceFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.leadership = LeadershipFactory()
        cls.member = CouncilMemberFactory()
        cls.other = LecturerUserFactory()
        PersonFactory(user=cls.other)
        cls.owner = LecturerUserFactory()
        cls.person = PersonFactory(user=cls.owner)
        cls.companion_user = LecturerUserFactory()
        companion = PersonFactory(user=cls.companion_user)
        day = timezone.localdate() - datetime.timedelta(days=40)
        cls.fieldwork = Fieldwork.objects.create(
            place="Hướng Hóa", started_on=day, ended_on=day, declared_by=cls.owner
        )
        cls.fieldwork.lecturers.set([cls.person, companion])
        cls.fieldwork.report.save("bao-cao.pdf", ContentFile(PDF), save=True)
        cls.participation = EventParticipation.objects.create(
            person=cls.person,
            event_title="Hội thảo khoa học",
            held_on=day,
            role=ParticipationRole.PRESENTER,
            declared_by=cls.owner,
        )
        cls.participation.certificate.save("giay-chung-nhan.pdf", ContentFile(PDF), save=True)

    def status(self, user, field_file):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(field_file.url).status_code

    def test_the_links_are_under_records_and_participation(self):
        self.assertIn("/research/files/records/", self.fieldwork.report.url)
        self.assertIn("/research/files/participation/", self.participation.certificate.url)

    def test_each_role_opens_what_it_may_and_nothing_else(self):
        expected = {
            "anonymous": (None, 404, 404),
            "office": (self.office, 200, 200),
            "leadership": (self.leadership, 200, 200),
            "declarer": (self.owner, 200, 200),
            "companion on the fieldwork": (self.companion_user, 200, 404),
            "another lecturer": (self.other, 404, 404),
            "council member": (self.member, 404, 404),
        }
        for role, (user, report, certificate) in expected.items():
            with self.subTest(role=role):
                self.assertEqual(self.status(user, self.fieldwork.report), report)
                self.assertEqual(self.status(user, self.participation.certificate), certificate)

    def test_an_events_proceedings_open_for_the_office(self):
        event = ScientificEvent.objects.create(
            title="Hội thảo cấp trường",
            held_on=timezone.localdate() - datetime.timedelta(days=10),
            level="school",
            kind="seminar",
            unit=UnitFactory(),
        )
        event.proceedings.save("ky-yeu.pdf", ContentFile(PDF), save=True)
        self.assertEqual(self.status(self.office, event.proceedings), 200)
        self.assertEqual(self.status(self.other, event.proceedings), 404)
