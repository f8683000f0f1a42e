"""Official documents: every kind is generated for a subject that has reached it, read back with
python-docx and checked for its fields, its regime's wording and its format's elements."""

import datetime
import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext as _
from docx import Document

from research.core.actions import ActionRefused
from research.documents.actions import IssueDocument, render_document
from research.documents.builtin import builtin_template
from research.documents.render import converter, to_pdf
from research.documents.vocabulary import date_words
from research.models import (
    DocumentFormat,
    DocumentKind,
    DocumentTemplate,
    IssuedDocument,
    LegalBasis,
    TopicStatus,
)
from tests.factories import LeadershipFactory, LecturerUserFactory, OfficeStaffFactory
from tests.factories.lifecycle import accepted_topic, approved_proposal, set_issuer

ISSUED_ON = datetime.date(2026, 2, 5)


def edited(docx, old, new):
    """The .docx with `old` replaced by `new` in its body, as an office would edit it in Word."""
    source, target = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            out.writestr(item, data)
    return target.getvalue()


def text_of(docx):
    """Every paragraph of the body and of every table cell, in order."""
    document = Document(io.BytesIO(docx))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return document, "\n".join(lines)


class DocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        set_issuer()
        cls.office = OfficeStaffFactory()
        cls.proposal = approved_proposal(office=cls.office)
        cls.topic_2013 = accepted_topic(office=cls.office, legal_basis=LegalBasis.REGIME_2013)
        cls.topic_2025 = accepted_topic(office=cls.office, legal_basis=LegalBasis.REGIME_2025)

    def render(self, kind, subject, number="45"):
        docx, template = render_document(kind, subject, number=number, issued_on=ISSUED_ON)
        return template, *text_of(docx)

    def test_every_kind_is_generated_with_its_fields_and_format(self):
        subjects = {
            DocumentKind.COUNCIL_DECISION: self.proposal,
            DocumentKind.INVITATION: self.topic_2013,
            DocumentKind.MINUTES: self.proposal,
            DocumentKind.SELECTION_DECISION: self.proposal,
            DocumentKind.CONTRACT: self.topic_2025,
            DocumentKind.ACCEPTANCE_RECORD: self.topic_2013,
            DocumentKind.RECOGNITION_DECISION: self.topic_2025,
            DocumentKind.CLOSEOUT: self.topic_2025,
            DocumentKind.REGISTRATION: self.topic_2025,
        }
        for kind, subject in subjects.items():
            with self.subTest(kind=kind):
                template, document, text = self.render(kind, subject)
                self.assertIn("TRƯỜNG CHÍNH TRỊ LÊ DUẨN", text)
                self.assertIn("Quảng Trị, ngày 05 tháng 02 năm 2026", text)
                # The list of approved topics gives each its new topic code.
                code = (
                    subject.topic.code if kind == DocumentKind.SELECTION_DECISION else subject.code
                )
                self.assertIn(code, text)
                self.assertIn(subject.title, text)
                self.assertNotIn("{{", text)
                self.assertNotIn("{%", text)
                if template.format == DocumentFormat.PARTY:
                    self.assertIn("TỈNH ỦY QUẢNG TRỊ", text)
                    self.assertIn("ĐẢNG CỘNG SẢN VIỆT NAM", text)
                    self.assertRegex(text, r"Số 45-[A-ZĐ]+/TCT")
                else:
                    # The state format's parent body is the state one, never the Party's.
                    self.assertIn("UBND TỈNH QUẢNG TRỊ", text)
                    self.assertNotIn("TỈNH ỦY", text)
                    self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
                    self.assertIn("Độc lập - Tự do - Hạnh phúc", text)
                    self.assertRegex(text, r"Số: 45/([A-ZĐ]+-TCT|TCT-QLĐT&NCKH)")
                section = document.sections[0]
                self.assertEqual(
                    [round(length.mm) for length in (section.page_width, section.page_height)],
                    [210, 297],
                )
                self.assertEqual(
                    [round(m.mm) for m in (section.left_margin, section.right_margin)], [30, 15]
                )
                self.assertEqual(document.styles["Normal"].font.name, "Times New Roman")

    def test_wording_follows_the_legal_regime(self):
        _template, _document, old = self.render(DocumentKind.RECOGNITION_DECISION, self.topic_2013)
        self.assertIn("Luật Khoa học và Công nghệ số 29/2013/QH13", old)
        self.assertIn("đã được nghiệm thu", old)
        self.assertIn("Hội đồng nghiệm thu", old)
        _template, _document, new = self.render(DocumentKind.RECOGNITION_DECISION, self.topic_2025)
        self.assertIn("Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15", new)
        self.assertIn("đã được đánh giá kết quả", new)
        self.assertNotIn("nghiệm thu", new)

    def test_the_council_documents_carry_the_meeting_members_and_result(self):
        _t, _d, invitation = self.render(DocumentKind.INVITATION, self.topic_2013)
        self.assertIn("08 giờ 30", invitation)
        self.assertIn("thứ Sáu, ngày 12 tháng 6 năm 2026", invitation)
        self.assertIn("Phòng họp số 2, nhà A", invitation)
        for member in self.topic_2013.council.members.select_related("person"):
            self.assertIn(member.person.display_name, invitation)
        _t, _d, record = self.render(DocumentKind.ACCEPTANCE_RECORD, self.topic_2013)
        self.assertIn("Xếp loại", record)
        self.assertIn(self.topic_2013.get_grade_display(), record)
        self.assertIn("CHỦ TỊCH HỘI ĐỒNG", record)
        _t, _d, minutes = self.render(DocumentKind.MINUTES, self.proposal)
        self.assertIn("Đề nghị thực hiện", minutes)
        self.assertIn("Phòng họp số 2, nhà A", minutes)

    def test_number_left_blank_for_the_clerk(self):
        _t, _d, text = self.render(DocumentKind.RECOGNITION_DECISION, self.topic_2025, number="")
        self.assertIn("Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-QĐ/TCT", text)

    def test_a_document_the_subject_has_not_reached_is_refused(self):
        with self.assertRaisesMessage(
            ActionRefused, _("Only an accepted topic has this document.")
        ):
            render_document(DocumentKind.RECOGNITION_DECISION, self.proposal.topic)
        with self.assertRaises(ActionRefused):
            render_document(DocumentKind.CONTRACT, self.proposal)

    def test_dates_follow_the_decree(self):
        self.assertEqual(date_words(datetime.date(2025, 12, 5)), "ngày 05 tháng 12 năm 2025")
        self.assertEqual(date_words(datetime.date(2026, 2, 15)), "ngày 15 tháng 02 năm 2026")

    def test_the_office_format_choice_is_used(self):
        DocumentTemplate.objects.filter(kind=DocumentKind.CONTRACT).update(
            format=DocumentFormat.PARTY
        )
        _t, _d, text = self.render(DocumentKind.CONTRACT, self.topic_2025)
        self.assertIn("ĐẢNG CỘNG SẢN VIỆT NAM", text)
        self.assertNotIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)

    def test_the_office_template_replaces_the_built_in_one(self):
        template = DocumentTemplate.objects.get(kind=DocumentKind.RECOGNITION_DECISION)
        source = edited(
            builtin_template(template.kind, template.format), "QUYẾT ĐỊNH", "QUYẾT ĐỊNH CỦA TRƯỜNG"
        )
        template.custom_file.save("mine.docx", io.BytesIO(source), save=True)
        _t, _d, text = self.render(DocumentKind.RECOGNITION_DECISION, self.topic_2025)
        self.assertIn("QUYẾT ĐỊNH CỦA TRƯỜNG", text)

    def test_a_broken_office_template_is_refused_in_the_admin(self):
        self.client.force_login(self.office)
        template = DocumentTemplate.objects.get(kind=DocumentKind.MINUTES)
        broken = edited(
            builtin_template(template.kind, template.format),
            "{{ subject.code }}",
            "{{ subject.code }",
        )
        url = reverse("research_document_template:edit", args=[template.pk])
        for upload, error in (
            (
                SimpleUploadedFile("bad.docx", broken),
                _("The template cannot be filled: %(error)s") % {"error": ""},
            ),
            (
                SimpleUploadedFile("bad.docx", b"not a zip"),
                _("The file is not a Word document (.docx)."),
            ),
            (
                SimpleUploadedFile(
                    "typo.docx",
                    edited(
                        builtin_template(template.kind, template.format),
                        "{{ subject.code }}",
                        "{{ subjet.code }}",
                    ),
                ),
                "subjet",
            ),
        ):
            with self.subTest(error=error):
                response = self.client.post(
                    url,
                    {
                        "format": template.format,
                        "custom_file": upload,
                        "signer_authority": "",
                        "signer_title": "",
                        "signer_name": "",
                        "recipients": "",
                    },
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, error)
        template.refresh_from_db()
        self.assertFalse(template.custom_file)

    def test_every_built_in_template_passes_the_upload_check_and_uses_known_fields(self):
        from research.documents.fields import FIELDS, build
        from research.documents.render import check_template

        for kind in DocumentKind.values:
            for document_format in DocumentFormat.values:
                with self.subTest(kind=kind, format=document_format):
                    check_template(builtin_template(kind, document_format))
        template = DocumentTemplate.objects.get(kind=DocumentKind.CLOSEOUT)
        self.assertLessEqual(
            set(build(DocumentKind.CLOSEOUT, self.topic_2025, template, issued_on=ISSUED_ON)),
            FIELDS,
        )

    def test_issuing_keeps_the_document_in_the_register_and_logs_it(self):
        document = IssueDocument(
            self.topic_2025,
            DocumentKind.RECOGNITION_DECISION,
            user=self.office,
            number="12",
            issued_on=ISSUED_ON,
        ).execute()
        self.assertEqual(IssuedDocument.objects.get().topic, self.topic_2025)
        with document.docx.open("rb") as handle:
            self.assertIn("Số 12-QĐ/TCT", text_of(handle.read())[1])
        self.assertEqual(bool(document.pdf), converter() is not None)
        from wagtail.models import ModelLogEntry

        entry = ModelLogEntry.objects.filter(action="research.document.issued").latest("pk")
        self.assertEqual(entry.data["number"], "12")

    def test_only_the_office_issues_and_the_office_and_leadership_download(self):
        with self.assertRaises(ActionRefused):
            IssueDocument(
                self.topic_2025, DocumentKind.RECOGNITION_DECISION, user=LecturerUserFactory()
            ).execute()
        document = IssueDocument(
            self.topic_2025, DocumentKind.RECOGNITION_DECISION, user=self.office
        ).execute()
        url = reverse("research_documents:file", args=[document.pk, "docx"])
        for user, status in (
            (self.office, 200),
            (LeadershipFactory(), 200),
            (LecturerUserFactory(), 302),  # no admin access: sent to the login page
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)

    def test_the_issue_form_on_the_topic_page(self):
        self.client.force_login(self.office)
        page = self.client.get(reverse("research_topic:inspect", args=[self.topic_2025.pk]))
        self.assertContains(page, "data-issue-document")
        response = self.client.post(
            reverse("research_documents:issue", args=["topic", self.topic_2025.pk]),
            {
                "issue-kind": DocumentKind.CONTRACT,
                "issue-number": "3",
                "issue-issued_on": "2026-02-05",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(IssuedDocument.objects.get().number, "3")
        response = self.client.post(
            reverse("research_documents:issue", args=["topic", self.topic_2025.pk]),
            {"issue-kind": "nonsense", "issue-issued_on": "x"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(IssuedDocument.objects.count(), 1)

    def test_blind_review_hides_the_principal_in_the_invitation(self):
        proposal = approved_proposal(office=self.office, call__blind_review=True)
        _t, _d, text = self.render(DocumentKind.INVITATION, proposal)
        self.assertNotIn(proposal.principal.full_name, text)
        _t, _d, decision = self.render(DocumentKind.SELECTION_DECISION, proposal)
        self.assertIn(proposal.principal.full_name, decision)

    def test_minutes_download_in_the_workspace(self):
        secretary = next(
            r.member.person.user
            for r in self.proposal.reviews.select_related("member__person__user")
            if r.is_secretary
        )
        self.client.force_login(secretary)
        response = self.client.get(
            reverse("research:proposal-minutes-docx", args=[self.proposal.pk])
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("BIÊN BẢN", text_of(response.content)[1])
        self.client.force_login(LecturerUserFactory())
        response = self.client.get(
            reverse("research:proposal-minutes-docx", args=[self.proposal.pk])
        )
        self.assertEqual(response.status_code, 403)


class PdfTests(TestCase):
    def test_pdf_through_libreoffice(self):
        if converter() is None:
            if os.environ.get("CI"):
                pytest.fail("LibreOffice (soffice) must be installed in CI: .ci/run installs it.")
            pytest.skip("LibreOffice is not installed (Debian package libreoffice-writer-nogui).")
        set_issuer()
        topic = accepted_topic()
        docx, _template = render_document(DocumentKind.RECOGNITION_DECISION, topic)
        pdf = to_pdf(docx)
        self.assertTrue(pdf.startswith(b"%PDF-"))
        self.assertGreater(len(pdf), 5000)
        self.assertTrue(zipfile.is_zipfile(io.BytesIO(docx)))
        self.assertEqual(topic.status, TopicStatus.ACCEPTED)
