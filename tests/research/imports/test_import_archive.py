"""A school's whole archive comes in (issue 20): closed topics of every outcome, acceptance known
only by its year, reference lists, rows kept off the public site, every fault of a row at once,
and an import that never moves a topic through its lifecycle."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from cms.models import AutoPublish, OutputPage, SiteSettings, TopicPage
from research.imports import engine
from research.imports.batches import start_batch
from research.imports.engine import Status, apply_batch, confirm_batch, run_batch
from research.models import (
    FundingSource,
    ImportStatus,
    Indicator,
    OrderingBody,
    ResearchField,
    Topic,
    TopicStatus,
)
from research.personal.todo import office_tasks
from research.standard.counting import evidence
from tests.cms.site import build_site
from tests.factories import OfficeStaffFactory, PersonFactory, TopicFactory, UnitFactory
from tests.research.imports.helpers import BytesIOText, xlsx


def archive_topic(code, **overrides):
    year = timezone.localdate().year - 5
    row = {
        "Mã số": code,
        "Tên đề tài": f"Đề tài lưu trữ {code}",
        "Cấp": "Cấp cơ sở",
        "Nguồn gốc": "Đề xuất",
        "Đơn vị chủ trì": "Khoa Xây dựng Đảng",
        "Ngày bắt đầu": f"01/02/{year}",
        "Ngày kết thúc": f"30/11/{year}",
        "Trạng thái": "Đã nghiệm thu",
        "Ngày nghiệm thu": f"15/12/{year}",
        "Xếp loại": "Khá",
        "Chủ nhiệm": "Võ Thị Mai Lan",
    }
    row.update(overrides)
    return row


class ArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.unit = UnitFactory(name="Khoa Xây dựng Đảng")
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan", unit=cls.unit)
        cls.year = timezone.localdate().year - 5

    def start(self, kind, rows):
        return start_batch(kind, xlsx(kind, rows), user=self.office, file_name=f"{kind}.xlsx")

    def test_every_past_state_comes_in_and_closed_topics_need_no_closing_records(self):
        year = self.year
        batch, preview = self.start(
            "topics",
            [
                archive_topic("A-1"),
                archive_topic("A-2", **{"Ngày nghiệm thu": year}),  # the year alone
                archive_topic("A-3", **{"Ngày nghiệm thu": f"năm {year}", "Xếp loại": "Đạt"}),
                archive_topic("F-1", **{"Trạng thái": "Không đạt", "Xếp loại": None}),
                archive_topic(
                    "T-1",
                    **{"Trạng thái": "Chấm dứt", "Ngày nghiệm thu": None, "Xếp loại": None},
                ),
                archive_topic(
                    "W-1", **{"Trạng thái": "Rút", "Ngày nghiệm thu": None, "Xếp loại": None}
                ),
                archive_topic("C-1", **{"Trạng thái": "Đã kết thúc"}),  # outcome from the grade
                archive_topic(
                    "C-2",
                    **{
                        "Trạng thái": "Đã kết thúc",
                        "Đóng sau kết quả": "Chấm dứt",
                        "Ngày nghiệm thu": None,
                        "Xếp loại": None,
                    },
                ),
            ],
        )
        self.assertEqual(preview.counts[Status.NEW], 8, [r.reason for r in preview.results])
        apply_batch(batch, user=self.office)
        topics = {t.code: t for t in Topic.objects.all()}
        self.assertEqual(
            {code: (t.status, t.closed_from, t.grade) for code, t in topics.items()},
            {
                "A-1": ("accepted", "", "good"),
                "A-2": ("accepted", "", "good"),
                "A-3": ("accepted", "", "pass"),
                "F-1": ("failed", "", "fail"),
                "T-1": ("terminated", "", ""),
                "W-1": ("withdrawn", "", ""),
                "C-1": ("closed", "accepted", "good"),
                "C-2": ("closed", "terminated", ""),
            },
        )
        # the precision is kept, and the year counts in the year-based windows of the criterion
        self.assertEqual(topics["A-1"].accepted_on, datetime.date(year, 12, 15))
        self.assertFalse(topics["A-1"].accepted_year_only)
        self.assertEqual(topics["A-2"].accepted_on, datetime.date(year, 1, 1))
        self.assertTrue(topics["A-2"].accepted_year_only)
        self.assertEqual(topics["A-2"].accepted_on_display, str(year))
        self.assertEqual(topics["A-1"].accepted_on_display, f"15/12/{year}")
        indicator = Indicator.objects.get(code="4.2")
        counted = set(evidence(indicator, year).values_list("code", flat=True))
        self.assertTrue({"A-1", "A-2", "A-3", "C-1"} <= counted, counted)
        self.assertFalse(
            {"A-2", "A-3"} & set(evidence(indicator, year + 1).values_list("code", flat=True))
        )
        # a closed topic is not among the closing records to complete (the outcomes still are)
        groups = {str(label): tasks for label, _count, tasks in office_tasks(timezone.localdate())}
        closing = {task.url for task in groups[gettext("Complete the closing records")]}
        url = {code: reverse("research_topic:inspect", args=[t.pk]) for code, t in topics.items()}
        self.assertIn(url["A-2"], closing)
        self.assertNotIn(url["C-1"], closing)
        self.assertNotIn(url["C-2"], closing)

    def test_the_closing_documents_come_with_their_numbers(self):
        year = self.year
        batch, preview = self.start(
            "topics",
            [
                archive_topic(
                    "D-1",
                    **{
                        "Trạng thái": "Đã kết thúc",
                        "Số QĐ công nhận kết quả": "45-QĐ/TCT",
                        "Ngày QĐ công nhận": f"10/01/{year + 1}",
                        "Số biên bản thanh lý": "12/BB-TL",
                        "Ngày thanh lý": f"30/03/{year + 1}",
                    },
                ),
                archive_topic("D-2", **{"Số biên bản thanh lý": "13/BB-TL"}),
            ],
        )
        self.assertEqual(preview.results[0].status, Status.NEW, preview.results[0].reason)
        self.assertEqual(preview.results[1].status, Status.ERROR)
        self.assertIn("Ngày thanh lý", preview.results[1].reason)
        apply_batch(  # the office corrects D-2 later; D-1 goes in
            start_batch(
                "topics",
                xlsx("topics", [preview.results[0].raw]),
                user=self.office,
                file_name="dong.xlsx",
            )[0],
            user=self.office,
        )
        topic = Topic.objects.get(code="D-1")
        self.assertEqual(
            sorted(topic.closing_records.values_list("kind", "number", "signed_on")),
            [
                ("closeout", "12/BB-TL", datetime.date(year + 1, 3, 30)),
                ("recognition", "45-QĐ/TCT", datetime.date(year + 1, 1, 10)),
            ],
        )

    def test_a_closed_topic_without_its_outcome_says_so(self):
        _batch, preview = self.start(
            "topics",
            [archive_topic("C-9", **{"Trạng thái": "Đã kết thúc", "Xếp loại": None})],
        )
        self.assertEqual(preview.results[0].status, Status.ERROR)
        self.assertIn("Đóng sau kết quả", preview.results[0].reason)

    def test_every_fault_of_a_row_at_once(self):
        _batch, preview = self.start(
            "topics",
            [
                archive_topic(
                    "X-1",
                    **{
                        "Cấp": "Cấp huyện",
                        "Nguồn gốc": "Đặt hàng",
                        "Đơn vị chủ trì": "Khoa Không Có",
                        "Ngày bắt đầu": "31/02/2018",
                        "Ngày kết thúc": "01/03/0021",
                        "Xếp loại": "Không đạt",
                        "Kinh phí: Ngân sách sự nghiệp khoa học tỉnh": "ba trăm triệu",
                    },
                )
            ],
        )
        [result] = preview.results
        self.assertEqual(result.status, Status.ERROR)
        faults = result.reason.split("\n")
        self.assertGreaterEqual(len(faults), 6, faults)
        for expected in (
            "Cấp huyện",
            "31/02/2018",
            "không có thật",
            "kiểm tra lại năm",
            "cơ quan đặt hàng",
            "Khoa Không Có",
            "xếp loại đạt",
        ):
            self.assertIn(expected, result.reason)

    def test_an_implausible_date_is_refused_as_in_the_forms(self):
        _batch, preview = self.start(
            "topics", [archive_topic("X-2", **{"Ngày bắt đầu": "01/03/0021"})]
        )
        self.assertEqual(preview.results[0].status, Status.ERROR)
        self.assertIn("kiểm tra lại năm", preview.results[0].reason)
        self.assertIn("Ngày bắt đầu", preview.results[0].reason)

    def test_the_import_never_moves_a_topic_through_its_lifecycle(self):
        running = TopicFactory(
            code="R-1", status=TopicStatus.IN_PROGRESS, unit=self.unit, title="Đang chạy"
        )
        batch, preview = self.start("topics", [archive_topic("R-1", **{"Xếp loại": "Xuất sắc"})])
        [result] = preview.results
        self.assertEqual(result.status, Status.ERROR)
        self.assertIn("Đang thực hiện", result.reason)
        self.assertIn("Ghi nhận cuộc họp và kết luận của hội đồng", result.reason)
        running.refresh_from_db()
        self.assertEqual((running.status, running.grade), (TopicStatus.IN_PROGRESS, ""))

    def test_reference_lists_are_import_kinds_and_topics_name_them_after(self):
        for kind, rows in (
            ("ordering_bodies", [{"Tên": "Hội Khoa học Lịch sử tỉnh", "Tên viết tắt": "HKHLS"}]),
            ("funding_sources", [{"Tên": "Quỹ hợp tác quốc tế"}]),
            ("fields", [{"Tên": "Lịch sử Đảng địa phương"}]),
        ):
            batch, preview = self.start(kind, rows)
            self.assertEqual(preview.counts[Status.NEW], 1, [r.reason for r in preview.results])
            apply_batch(batch, user=self.office)
        self.assertTrue(OrderingBody.objects.filter(short_name="HKHLS").exists())
        self.assertEqual(
            FundingSource.objects.get(name="Quỹ hợp tác quốc tế").code, "quy-hop-tac-quoc-te"
        )
        self.assertTrue(ResearchField.objects.filter(name="Lịch sử Đảng địa phương").exists())
        batch, preview = self.start(
            "topics",
            [
                archive_topic(
                    "O-1",
                    **{
                        "Nguồn gốc": "Đặt hàng",
                        "Cơ quan đặt hàng": "HKHLS",
                        "Lĩnh vực": "Lịch sử Đảng địa phương",
                        "Kinh phí: Quỹ hợp tác quốc tế": 20_000_000,
                    },
                )
            ],
        )
        self.assertEqual(preview.counts[Status.NEW], 1, [r.reason for r in preview.results])
        apply_batch(batch, user=self.office)
        topic = Topic.objects.get(code="O-1")
        self.assertEqual(topic.ordering_body.short_name, "HKHLS")
        self.assertEqual(topic.approved_total, 20_000_000)


class ArchivePagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.office = OfficeStaffFactory()
        unit = UnitFactory(name="Khoa Xây dựng Đảng")
        PersonFactory(full_name="Võ Thị Mai Lan", unit=unit)
        settings = SiteSettings.load()
        settings.publish_automatically = AutoPublish.LIVE
        settings.save()

    def test_a_row_kept_internal_gets_no_public_page(self):
        batch, _preview = start_batch(
            "topics",
            xlsx(
                "topics",
                [archive_topic("P-1"), archive_topic("P-2", **{"Công khai": "Không"})],
            ),
            user=self.office,
            file_name="de-tai.xlsx",
        )
        apply_batch(batch, user=self.office)
        self.assertTrue(TopicPage.objects.filter(topic__code="P-1", live=True).exists())
        self.assertFalse(TopicPage.objects.filter(topic__code="P-2").exists())
        self.assertFalse(Topic.objects.get(code="P-2").is_public)

    def test_an_import_cut_short_while_making_pages_is_resumed_by_the_job(self):
        rows = [
            {
                "Loại sản phẩm": "Bài báo tạp chí",
                "Tên sản phẩm": f"Bài báo lưu trữ {n}",
                "Tác giả": "Võ Thị Mai Lan",
                "Ngày công bố": datetime.date(timezone.localdate().year - 3, 1 + n, 1),
            }
            for n in range(5)
        ]
        batch, _preview = start_batch(
            "outputs", xlsx("outputs", rows), user=self.office, file_name="san-pham.xlsx"
        )
        confirm_batch(batch, user=self.office)
        from cms import publishing

        real, calls = publishing.react_to_many, []

        def killed_on_the_second_chunk(records):
            calls.append(len(records))
            if len(calls) == 2:
                real(records)  # half the chunk's pages are made, then the worker dies
                raise SystemExit("worker killed")
            real(records)

        with (
            mock.patch.object(engine, "PAGE_CHUNK", 2),
            mock.patch.object(publishing, "react_to_many", killed_on_the_second_chunk),
            self.assertRaises(SystemExit),
        ):
            run_batch(batch.pk)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.PAGES)
        self.assertEqual((batch.pages_done, batch.pages_total), (2, 5))
        self.assertEqual(OutputPage.objects.filter(locale__language_code="vi").count(), 2)
        # the office watches it: the import's page shows the progress and refreshes itself
        self.client.force_login(self.office)
        response = self.client.get(reverse("research_imports:preview", args=[batch.pk]))
        self.assertContains(response, "Đã tạo trang công khai: 2 trên 5.")
        self.assertContains(response, 'http-equiv="refresh"')
        self.assertNotContains(response, "data-confirm")

        call_command("run_imports", stdout=BytesIOText())
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.APPLIED)
        self.assertEqual(batch.pages_done, 5)
        self.assertEqual(OutputPage.objects.filter(locale__language_code="vi").count(), 5)
        self.assertEqual(len(set(OutputPage.objects.values_list("output_id", "locale_id"))), 10)
        call_command("run_imports", stdout=BytesIOText())  # nothing left: safe to run again
        self.assertEqual(OutputPage.objects.filter(locale__language_code="vi").count(), 5)
