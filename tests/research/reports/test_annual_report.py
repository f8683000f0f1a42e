"""The annual research report: its tables for a year and a range, its charts, its .docx and .xlsx,
who may read it, and a query count that does not grow with the data."""

import datetime
import io

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from research.models import (
    DocumentFormat,
    IssuerSettings,
    OutputKind,
    TopicGrade,
    TopicLevel,
    TopicStatus,
)
from research.reports.annual.data import AnnualReport
from tests.factories import (
    FundingLineFactory,
    LeadershipFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputAuthorFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
    TopicMemberFactory,
    TrancheFactory,
)


def make_year(year, size):
    """`size` topics started in `year`, half accepted that year, with funding and outputs."""
    for index in range(size):
        topic = TopicFactory(
            level=TopicLevel.SCHOOL,
            planned_start=datetime.date(year, 1 + index % 6, 1),
            planned_end=datetime.date(year, 12, 31),
            status=TopicStatus.ACCEPTED if index % 2 == 0 else TopicStatus.IN_PROGRESS,
            grade=TopicGrade.GOOD if index % 2 == 0 else "",
            accepted_on=datetime.date(year, 12, 20) if index % 2 == 0 else None,
        )
        TopicMemberFactory(topic=topic, person=PersonFactory(unit=topic.unit))
        FundingLineFactory(topic=topic, approved_amount=20_000_000)
        TrancheFactory(
            topic=topic,
            planned_on=datetime.date(year, 3, 1),
            planned_amount=10_000_000,
            paid_on=datetime.date(year, 3, 5),
            paid_amount=10_000_000,
        )
        output = OutputFactory(
            published_on=datetime.date(year, 6, 1), kind=OutputKind.JOURNAL_ARTICLE
        )
        OutputAuthorFactory(output=output, person=topic.members.first().person)


def table(report, key):
    return next(t for t in report.tables() if t.key == key)


class AnnualReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_year(2025, 4)
        make_year(2024, 2)
        cls.office = OfficeStaffFactory()

    def test_the_tables_of_one_year(self):
        report = AnnualReport(2025)
        # Running at some time in 2025: the four of 2025 (two accepted in December) and the one
        # of 2024 that has not finished; the 2024 topic accepted in 2024 is not.
        self.assertEqual(table(report, "topics_by_level").rows, [["Cấp cơ sở", 4, 5, 2]])
        self.assertEqual(table(report, "accepted_by_grade").rows, [["Khá", 2]])
        funding = table(report, "funding_by_source").rows
        self.assertEqual([row[1:] for row in funding], [[80_000_000, 40_000_000]])
        self.assertEqual(table(report, "outputs_by_kind").rows, [["Bài báo tạp chí", 4]])
        self.assertEqual(table(report, "by_year").rows, [["2025", 4, 2, 4]])

    def test_a_range_of_years(self):
        report = AnnualReport(2024, 2025)
        self.assertEqual(report.period_label, "2024–2025")
        self.assertEqual(table(report, "by_year").rows, [["2024", 2, 1, 2], ["2025", 4, 2, 4]])
        self.assertEqual(table(report, "topics_by_level").rows[0][1], 6)

    def test_a_closed_topic_still_counts_as_accepted(self):
        from research.models import Topic

        Topic.objects.filter(status=TopicStatus.ACCEPTED, planned_start__year=2025).update(
            status=TopicStatus.CLOSED, closed_from=TopicStatus.ACCEPTED
        )
        self.assertEqual(table(AnnualReport(2025), "accepted_by_grade").rows, [["Khá", 2]])

    def test_the_page_shows_tables_and_charts(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("research_annual:index"), {"year": 2025})
        self.assertContains(response, 'data-table="topics_by_level"')
        self.assertContains(response, "<svg", count=None)
        self.assertContains(response, "data-chart")
        self.assertContains(response, 'class="bar"')
        self.assertContains(response, "80.000.000 đ")

    def test_the_word_file_in_the_chosen_format_with_its_charts(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("research_annual:file", args=["docx"]), {"year": 2025})
        self.assertEqual(response.status_code, 200)
        heading = "\n".join(c.text for c in Document(io.BytesIO(response.content)).tables[0]._cells)
        self.assertIn("ĐẢNG CỘNG SẢN VIỆT NAM", heading)  # the default: the school's own report
        issuer = IssuerSettings.load()
        issuer.annual_report_format = DocumentFormat.STATE
        issuer.save()
        response = self.client.get(reverse("research_annual:file", args=["docx"]), {"year": 2025})
        document = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        heading = "\n".join(c.text for c in document.tables[0]._cells)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", heading)
        self.assertIn("Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-", heading)
        self.assertIn("Tổng kết hoạt động nghiên cứu khoa học năm 2025", text)
        self.assertGreaterEqual(len(document.inline_shapes), 5)  # the charts, as pictures
        self.assertGreater(len(document.tables), 10)

    def test_the_workbook_has_one_named_sheet_per_table(self):
        self.client.force_login(self.office)
        response = self.client.get(
            reverse("research_annual:file", args=["xlsx"]), {"from": 2024, "to": 2025}
        )
        workbook = load_workbook(io.BytesIO(response.content))
        report = AnnualReport(2024, 2025)
        self.assertEqual(len(workbook.sheetnames), len(report.tables()))
        self.assertEqual(len(set(workbook.sheetnames)), len(workbook.sheetnames))
        sheet = workbook[workbook.sheetnames[0]]
        self.assertEqual(sheet.freeze_panes, "A5")  # title, day, blank, header
        self.assertTrue(all(cell.font.bold for cell in sheet[4]))
        self.assertEqual(sheet["B5"].value, 6)
        self.assertIsInstance(sheet["B5"].value, int)
        funding_title = str(table(report, "funding_by_source").title)
        funding = next(
            workbook[name] for name in workbook.sheetnames if funding_title.startswith(name)
        )
        self.assertEqual(funding["B5"].value, 120_000_000)
        self.assertEqual(funding["B5"].number_format, '#,##0 "đ"')

    def test_who_may_read_it(self):
        url = reverse("research_annual:index")
        for user, status in (
            (self.office, 200),
            (LeadershipFactory(), 200),
            (LecturerUserFactory(), 302),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
        from tests.factories import EditorFactory

        self.client.force_login(EditorFactory())  # in the admin, but refused: sent back home
        response = self.client.get(url)
        self.assertEqual((response.status_code, response.url), (302, "/admin/"))

    def test_bad_years_fall_back_instead_of_failing(self):
        self.client.force_login(self.office)
        for query in ({"year": "abc"}, {"from": "2030", "to": "1990"}, {"year": "-5"}):
            with self.subTest(query=query):
                self.assertEqual(
                    self.client.get(reverse("research_annual:index"), query).status_code, 200
                )

    def test_the_query_count_does_not_grow_with_the_data(self):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                report = AnnualReport(2025)
                for each in report.tables():
                    list(each.rows)
            return len(captured.captured_queries)

        small = queries()
        make_year(2025, 12)
        self.assertEqual(queries(), small)


class ProvinceOrdersSectionTests(TestCase):
    """research.orders: proposals, orders, funding, hand-overs and applications by year."""

    def test_the_section_counts_each_step_in_its_year(self):
        from research.models import OrderFunding, ProvinceAnswer, SubmissionStatus
        from tests.factories import funding_source
        from tests.factories.orders import OrderFactory, ProposedTopicFactory

        line = ProposedTopicFactory(
            answer=ProvinceAnswer.ORDERED, answered_on=datetime.date(2025, 2, 1)
        )
        ProposedTopicFactory(submission=line.submission)
        type(line.submission).objects.filter(pk=line.submission_id).update(
            status=SubmissionStatus.SENT, sent_on=datetime.date(2024, 11, 1)
        )
        applied = OrderFactory(
            decision_date=datetime.date(2025, 3, 1),
            handed_over_on=datetime.date(2025, 11, 1),
            applied_on=datetime.date(2025, 12, 1),
            status="applied",
        )
        OrderFunding.objects.create(
            order=applied, source=funding_source("ngan-sach-tinh"), year=2025, amount=300_000_000
        )
        OrderFunding.objects.create(
            order=applied, source=funding_source("ngan-sach-tinh"), year=2026, amount=50_000_000
        )
        OrderFactory(decision_date=datetime.date(2025, 6, 1))
        OrderFactory(decision_date=datetime.date(2025, 7, 1), status="cancelled")
        rows = table(AnnualReport(2024, 2025), "province_orders").rows
        self.assertEqual(
            rows,
            [["2024", 2, 0, 0, 0, 0, 0], ["2025", 0, 1, 2, 300_000_000, 1, 1]],
        )
