"""Excel and CSV exports of the admin lists: the outputs, people and proposals lists give real
files of the filtered rows; a list without an export, or a format no list gives, is refused."""

import csv
import io

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from research.models import OutputAuthor, OutputKind
from tests.factories import (
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputFactory,
    PersonFactory,
    ProposalFactory,
    UnitFactory,
)


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.unit = UnitFactory(name="Khoa Xây dựng Đảng")
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan", unit=cls.unit, email="lan@example.vn")
        cls.book = OutputFactory(
            kind=OutputKind.MONOGRAPH,
            title="Sinh hoạt chi bộ ở cơ sở",
            publisher="Nhà xuất bản Chính trị quốc gia Sự thật",
        )
        OutputAuthor.objects.create(output=cls.book, person=cls.lan)
        cls.proposal = ProposalFactory(title="Dân vận khéo ở vùng biên giới")

    def setUp(self):
        self.client.force_login(self.office)

    def export(self, namespace, export_format, **params):
        return self.client.get(reverse(f"{namespace}:index"), {"export": export_format, **params})

    def test_the_three_lists_export_csv_and_excel(self):
        cases = {
            "research_output": (
                ["Tên", "Loại", "Ngày", "Tác giả", "Nhà xuất bản", "Công khai"],
                ["Sinh hoạt chi bộ ở cơ sở", "Sách chuyên khảo", "Võ Thị Mai Lan"],
            ),
            "research_person": (
                ["Họ và tên", "Loại", "Học hàm", "Học vị", "Đơn vị"],
                ["Võ Thị Mai Lan", "Khoa Xây dựng Đảng", "lan@example.vn"],
            ),
            "research_proposal": (
                ["Mã", "Tên", "Chủ nhiệm", "Đợt đăng ký", "Trạng thái", "Thời điểm nộp"],
                [self.proposal.code, "Dân vận khéo ở vùng biên giới"],
            ),
        }
        for namespace, (headings, values) in cases.items():
            with self.subTest(namespace=namespace, export_format="csv"):
                response = self.export(namespace, "csv")
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["Content-Type"].startswith("text/csv"))
                self.assertIn(".csv", response["Content-Disposition"])
                rows = csv_rows(response)
                for heading in headings:
                    self.assertIn(heading, rows[0])
                self.assertTrue(
                    any(all(value in row for value in values) for row in rows[1:]), rows
                )
            with self.subTest(namespace=namespace, export_format="xlsx"):
                response = self.export(namespace, "xlsx")
                self.assertEqual(response.status_code, 200)
                self.assertIn(".xlsx", response["Content-Disposition"])
                rows = xlsx_rows(response)
                for heading in headings:
                    self.assertIn(heading, rows[0])
                self.assertTrue(
                    any(all(value in row for value in values) for row in rows[1:]), rows
                )

    def test_an_export_follows_the_lists_filters(self):
        OutputFactory(kind=OutputKind.JOURNAL_ARTICLE, title="Bài báo về dân vận")
        rows = csv_rows(self.export("research_output", "csv", kind=OutputKind.MONOGRAPH))
        titles = [row[0] for row in rows[1:]]
        self.assertEqual(titles, ["Sinh hoạt chi bộ ở cơ sở"])

    def test_dates_are_written_the_vietnamese_way(self):
        import datetime

        self.lan.joined_on = datetime.date(2015, 9, 1)
        self.lan.save()
        rows = csv_rows(self.export("research_person", "csv"))
        self.assertIn("01/09/2015", next(row for row in rows if "Võ Thị Mai Lan" in row))

    def test_a_list_without_an_export_refuses_it(self):
        for namespace in (
            "research_unit",
            "research_call",
            "research_council",
            "research_outbox",
            "research_issued_document",
        ):
            for export_format in ("csv", "xlsx"):
                with self.subTest(namespace=namespace, export_format=export_format):
                    response = self.export(namespace, export_format)
                    self.assertEqual(response.status_code, 400)
                    self.assertContains(
                        response, "Danh sách này không xuất ra tệp được.", status_code=400
                    )

    def test_a_format_no_list_gives_is_refused(self):
        for namespace in ("research_output", "research_person", "research_proposal"):
            for export_format in ("pdf", "", "CSV"):
                with self.subTest(namespace=namespace, export_format=export_format):
                    response = self.export(namespace, export_format)
                    self.assertContains(
                        response, "Danh sách này chỉ xuất ra tệp xlsx, csv.", status_code=400
                    )

    def test_only_the_office_exports(self):
        self.client.force_login(LecturerUserFactory())
        for namespace in ("research_output", "research_person", "research_proposal"):
            with self.subTest(namespace=namespace):
                response = self.export(namespace, "csv")
                self.assertEqual(response.status_code, 302)
                self.assertNotIn("csv", response.get("Content-Type", ""))
