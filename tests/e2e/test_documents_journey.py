"""The research office replaces a document template in the admin with its own .docx, and the next
document of that kind is made from it."""

import io
import tempfile
from pathlib import Path

from docx import Document
from playwright.sync_api import expect

from research.documents.builtin import builtin_template
from research.models import DocumentKind, DocumentTemplate
from tests.e2e.conftest import log_in
from tests.factories import OfficeStaffFactory
from tests.factories.lifecycle import accepted_topic, set_issuer
from tests.research.test_documents import edited, text_of

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
        form.get_by_label("Số, ký hiệu văn bản").fill("27")
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
