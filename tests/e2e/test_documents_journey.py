"""The research office replaces a document template in the admin with its own .docx, and the next
document of that kind is made from it."""

import io
import tempfile
from pathlib import Path

from django.utils import translation
from docx import Document
from playwright.sync_api import expect

from research.documents.builtin import builtin_template
from research.models import DocumentKind, DocumentTemplate
from tests.e2e.conftest import log_in
from tests.factories import OfficeStaffFactory
from tests.factories.lifecycle import accepted_topic, set_issuer
from tests.research.documents.test_documents import edited, text_of

MARKER = "QUYẾT ĐỊNH CỦA HIỆU TRƯỞNG NHÀ TRƯỜNG"


def test_office_uploads_its_own_template_and_the_next_document_uses_it(browse):
    set_issuer()
    office = OfficeStaffFactory(username="phongnckh")
    topic = accepted_topic(office=office)
    template = DocumentTemplate.objects.get(kind=DocumentKind.RECOGNITION_DECISION)
    folder = Path(tempfile.mkdtemp(prefix="portal-e2e-"))
    own = folder / "mau-cong-nhan.docx"
    own.write_bytes(edited(builtin_template(template.kind, template.format), "QUYẾT ĐỊNH", MARKER))
    downloaded = folder / "issued.docx"

    def journey(page):
        log_in(page, office.username)
        page.goto(f"/admin/research/document-templates/edit/{template.pk}/")
        page.set_input_files("input[name=custom_file]", str(own))
        page.get_by_role("button", name="Lưu").first.click()
        expect(page.locator(".messages")).to_contain_text(str(template))
        expect(page.locator("table.listing")).to_contain_text("recognition_decision")

        page.goto(f"/admin/research/topics/inspect/{topic.pk}/")
        form = page.locator("form[data-issue-document]")
        form.get_by_label("Văn bản", exact=True).select_option(
            DocumentKind.RECOGNITION_DECISION.value
        )
        form.get_by_label("Số (chỉ ghi chữ số)").fill("27")
        form.get_by_role("button").click()
        expect(page.get_by_text("Đã ban hành Quyết định công nhận kết quả.")).to_be_visible()
        with page.expect_download() as download:
            page.locator("[data-issued-documents] a", has_text="Word").first.click()
        download.value.save_as(downloaded)

    browse(journey)
    text = text_of(downloaded.read_bytes())[1]
    assert MARKER in text
    assert "Số 27-QĐ/TCT" in text
    assert topic.title in text
    assert Document(io.BytesIO(downloaded.read_bytes())).paragraphs


def test_office_issues_a_decision_a_contract_and_an_acceptance_record_and_opens_them(browse):
    set_issuer()
    office = OfficeStaffFactory(username="vanthu")
    topic = accepted_topic(office=office)
    folder = Path(tempfile.mkdtemp(prefix="portal-e2e-"))
    issued = [
        (DocumentKind.COUNCIL_DECISION, "31", "Số 31-QĐ/TCT"),
        (DocumentKind.CONTRACT, "8", "Số: 08/HĐ-TCT"),
        (DocumentKind.ACCEPTANCE_RECORD, "4", "Số 4-BB/TCT"),
    ]

    def journey(page):
        log_in(page, office.username)
        for kind, number, _line in issued:
            page.goto(f"/admin/research/topics/inspect/{topic.pk}/")
            form = page.locator("form[data-issue-document]")
            form.get_by_label("Văn bản", exact=True).select_option(kind.value)
            form.get_by_label("Số (chỉ ghi chữ số)").fill(number)
            form.get_by_role("button").click()
            with translation.override("vi"):
                label = str(kind.label)
            expect(page.get_by_text(f"Đã ban hành {label}.")).to_be_visible()
            with page.expect_download() as download:
                page.locator("[data-issued-documents] a", has_text="Word").first.click()
            download.value.save_as(folder / f"{kind.value}.docx")
        # The register shows each with its full number and symbol.
        expect(page.locator("[data-issued-documents]")).to_contain_text("08/HĐ-TCT")

    browse(journey)
    for kind, _number, line in issued:
        text = text_of((folder / f"{kind.value}.docx").read_bytes())[1]
        assert line in text, kind
        assert topic.title in text
        assert "(Ký" not in text
