"""The office takes a spreadsheet of past topics through the import in the browser: an error in
the preview, a corrected upload, the confirmation, and the criterion dashboard's past years."""

from django.utils import timezone
from playwright.sync_api import expect

from research.models import Topic, TopicStatus
from tests.e2e.conftest import log_in
from tests.factories import OfficeStaffFactory, PersonFactory, UnitFactory
from tests.research.imports.helpers import headers_of, xlsx


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


def test_office_imports_a_whole_archive(browse, tmp_path):
    """Issue 20: a school the portal has never seen brings in its reference list, then closed
    topics of every outcome — one accepted only by its year, one kept internal — and sees them
    counted, published, and not among the closing records to complete."""
    from cms.models import AutoPublish, SiteSettings
    from tests.cms.site import build_site

    build_site()
    settings = SiteSettings.load()
    settings.publish_automatically = AutoPublish.LIVE
    settings.save()
    office = OfficeStaffFactory(username="phongnckh")
    unit = UnitFactory(name="Khoa Xây dựng Đảng")
    PersonFactory(full_name="Lê Văn Hòa", unit=unit)
    year = timezone.localdate().year - 4
    bodies = tmp_path / "co-quan-dat-hang.xlsx"
    bodies.write_bytes(
        xlsx(
            "ordering_bodies", [{"Tên": "Hội Khoa học Lịch sử tỉnh", "Tên viết tắt": "HKHLS"}]
        ).getvalue()
    )
    # every reference list the topic rows name comes in first, each as its own kind
    sources = tmp_path / "nguon-kinh-phi.xlsx"
    sources.write_bytes(
        xlsx("funding_sources", [{"Tên": "Quỹ phát triển khoa học của Trường"}]).getvalue()
    )
    fields = tmp_path / "linh-vuc.xlsx"
    fields.write_bytes(xlsx("fields", [{"Tên": "Lịch sử Đảng địa phương"}]).getvalue())
    blank = {"Ngày nghiệm thu": None, "Xếp loại": None}
    rows = [
        topic("LT-01", year),
        {**topic("LT-02", year), "Ngày nghiệm thu": year},  # the archive has only the year
        {**topic("LT-03", year), "Trạng thái": "Không đạt", "Xếp loại": "Không đạt"},
        {**topic("LT-04", year), "Trạng thái": "Chấm dứt", **blank},
        {**topic("LT-05", year), "Trạng thái": "Rút", **blank},
        {
            **topic("LT-06", year),
            "Trạng thái": "Đã kết thúc",
            "Đóng sau kết quả": "Đã nghiệm thu",
            "Lĩnh vực": "Lịch sử Đảng địa phương",
            "Số QĐ công nhận kết quả": "45-QĐ/TCT",
            "Ngày QĐ công nhận": f"20/12/{year}",
        },
        {
            **topic("LT-07", year),
            "Nguồn gốc": "Đặt hàng",
            "Cơ quan đặt hàng": "HKHLS",
            "Công khai": "Không",
        },
    ]
    # a funding column for the source the journey imports first (the template would offer it)
    fund = "Kinh phí: Quỹ phát triển khoa học của Trường"
    rows[-1][fund] = "25.000.000 đ"
    topics = tmp_path / "de-tai-luu-tru.xlsx"
    topics.write_bytes(xlsx("topics", rows, headers=[*headers_of("topics"), fund]).getvalue())
    seen = {}

    def upload(page, kind, path):
        page.goto("/admin/research/import/")
        page.get_by_label("Loại dữ liệu").select_option(kind)
        page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
        page.get_by_role("button", name="Tải lên và xem trước").click()

    def journey(page):
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in(page, office.username)
        for kind, path in (
            ("ordering_bodies", bodies),
            ("funding_sources", sources),
            ("fields", fields),
        ):
            upload(page, kind, path)
            expect(page.locator('[data-count="new"]')).to_contain_text("1")
            page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
            expect(page.get_by_text("1 mới")).to_be_visible()

        upload(page, "topics", topics)
        expect(page.locator('[data-count="new"]')).to_contain_text("7")
        expect(page.locator('tr[data-status="error"]')).to_have_count(0)
        page.screenshot(path=str(tmp_path / "archive-preview.png"), full_page=True)
        page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
        expect(page.get_by_text("7 mới")).to_be_visible()
        expect(page.locator("tbody tr").first).to_contain_text("Đã nhập")

        page.goto(f"/admin/research/reports/standard/?year={year}")
        seen["4.2"] = page.locator('tr[data-indicator="4.2"] [data-value]').inner_text()

        assert page.goto("/de-tai/de-tai-luu-tru-lt-01/").ok
        expect(page.get_by_role("heading", level=1)).to_have_text("Đề tài lưu trữ LT-01")
        assert page.goto("/de-tai/de-tai-luu-tru-lt-07/").status == 404  # kept internal
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto("/admin/research/import/")
        page.screenshot(path=str(tmp_path / "archive-list-phone.png"), full_page=True)

    browse(journey)
    imported = {t.code: t for t in Topic.objects.all()}
    assert imported["LT-02"].accepted_year_only
    assert imported["LT-06"].status == TopicStatus.CLOSED
    assert imported["LT-07"].ordering_body.short_name == "HKHLS"
    assert not imported["LT-07"].is_public
    assert imported["LT-07"].funding_lines.get().approved_amount == 25_000_000
    assert imported["LT-06"].field.name == "Lịch sử Đảng địa phương"
    assert imported["LT-06"].closing_records.get().number == "45-QĐ/TCT"
    # accepted in that year: LT-01, LT-02 (its year), LT-06 (closed after acceptance), LT-07
    assert seen["4.2"] == "4", seen
