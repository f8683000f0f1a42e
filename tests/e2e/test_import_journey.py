"""The office takes a spreadsheet of past topics through the import in the browser: an error in
the preview, a corrected upload, the confirmation, and the criterion dashboard's past years."""

from playwright.sync_api import expect

from research.models import Topic, TopicStatus
from tests.e2e.conftest import log_in
from tests.factories import OfficeStaffFactory, PersonFactory, UnitFactory
from tests.research.imports_helpers import xlsx


def topic(code, year, level="Cấp cơ sở"):
    return {
        "Mã số": code,
        "Tên đề tài": f"Đề tài lưu trữ {code}",
        "Cấp": level,
        "Nguồn gốc": "Đề xuất",
        "Đơn vị chủ trì": "Khoa Xây dựng Đảng",
        "Ngày bắt đầu": f"01/02/{year}",
        "Ngày kết thúc": f"30/11/{year}",
        "Trạng thái": "Đã nghiệm thu",
        "Ngày nghiệm thu": f"15/12/{year}",
        "Xếp loại": "Khá",
        "Chủ nhiệm": "ThS. Lê Văn Hoà",
    }


def test_office_imports_past_topics_after_correcting_an_error(browse, tmp_path):
    office = OfficeStaffFactory(username="phongnckh")
    unit = UnitFactory(name="Khoa Xây dựng Đảng")
    PersonFactory(full_name="Lê Văn Hòa", unit=unit)
    wrong = tmp_path / "de-tai-cu.xlsx"
    right = tmp_path / "de-tai-cu-da-sua.xlsx"
    rows = [topic("CS-2021-01", 2021), topic("CS-2021-02", 2021), topic("CS-2022-01", 2022)]
    wrong.write_bytes(
        xlsx("topics", [*rows[:2], {**rows[2], "Ngày bắt đầu": "31/02/2022"}]).getvalue()
    )
    right.write_bytes(xlsx("topics", rows).getvalue())
    report = tmp_path / "loi.xlsx"

    def journey(page):
        page.set_viewport_size({"width": 1280, "height": 900})
        log_in(page, office.username)
        page.get_by_role("link", name="Nhập dữ liệu từ Excel").click()
        page.get_by_label("Loại dữ liệu").select_option("topics")
        page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(wrong))
        page.get_by_role("button", name="Tải lên và xem trước").click()
        error_row = page.locator('tr[data-status="error"]')
        expect(error_row).to_contain_text("31/02/2022")
        expect(page.locator('[data-count="new"]')).to_contain_text("2")
        expect(page.locator("[data-confirm]")).to_have_count(0)
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải báo cáo lỗi (.xlsx)").click()
        download.value.save_as(report)
        page.screenshot(path=str(tmp_path / "preview-error.png"), full_page=True)

        page.get_by_role("link", name="Tải tệp khác lên").click()
        page.get_by_label("Loại dữ liệu").select_option("topics")
        page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(right))
        page.get_by_role("button", name="Tải lên và xem trước").click()
        expect(page.locator('[data-count="new"]')).to_contain_text("3")
        page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
        expect(page.get_by_text("3 mới")).to_be_visible()

        page.goto("/admin/research/reports/standard/?year=2021")
        expect(page.locator('tr[data-indicator="4.2"] [data-value]')).to_have_text("2")
        page.goto("/admin/research/reports/standard/?year=2022")
        expect(page.locator('tr[data-indicator="4.2"] [data-value]')).to_have_text("1")

    browse(journey)
    assert Topic.objects.filter(status=TopicStatus.ACCEPTED).count() == 3
    assert report.stat().st_size > 0
