import datetime

from playwright.sync_api import expect

from research.models import OutputAuthor, Snapshot
from tests.e2e.conftest import log_in
from tests.factories import OfficeStaffFactory, OutputFactory, PersonFactory
from tests.spreadsheets import read_export


def test_office_follows_a_number_to_its_evidence_freezes_the_year_and_exports(browse, tmp_path):
    office = OfficeStaffFactory(username="phongnckh")
    lan = PersonFactory(full_name="Võ Thị Mai Lan")
    for title in ("Đổi mới sinh hoạt chi bộ ở Quảng Trị", "Công tác dân vận ở vùng đồng bào"):
        output = OutputFactory(
            kind="journal_article", title=title, published_on=datetime.date(2025, 4, 2)
        )
        OutputAuthor.objects.create(output=output, person=lan)
    downloaded = tmp_path / "tu-danh-gia.xlsx"

    def journey(page):
        log_in(page, office.username)
        page.get_by_role("button", name="Báo cáo").click()
        page.get_by_role("link", name="Tiêu chí nghiên cứu khoa học (tiêu chí 4)").click()
        page.get_by_label("Năm", exact=True).select_option("2025")
        page.get_by_role("button", name="Xem", exact=True).click()

        articles = page.locator('tr[data-indicator="4.6"]')
        articles.locator("[data-value]").click()
        expect(page.get_by_text("Đổi mới sinh hoạt chi bộ ở Quảng Trị")).to_be_visible()
        expect(page.get_by_text("Công tác dân vận ở vùng đồng bào")).to_be_visible()
        lecturer = page.locator('[data-breakdown="person"]')
        expect(lecturer).to_contain_text("Võ Thị Mai Lan")
        page.get_by_role("link", name="Quay lại danh sách chỉ tiêu").click()

        page.get_by_role("button", name="Chốt số liệu năm 2025").click()
        expect(page.get_by_text("Đã chốt số liệu năm 2025.")).to_have_count(0)  # not confirmed
        page.get_by_role("checkbox").check()
        page.get_by_role("button", name="Chốt số liệu năm 2025").click()
        expect(page.get_by_text("Đã chốt số liệu năm 2025.")).to_be_visible()
        expect(page.locator("[data-snapshot]")).to_be_visible()

        with page.expect_download() as download:
            page.get_by_role("link", name="Tải bảng tự đánh giá (.xlsx)").click()
        download.value.save_as(downloaded)

    browse(journey)
    assert Snapshot.objects.get(year=2025).row_for("4.6")["value"] == "2"
    _sheet, _headings, rows = read_export(downloaded.read_bytes())
    articles = next(row for row in rows if row[0] == "4.6")
    assert articles[5] == 2
    assert "Đổi mới sinh hoạt chi bộ ở Quảng Trị" in articles[8]
