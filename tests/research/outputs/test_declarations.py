"""Lecturers declare their own work; the office verifies it before it counts or is published;
co-authors confirm outputs that name them."""

import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.models import OutputPage
from research.core.actions import ActionRefused
from research.models import (
    EventParticipation,
    Fieldwork,
    Indicator,
    InvalidTransition,
    Output,
    Person,
    PersonKind,
    Verification,
)
from research.outputs.actions import ConfirmAuthorship, VerifyDeclaration
from research.standard.counting import evidence
from tests.cms.site import build_site
from tests.factories import (
    LecturerUserFactory,
    OfficeStaffFactory,
    PersonFactory,
    UnitFactory,
)

PDF = b"%PDF-1.4\n%%EOF\n"


def lecturer(name, unit):
    user = LecturerUserFactory(email=f"{name.split()[-1].lower()}@example.vn")
    return PersonFactory(full_name=name, unit=unit, user=user, email=user.email)


class DeclarationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.unit = UnitFactory(name="Khoa Xây dựng Đảng")
        cls.lan = lecturer("Võ Thị Mai Lan", cls.unit)
        cls.binh = lecturer("Trần Văn Bình", cls.unit)
        cls.office = OfficeStaffFactory()
        cls.articles = Indicator.objects.get(code="4.6")
        cls.fieldwork = Indicator.objects.get(code="4.12")

    def declare_output(self, **overrides):
        self.client.force_login(self.lan.user)
        data = {
            "kind": "journal_article",
            "title": "Đổi mới sinh hoạt chi bộ ở vùng biên giới",
            "author_names": "TS. Võ Thị Mai Lan\nTrần Văn Bình\nHoàng Minh (Đại học Huế)",
            "published_on": "2025-05-04",
            "keyword_list": "chi bộ\nphòng, chống tham nhũng",
            "venue": "Tạp chí Lý luận chính trị",
            "is_public": "on",
            "files-TOTAL_FORMS": "1",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
            "files-0-title": "Toàn văn",
            "files-0-file": SimpleUploadedFile("toan-van.pdf", PDF, "application/pdf"),
            "files-0-is_public": "on",
        }
        data.update(overrides)
        return self.client.post(reverse("research:declare-output"), data)

    def test_a_declared_output_waits_then_counts_once_verified(self):
        response = self.declare_output()
        self.assertRedirects(response, reverse("research:contribution"))
        output = Output.objects.get()
        self.assertEqual(output.verification, Verification.PENDING)
        self.assertEqual(output.declared_by, self.lan.user)
        authors = list(output.authors.order_by("sort_order").select_related("person"))
        self.assertEqual(
            [a.person.full_name for a in authors], ["Võ Thị Mai Lan", "Trần Văn Bình", "Hoàng Minh"]
        )
        self.assertIsNotNone(authors[0].confirmed_at)
        self.assertIsNone(authors[1].confirmed_at)
        self.assertEqual(authors[2].person.kind, PersonKind.OUTSIDE)
        self.assertEqual(output.files.count(), 1)
        self.assertEqual(output.keyword_list, ["chi bộ", "phòng, chống tham nhũng"])
        self.assertEqual(evidence(self.articles, 2025).count(), 0)
        page = self.client.get(reverse("research:contribution"))
        self.assertContains(page, "Đổi mới sinh hoạt chi bộ")
        self.assertContains(page, 'data-declarations="pending"')

        with self.captureOnCommitCallbacks(execute=True):
            VerifyDeclaration(output, user=self.office, accept=True).execute()
        self.assertEqual(list(evidence(self.articles, 2025)), [output])
        self.assertTrue(OutputPage.objects.filter(output=output).exists())
        self.assertEqual(mail.outbox[-1].to, [self.lan.email])
        events = ModelLogEntry.objects.filter(
            object_id=str(output.pk), action="research.declaration"
        )
        self.assertEqual(sorted(e.data["event"] for e in events), ["declared", "verified"])
        with self.assertRaises(ActionRefused):
            VerifyDeclaration(output, user=self.office, accept=True).execute()

    def test_the_declarer_must_be_an_author_and_names_must_be_clear(self):
        response = self.declare_output(author_names="Trần Văn Bình")
        self.assertContains(response, "không có tên trong danh sách tác giả")
        PersonFactory(full_name="Trần Văn Bình", unit=UnitFactory(name="Khoa Nhà nước"))
        response = self.declare_output()
        self.assertContains(response, "Khoa Nhà nước")
        self.assertFalse(Output.objects.exists())

    def test_returned_with_a_reason_then_corrected(self):
        self.declare_output()
        output = Output.objects.get()
        with self.assertRaises(InvalidTransition):
            VerifyDeclaration(output, user=self.office, accept=False, reason=" ").execute()
        with self.assertRaises(ActionRefused):
            VerifyDeclaration(output, user=self.binh.user, accept=True).execute()
        VerifyDeclaration(
            output, user=self.office, accept=False, reason="Thiếu số trang."
        ).execute()
        page = self.client.get(reverse("research:contribution"))
        self.assertContains(page, "Thiếu số trang.")
        edit = reverse("research:declare-output-edit", args=[output.pk])
        self.assertEqual(self.client.get(edit).status_code, 200)
        self.client.force_login(self.binh.user)
        self.assertEqual(self.client.get(edit).status_code, 403)
        self.client.force_login(self.lan.user)
        self.client.post(
            edit,
            {
                "kind": "journal_article",
                "title": output.title,
                "author_names": "Võ Thị Mai Lan",
                "published_on": "2025-05-04",
                "pages": "12-18",
                "files-TOTAL_FORMS": "0",
                "files-INITIAL_FORMS": "0",
                "files-MIN_NUM_FORMS": "0",
                "files-MAX_NUM_FORMS": "1000",
            },
        )
        output.refresh_from_db()
        self.assertEqual(
            (output.verification, output.pages, output.verification_note), ("pending", "12-18", "")
        )
        VerifyDeclaration(output, user=self.office, accept=True).execute()
        self.assertEqual(self.client.get(edit).status_code, 403)

    def test_co_authors_confirm_outputs_that_name_them(self):
        self.declare_output()
        authorship = Output.objects.get().authors.get(person=self.binh)
        self.client.force_login(self.binh.user)
        page = self.client.get(reverse("research:contribution"))
        self.assertContains(page, "Đổi mới sinh hoạt chi bộ")
        self.assertContains(page, "data-to-confirm")
        with self.assertRaises(ActionRefused):
            ConfirmAuthorship(authorship, user=self.lan.user).execute()
        self.client.post(reverse("research:confirm-authorship", args=[authorship.pk]))
        authorship.refresh_from_db()
        self.assertIsNotNone(authorship.confirmed_at)
        self.assertNotContains(self.client.get(reverse("research:contribution")), "data-to-confirm")

    def test_fieldwork_counts_once_verified(self):
        self.client.force_login(self.lan.user)
        self.client.post(
            reverse("research:declare-fieldwork"),
            {
                "place": "Huyện Hướng Hóa",
                "started_on": "2025-05-10",
                "ended_on": "2025-05-20",
                "lecturers": [self.binh.pk],
            },
        )
        fieldwork = Fieldwork.objects.get()
        self.assertEqual(set(fieldwork.lecturers.all()), {self.lan, self.binh})
        self.assertEqual(evidence(self.fieldwork, 2025).count(), 0)
        VerifyDeclaration(fieldwork, user=self.office, accept=True).execute()
        self.assertEqual(set(evidence(self.fieldwork, 2025)), {self.lan, self.binh})

    def test_event_participation_names_its_event(self):
        self.client.force_login(self.lan.user)
        url = reverse("research:declare-event")
        refused = self.client.post(url, {"held_on": "2025-04-07", "role": "presenter"})
        self.assertContains(refused, "Hãy chọn một hội thảo của Nhà trường hoặc ghi tên hội thảo.")
        self.client.post(
            url,
            {
                "event_title": "Hội thảo quốc gia về công tác dân vận",
                "organiser": "Học viện Chính trị quốc gia Hồ Chí Minh",
                "held_on": "2025-04-07",
                "role": "presenter",
                "paper_title": "Dân vận khéo ở Quảng Trị",
            },
        )
        participation = EventParticipation.objects.get()
        self.assertEqual((participation.person, participation.verification), (self.lan, "pending"))

    def test_the_office_queue(self):
        self.declare_output()
        self.client.force_login(self.office)
        queue = self.client.get(reverse("research_declarations:queue"))
        self.assertContains(queue, "Đổi mới sinh hoạt chi bộ")
        output = Output.objects.get()
        self.client.post(
            reverse("research_declarations:verify", args=["output", output.pk]),
            {"decision": "return", "reason": "Thiếu ISSN."},
        )
        output.refresh_from_db()
        self.assertEqual(
            (output.verification, output.verification_note), ("returned", "Thiếu ISSN.")
        )
        self.client.force_login(self.lan.user)
        self.assertNotEqual(
            self.client.get(reverse("research_declarations:queue")).status_code, 200
        )
        self.assertFalse(Person.objects.filter(full_name="Hoàng Minh", unit__isnull=False).exists())
        self.assertEqual(datetime.date(2025, 5, 4), output.published_on)
