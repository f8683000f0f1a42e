"""The legal grounds are data the office keeps (issue 21): a document cites what the rows say, a
ground missing its date or title prints without it and the office is told which to complete, and
the rows are the office's to correct, not to add or delete."""

import datetime

from django.test import TestCase
from django.urls import reverse

from research.documents.actions import render_document
from research.documents.grounds import GroundRole, LegalGround
from research.models import DocumentKind, IssuedDocument, LegalBasis
from tests.factories import LecturerUserFactory, OfficeStaffFactory
from tests.factories.lifecycle import accepted_topic, set_issuer
from tests.research.documents.test_documents import text_of

ISSUED_ON = datetime.date(2026, 2, 5)


class LegalGroundTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        set_issuer()
        cls.office = OfficeStaffFactory()
        cls.topic = accepted_topic(office=cls.office, legal_basis=LegalBasis.REGIME_2025)
        cls.decree = LegalGround.objects.get(regime=LegalBasis.REGIME_2025, role=GroundRole.DECREE)

    def decision_text(self):
        docx, _template = render_document(
            DocumentKind.RECOGNITION_DECISION, self.topic, number="4", issued_on=ISSUED_ON
        )
        return text_of(docx)[1]

    def issue(self):
        return self.client.post(
            reverse("research_documents:issue", args=["topic", self.topic.pk]),
            {
                "issue-kind": DocumentKind.RECOGNITION_DECISION,
                "issue-number": "4",
                "issue-issued_on": "2026-02-05",
            },
            follow=True,
        )

    def test_the_seeded_rows_are_complete(self):
        self.assertEqual(LegalGround.objects.count(), 6)
        self.assertEqual([g.number for g in LegalGround.objects.all() if g.missing()], [])
        self.assertIn(
            "Căn cứ Nghị định số 267/2025/NĐ-CP ngày 14 tháng 10 năm 2025 của Chính phủ quy định "
            "chi tiết và hướng dẫn một số điều của Luật Khoa học, công nghệ và đổi mới sáng tạo về "
            "chương trình, nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo",
            self.decision_text(),
        )

    def test_a_document_cites_the_rows_as_the_office_corrects_them(self):
        self.decree.issued_on = datetime.date(2025, 10, 1)
        self.decree.title = "quy định chi tiết một số điều"
        self.decree.save()
        self.assertIn(
            "Căn cứ Nghị định số 267/2025/NĐ-CP ngày 01 tháng 10 năm 2025 của Chính phủ quy định "
            "chi tiết một số điều;",
            self.decision_text(),
        )
        self.decree.issued_on = None  # never a guessed date: the citation goes without it
        self.decree.save()
        self.assertIn(
            "Căn cứ Nghị định số 267/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều;",
            self.decision_text(),
        )

    def test_issuing_a_document_that_cites_an_incomplete_ground_warns_the_office(self):
        self.client.force_login(self.office)
        response = self.issue()
        self.assertFalse([m for m in response.context["messages"] if m.level_tag == "warning"])
        LegalGround.objects.filter(pk=self.decree.pk).update(issued_on=None)
        LegalGround.objects.filter(regime=LegalBasis.REGIME_2025, role=GroundRole.CIRCULAR).update(
            title=""
        )
        IssuedDocument.objects.all().delete()
        response = self.issue()
        warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
        # the decision cites the decree (no date now) and the circular (no subject line now)
        self.assertEqual(len(warnings), 2, warnings)
        self.assertIn("Nghị định 267/2025/NĐ-CP", "".join(warnings))
        self.assertIn("thiếu ngày ban hành", "".join(warnings))  # Vietnamese, as the office reads
        self.assertIn("Thông tư 36/2025/TT-BKHCN", "".join(warnings))

    def test_the_office_corrects_a_row_and_may_neither_add_nor_delete_one(self):
        self.client.force_login(self.office)
        index = self.client.get(reverse("research_legal_ground:index"))
        self.assertContains(index, "267/2025/NĐ-CP")
        edit = reverse("research_legal_ground:edit", args=[self.decree.pk])
        self.assertEqual(self.client.get(edit).status_code, 200)
        response = self.client.post(
            edit,
            {
                "name": "Nghị định",
                "number": "267/2025/NĐ-CP",
                "issued_on": "2025-10-01",
                "issuer": "Chính phủ",
                "title": self.decree.title,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.decree.refresh_from_db()
        self.assertEqual(self.decree.issued_on, datetime.date(2025, 10, 1))
        self.assertNotEqual(self.client.get(reverse("research_legal_ground:add")).status_code, 200)
        delete = reverse("research_legal_ground:delete", args=[self.decree.pk])
        self.client.post(delete)  # refused: Wagtail redirects with its message
        self.assertTrue(LegalGround.objects.filter(pk=self.decree.pk).exists())

    def test_a_lecturer_does_not_see_them(self):
        self.client.force_login(LecturerUserFactory())
        response = self.client.get(reverse("research_legal_ground:index"))
        self.assertIn(response.status_code, (302, 403))
