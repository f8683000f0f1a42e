import csv
import datetime
import io

from django.test import TestCase
from django.urls import reverse

from research.models import Deadline, DeadlineKind
from tests.factories import (
    EditorFactory,
    FundingLineFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    PersonFactory,
    TopicFactory,
    TrancheFactory,
    funding_source,
)
from tests.spreadsheets import read_export


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        province, school = funding_source("ngan-sach-tinh"), funding_source("ngan-sach-truong")
        cls.provincial = TopicFactory(
            provincial=True, code="QT-2025-01", principal=PersonFactory(full_name="Lê Văn Bình")
        )
        cls.school_topic = TopicFactory(
            code="CS-2025-02", planned_start=datetime.date(2024, 3, 1), principal=PersonFactory()
        )
        FundingLineFactory(
            topic=cls.provincial,
            source=province,
            item="Thuê khoán",
            approved_amount=300_000_000,
            settled_amount=250_000_000,
        )
        FundingLineFactory(
            topic=cls.provincial, source=province, item="Khảo sát", approved_amount=100_000_000
        )
        TrancheFactory(
            topic=cls.provincial,
            source=province,
            planned_amount=200_000_000,
            paid_on=datetime.date(2025, 2, 1),
            paid_amount=200_000_000,
        )
        FundingLineFactory(topic=cls.school_topic, source=school, approved_amount=20_000_000)
        Deadline.objects.create(
            topic=cls.provincial,
            kind=DeadlineKind.PROGRESS_REPORT,
            due_on=datetime.date(2020, 1, 1),
            responsible=cls.provincial.principal,
        )
        Deadline.objects.create(
            topic=cls.school_topic, kind=DeadlineKind.SETTLEMENT, due_on=datetime.date(2099, 1, 1)
        )

    def setUp(self):
        self.client.force_login(self.office)

    def test_funding_report_groups_and_exports_to_excel(self):
        response = self.client.get(reverse("research_reports:funding"), {"export": "xlsx"})
        sheet, headings, rows = read_export(b"".join(response.streaming_content))
        self.assertEqual(sheet.title, "Kinh phí")
        self.assertEqual(sheet["A1"].value, "Kinh phí")
        self.assertTrue(sheet["A4"].font.b)
        self.assertEqual(sheet.freeze_panes, "A5")
        self.assertEqual(
            headings,
            (
                "Năm",
                "Cấp",
                "Nguồn",
                "Đơn vị",
                "Được duyệt (đồng)",
                "Đã cấp (đồng)",
                "Đã quyết toán (đồng)",
            ),
        )
        provincial = next(r for r in rows if r[1] == "Cấp tỉnh")
        self.assertEqual(provincial[0], 2025)
        self.assertEqual(provincial[4:], (400_000_000, 200_000_000, 250_000_000))
        self.assertEqual(len(rows), 2)
        row = next(sheet.iter_rows(min_row=5, max_row=5))
        self.assertEqual((row[4].data_type, row[4].number_format), ("n", '#,##0 "đ"'))

    def test_funding_report_screen_and_export_show_the_same_rows(self):
        """The level and the disbursed amounts were blank on screen while the export had them."""
        import re

        from research.core.formatting import format_vnd

        screen = self.client.get(reverse("research_reports:funding")).content.decode()
        body = screen.split('<table class="listing', 1)[1].split("<tbody", 1)[1]
        body = body.split("</tbody>", 1)[0]
        cells = [
            [
                re.sub(r"<[^>]+>|\s+", " ", cell).strip()
                for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        ]
        response = self.client.get(reverse("research_reports:funding"), {"export": "xlsx"})
        _sheet, _headings, exported = read_export(b"".join(response.streaming_content))
        self.assertEqual(len(cells), len(exported))
        for shown, row in zip(cells, exported, strict=True):
            year, level, source, unit, *money = row
            self.assertEqual(shown[:4], [str(year), level, source, unit])
            self.assertEqual(shown[4:], [format_vnd(amount) for amount in money])
        provincial = next(row for row in cells if row[1] == "Cấp tỉnh")
        self.assertEqual(provincial[5], "200.000.000 đ")

    def test_funding_report_filters_and_shows_vnd(self):
        response = self.client.get(reverse("research_reports:funding"), {"level": "provincial"})
        self.assertContains(response, "400.000.000 đ")
        self.assertNotContains(response, "20.000.000 đ")

    def test_deadline_report_filters_overdue_and_exports_csv(self):
        response = self.client.get(
            reverse("research_reports:deadlines"), {"overdue": "true", "export": "csv"}
        )
        rows = list(
            csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        )
        self.assertEqual(rows[0][0], "Mã số")
        self.assertEqual([r[0] for r in rows[1:]], ["QT-2025-01"])
        self.assertEqual(rows[1][6], "Lê Văn Bình")
        self.assertEqual(rows[1][7], "Quá hạn")

    def test_deadline_report_exports_real_dates(self):
        response = self.client.get(reverse("research_reports:deadlines"), {"export": "xlsx"})
        sheet, headings, rows = read_export(b"".join(response.streaming_content))
        self.assertEqual(len(set(headings)), len(headings))  # no heading twice
        due = next(sheet.iter_rows(min_row=5, max_row=5))[headings.index("Ngày đến hạn")]
        self.assertTrue(due.is_date)
        self.assertEqual(due.number_format, "dd/mm/yyyy")

    def test_deadline_report_due_within(self):
        response = self.client.get(reverse("research_reports:deadlines"), {"due_within": "30"})
        self.assertNotContains(response, "QT-2025-01")
        self.assertNotContains(response, "CS-2025-02")

    def test_only_the_office_reads_reports(self):
        for user, expected in ((EditorFactory(), (302, 403)), (LecturerUserFactory(), (302,))):
            self.client.force_login(user)
            for name in ("research_reports:deadlines", "research_reports:funding"):
                with self.subTest(user=user.username, name=name):
                    self.assertIn(
                        self.client.get(reverse(name), {"export": "xlsx"}).status_code, expected
                    )


class TableHeadingTests(TestCase):
    """A table never names two columns alike (four deadline tables read “Hạn | Hạn”)."""

    def test_no_table_repeats_a_heading(self):
        import re

        from research.models import TopicStatus
        from tests.factories import PersonWithLoginFactory

        pi = PersonWithLoginFactory()
        topic = TopicFactory(status=TopicStatus.IN_PROGRESS, principal=pi)
        Deadline.objects.create(
            topic=topic, kind=DeadlineKind.PROGRESS_REPORT, due_on=datetime.date(2026, 12, 1)
        )
        pages = {
            OfficeStaffFactory(): [
                reverse("research_topic:inspect", args=[topic.pk]),
                reverse("research_reports:deadlines"),
                reverse("research:calendar") + "?month=2026-12",
            ],
            pi.user: [reverse("research:topic-detail", args=[topic.pk])],
        }
        for user, urls in pages.items():
            self.client.force_login(user)
            for url in urls:
                html = self.client.get(url).content.decode()
                for head in re.findall(r"<thead.*?</thead>", html, re.S):
                    cells = [
                        re.sub(r"<[^>]+>|\s+", " ", cell).strip()
                        for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
                    ]
                    cells = [cell for cell in cells if cell]
                    with self.subTest(url=url, cells=cells):
                        self.assertEqual(len(cells), len(set(cells)))
