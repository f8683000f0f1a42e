"""Issue 21: every built-in kind, in both formats, read element by element against the format
table (research/documents/format_rules.py), and the content a clerk would otherwise correct."""

import datetime
import io
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from research.core.actions import ActionRefused
from research.documents.actions import IssueDocument
from research.documents.builtin import builtin_template
from research.documents.fields import build, signature_notation
from research.documents.format_rules import RULES
from research.documents.formatcheck import check_format
from research.documents.render import fill, template_bytes
from research.models import (
    CouncilMeeting,
    DocumentFormat,
    DocumentKind,
    DocumentTemplate,
    IssuedDocument,
    LegalBasis,
    SubmissionKind,
    Topic,
    TopicExpectedOutput,
)
from tests.factories import OfficeStaffFactory
from tests.factories.lifecycle import accepted_topic, approved_proposal, set_issuer
from tests.research.documents.test_documents import text_of
from tests.research.orders.test_submission_document import proposal_list
from tests.research.planning.test_plan_document import approved_plan

ISSUED_ON = datetime.date(2026, 2, 5)
FORMATS = (DocumentFormat.PARTY, DocumentFormat.STATE)


def save(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paragraph_with(document, text):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.strip() == text:
                        return p
    return next(p for p in document.paragraphs if p.text.strip() == text)


class FormatTableTests(SimpleTestCase):
    def test_every_builtin_template_in_both_formats_follows_its_rules(self):
        for document_format in FORMATS:
            for kind in DocumentKind.values:
                with self.subTest(format=document_format, kind=kind):
                    deviations = check_format(
                        builtin_template(kind, document_format), document_format, kind
                    )
                    self.assertEqual([str(d) for d in deviations], [])

    def test_the_check_finds_the_defects_the_issue_lists(self):
        """The state defects found by hand in issue 21, put back into a built-in template."""
        document = Document(io.BytesIO(builtin_template("council_decision", "state")))
        paragraph_with(document, "{{ number_line }}").runs[0].font.size = Pt(12)
        place = paragraph_with(document, "{{ place_date }}").runs[0].font
        place.size, place.italic = Pt(12), False
        heading = paragraph_with(document, "Nơi nhận:").runs[0].font
        heading.size, heading.underline = Pt(11), True
        document.tables[0].columns[0].width = Pt(120)  # 4.2 cm for "TT"
        with translation.override("en"):
            found = "\n".join(
                str(d) for d in check_format(save(document), "state", "council_decision")
            )
        self.assertIn("Số, ký hiệu: 12 pt", found)
        self.assertIn("Địa danh và thời gian: 12 pt", found)
        self.assertIn("Địa danh và thời gian: should be italic", found)
        self.assertIn("“Nơi nhận:”: 11 pt", found)
        self.assertIn("“Nơi nhận:”: should not be underlined", found)

    def test_the_line_under_the_summary_follows_the_format(self):
        state = Document(io.BytesIO(builtin_template("contract", "state")))
        party = Document(io.BytesIO(builtin_template("contract", "party")))
        self.assertNotIn("-----", [p.text for p in state.paragraphs])
        self.assertIn("-----", [p.text for p in party.paragraphs])
        self.assertEqual(RULES["state"]["summary"].line_below, "solid")

    def test_a_letter_has_no_type_name_and_its_summary_under_the_number(self):
        """NĐ30 PL I/II.5 and HD36 mục 3.5: a công văn prints no “CÔNG VĂN”; its “V/v …” stands
        under the number and symbol, 12 pt, upright in the state format, italic in the Party's."""
        for document_format, italic in (("state", False), ("party", True)):
            with self.subTest(format=document_format):
                document = Document(io.BytesIO(builtin_template("order_letter", document_format)))
                left = document.tables[0].rows[0].cells[0]
                texts = [p.text for p in left.paragraphs if p.text.strip()]
                self.assertEqual(texts[-2], "{{ number_line }}")
                self.assertTrue(texts[-1].startswith("V/v đề xuất đặt hàng"))
                everything = [p.text for p in document.paragraphs]
                self.assertNotIn("CÔNG VĂN", everything)
                summary = paragraph_with(document, texts[-1]).runs[0].font
                self.assertEqual(
                    (summary.size.pt, summary.bold, summary.italic), (12, False, italic)
                )
                addressee = paragraph_with(document, "Kính gửi: {{ submission.ordering_body }}.")
                self.assertFalse(addressee.runs[0].font.bold)
        # the check reads the letter's own elements: a bold, 14 pt “V/v” is two deviations
        document = Document(io.BytesIO(builtin_template("order_letter", "state")))
        left = document.tables[0].rows[0].cells[0]
        summary = [p for p in left.paragraphs if p.text.startswith("V/v")][0].runs[0].font
        summary.bold, summary.size = True, Pt(14)
        with translation.override("en"):
            found = [str(d) for d in check_format(save(document), "state", "order_letter")]
        self.assertEqual(len(found), 2, found)
        self.assertTrue(all(line.startswith("Trích yếu nội dung công văn") for line in found))

    def test_signature_notation_follows_the_format(self):
        self.assertEqual(signature_notation("KT. HIỆU TRƯỞNG", "party"), "K/T HIỆU TRƯỞNG")
        self.assertEqual(signature_notation("K/T HIỆU TRƯỞNG", "state"), "KT. HIỆU TRƯỞNG")
        self.assertEqual(signature_notation("TM. BAN GIÁM HIỆU", "party"), "T/M BAN GIÁM HIỆU")
        self.assertEqual(signature_notation("TL. HIỆU TRƯỞNG", "party"), "T/L HIỆU TRƯỞNG")
        self.assertEqual(signature_notation("", "party"), "")


class IssuedDocumentFormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        set_issuer()
        cls.office = OfficeStaffFactory()
        cls.proposal = approved_proposal(office=cls.office)
        cls.topic = accepted_topic(office=cls.office, legal_basis=LegalBasis.REGIME_2025)
        cls.topic_2013 = accepted_topic(office=cls.office, legal_basis=LegalBasis.REGIME_2013)
        cls.plan = approved_plan()
        cls.lists = {
            "order_submission": proposal_list(SubmissionKind.SUBMISSION),
            "order_letter": proposal_list(SubmissionKind.LETTER),
        }
        DocumentTemplate.objects.filter(kind=DocumentKind.COUNCIL_DECISION).update(
            signer_authority="KT. HIỆU TRƯỞNG",
            signer_title="PHÓ HIỆU TRƯỞNG",
            signer_name="TS. Trần Thị Thu Hà",
        )

    def subject_of(self, kind):
        if kind == "research_plan":
            return self.plan
        if kind in self.lists:
            return self.lists[kind]
        return self.proposal if kind in ("minutes", "selection_decision") else self.topic

    def issue(self, kind, subject=None, document_format=None, number="45"):
        """(.docx bytes, context, text) of `kind` as issued, in `document_format` if given."""
        template = DocumentTemplate.objects.get(kind=kind)
        if document_format:
            template.format = document_format
        context = build(
            kind, subject or self.subject_of(kind), template, number=number, issued_on=ISSUED_ON
        )
        docx = fill(template_bytes(template), context)
        return docx, context, text_of(docx)[1]

    def test_every_kind_issued_in_both_formats_follows_its_rules(self):
        for document_format in FORMATS:
            for kind in DocumentKind.values:
                with self.subTest(format=document_format, kind=kind):
                    docx, context, _text = self.issue(kind, document_format=document_format)
                    deviations = check_format(docx, document_format, kind, context)
                    self.assertEqual([str(d) for d in deviations], [])

    def test_the_issuer_fits_its_column_on_one_line(self):
        """“TRƯỜNG CHÍNH TRỊ LÊ DUẨN” wrapped in a 7 cm column; a longer name is reported."""
        set_issuer(name="TRƯỜNG CHÍNH TRỊ TỈNH QUẢNG TRỊ MỞ RỘNG SAU HỢP NHẤT")
        docx, context, _text = self.issue("recognition_decision", document_format="party")
        with translation.override("en"):
            found = [str(d) for d in check_format(docx, "party", "recognition_decision", context)]
        self.assertTrue(any("does not fit its column" in line for line in found), found)

    def test_the_number_is_not_doubled_and_takes_the_kinds_symbol(self):
        _docx, _context, text = self.issue("council_decision")
        self.assertIn("Số 45-QĐ/TCT", text)
        self.assertNotIn("QĐ/TCT-QĐ/TCT", text)
        _docx, _context, text = self.issue("contract", number="7")
        self.assertIn("Số: 07/HĐ-TCT", text)
        # The request to register is a letter: no type abbreviation the decree does not have.
        _docx, _context, text = self.issue("registration")
        self.assertIn("Số: 45/TCT-QLĐT&NCKH", text)
        self.assertNotIn("GĐN", text)

    def test_the_form_asks_only_for_the_number_and_the_register_refuses_a_number_twice(self):
        with self.assertRaises(ActionRefused):
            IssueDocument(
                self.topic, "recognition_decision", user=self.office, number="45-QĐ/TCT"
            ).check()
        first = IssueDocument(
            self.topic, "recognition_decision", user=self.office, number="3", issued_on=ISSUED_ON
        ).execute()
        self.assertEqual(first.reference, "3-QĐ/TCT")
        # Another decision of the same register (QĐ) and year may not take number 3 again.
        with self.assertRaisesMessage(ActionRefused, "3"):
            IssueDocument(
                self.topic, "council_decision", user=self.office, number="03", issued_on=ISSUED_ON
            ).check()

    def test_a_deputy_signs_for_the_head_whose_authority_decides(self):
        _docx, _context, party = self.issue("council_decision", document_format="party")
        self.assertIn("K/T HIỆU TRƯỞNG", party)
        self.assertIn("HIỆU TRƯỞNG TRƯỜNG CHÍNH TRỊ LÊ DUẨN", party)
        self.assertNotIn("PHÓ HIỆU TRƯỞNG TRƯỜNG CHÍNH TRỊ", party)
        _docx, _context, state = self.issue("council_decision", document_format="state")
        self.assertIn("KT. HIỆU TRƯỞNG", state)

    def test_issued_documents_carry_no_blank_form_instructions(self):
        for kind in DocumentKind.values:
            with self.subTest(kind=kind):
                _docx, _context, text = self.issue(kind)
                self.assertNotIn("(Ký", text)

    def test_the_school_is_named_in_normal_case_in_running_text(self):
        _docx, _context, text = self.issue("contract")
        self.assertIn("tại Trường Chính trị Lê Duẩn", text)
        self.assertNotIn("tại TRƯỜNG CHÍNH TRỊ", text)
        self.assertNotIn("của TRƯỜNG CHÍNH TRỊ", self.issue("recognition_decision")[2])

    def test_legal_grounds_are_complete(self):
        text = self.issue("recognition_decision", subject=self.topic_2013)[2]
        self.assertIn(
            "Căn cứ Nghị định số 08/2014/NĐ-CP ngày 27 tháng 01 năm 2014 của Chính phủ quy định "
            "chi tiết và hướng dẫn thi hành một số điều của Luật Khoa học và Công nghệ;",
            text,
        )
        self.assertIn("Luật Khoa học và Công nghệ số 29/2013/QH13 ngày 18 tháng 6 năm 2013", text)
        text = self.issue("recognition_decision")[2]
        self.assertIn("số 93/2025/QH15 ngày 27 tháng 6 năm 2025", text)
        self.assertIn("Nghị định số 267/2025/NĐ-CP ngày 14 tháng 10 năm 2025 của Chính phủ", text)
        self.assertIn(
            "Thông tư số 36/2025/TT-BKHCN ngày 26 tháng 11 năm 2025 của Bộ trưởng Bộ Khoa học và "
            "Công nghệ quy định trình tự, thủ tục",
            text,
        )

    def test_vocabulary_follows_the_council_and_the_regime(self):
        record = self.issue("acceptance_record")[2]
        self.assertNotIn("Đề nghị thực hiện", record)
        self.assertIn("Đánh giá", record)
        self.assertNotIn("đánh giá kết quả kết quả", record.lower())
        decision = self.issue("council_decision")[2]
        self.assertNotIn("nghiệm thu", decision)
        self.assertNotIn("đánh giá kết quả kết quả", decision)
        self.assertIn("đánh giá kết quả thực hiện đề tài", decision)
        closeout = self.issue("closeout")[2]
        self.assertNotIn("Hôm nay, Quảng Trị", closeout)
        self.assertIn("Hôm nay, ngày 05 tháng 02 năm 2026", closeout)

    def test_the_selection_decision_names_the_calls_year(self):
        call = self.proposal.call
        call.year = ISSUED_ON.year + 1
        call.save(update_fields=["year"])
        text = self.issue("selection_decision")[2]
        self.assertIn(f"năm {ISSUED_ON.year + 1}", text)
        self.assertNotIn(f"năm {ISSUED_ON.year} ", text.split("Điều 1.")[1].split("\n")[0])

    def test_a_record_of_a_meeting_waits_for_its_date_time_and_venue(self):
        CouncilMeeting.objects.filter(topic=self.topic).update(venue="")
        reason = _("Set the meeting's date, time and venue first.")
        with self.assertRaisesMessage(ActionRefused, reason):
            IssueDocument(self.topic, "acceptance_record", user=self.office).execute()
        with self.assertRaisesMessage(ActionRefused, reason):
            IssueDocument(self.topic, "invitation", user=self.office).execute()

    def test_one_contract_number_from_the_register(self):
        IssueDocument(
            self.topic, "contract", user=self.office, number="22", issued_on=ISSUED_ON
        ).execute()
        closeout = self.issue("closeout")[2]
        self.assertIn("Hợp đồng thực hiện nhiệm vụ số 22/HĐ-TCT ngày 05/02/2026", closeout)
        self.assertNotIn(self.topic.contract_number, closeout)
        self.assertEqual(IssuedDocument.objects.get(kind="contract").reference, "22/HĐ-TCT")

    def test_the_contract_lists_the_approved_outputs(self):
        TopicExpectedOutput.objects.create(
            topic=self.topic, kind="journal_article", count=2, description="Tạp chí trong nước"
        )
        text = self.issue("contract")[2]
        self.assertIn("Tạp chí trong nước", text)

    def test_the_office_issues_a_kind_for_every_record_of_a_year(self):
        year = self.topic.accepted_on.year
        user = self.office.username
        with mock.patch("research.documents.actions.to_pdf", return_value=None):
            call_command(
                "issue_documents",
                "acceptance_record",
                year=year,
                user=user,
                numbered=True,
                date="05/02/2026",
                stdout=io.StringIO(),
            )
            issued = IssuedDocument.objects.filter(kind="acceptance_record")
            expected = Topic.objects.filter(accepted_on__year=year).count()
            self.assertEqual(issued.count(), expected)
            self.assertEqual(
                sorted(int(n) for n in issued.values_list("number", flat=True)),
                list(range(1, expected + 1)),
            )
            # Twice is harmless; --reissue makes each again with the number it had.
            call_command(
                "issue_documents",
                "acceptance_record",
                year=year,
                user=user,
                numbered=True,
                stdout=io.StringIO(),
            )
            self.assertEqual(issued.count(), expected)
            call_command(
                "issue_documents",
                "acceptance_record",
                year=year,
                user=user,
                reissue=True,
                date="05/02/2026",
                stdout=io.StringIO(),
            )
            self.assertEqual(issued.count(), 2 * expected)
            self.assertEqual(len(set(issued.values_list("number", flat=True))), expected)

    def test_the_button_says_when_no_pdf_can_be_made(self):
        self.client.force_login(self.office)
        url = f"/admin/research/topics/inspect/{self.topic.pk}/"
        with mock.patch("research.templatetags.paperwork_tags.converter", return_value=None):
            page = self.client.get(url)
        self.assertContains(page, _("Issue (.docx only)"))
        self.assertContains(page, "data-no-pdf")
        self.assertNotContains(page, _("Issue (.docx and PDF)"))
        with mock.patch("research.templatetags.paperwork_tags.converter", return_value="soffice"):
            page = self.client.get(url)
        self.assertContains(page, _("Issue (.docx and PDF)"))
        self.assertNotContains(page, "data-no-pdf")

    def test_an_uploaded_template_that_deviates_is_refused_with_the_list(self):
        self.client.force_login(self.office)
        template = DocumentTemplate.objects.get(kind=DocumentKind.RECOGNITION_DECISION)
        document = Document(io.BytesIO(builtin_template(template.kind, template.format)))
        paragraph_with(document, "{{ number_line }}").runs[0].font.size = Pt(12)
        response = self.client.post(
            reverse("research_document_template:edit", args=[template.pk]),
            {
                "format": template.format,
                "custom_file": SimpleUploadedFile("own.docx", save(document)),
                "signer_authority": "",
                "signer_title": "",
                "signer_name": "",
                "recipients": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, _("The template does not follow the format:"))
        self.assertContains(
            response, _("%(size)s pt, the rule says %(expected)s pt") % {"size": 12, "expected": 14}
        )
        template.refresh_from_db()
        self.assertFalse(template.custom_file)
