"""Issue 20, items 7 and 16 at the import: the preview lists every fault of a row in every import
kind, and an output already in the portal (declared by a lecturer, recorded by the office) or
named twice in the file is one record with all its authors, counted once."""

import datetime

from django.test import TestCase
from django.urls import reverse

from research.imports.batches import start_batch
from research.imports.engine import Status, apply_batch
from research.models import Indicator, Output, OutputAuthor
from research.standard.counting import evidence
from tests.factories import (
    OfficeStaffFactory,
    OutputAuthorFactory,
    OutputFactory,
    PersonFactory,
    UnitFactory,
)
from tests.research.imports.helpers import xlsx

TITLE = "Đổi mới sinh hoạt chi bộ ở vùng biên giới"
VENUE = "Tạp chí Lý luận chính trị"

# One row per kind with several faults each — of its cells and of its rules — and how many the
# preview must list; the needles are the row's own values, whatever the language.
ROWS = {
    "units": (
        {"Tên đơn vị": "Khoa Mới", "Loại đơn vị": "Loại không có", "Thứ tự": "hai"},
        2,
        ["Loại không có", "Thứ tự"],
    ),
    "people": (
        {
            "Họ và tên": "Ông Ngoại Trường",
            "Loại": "Nhà khoa học ngoài Trường",
            "Đơn vị": "Khoa Không Có",
            "Ngày vào trường": "01/09/2015",
            "Ngày rời trường": "01/09/2010",
        },
        2,
        [],
    ),
    "outputs": (
        {
            "Loại sản phẩm": "Bài báo tạp chí",
            "Tên sản phẩm": "Một bài báo",
            "Tác giả": "Võ Thị Mai Lan; Võ Thị Mai Lan",
            "Ngày công bố": "15/06/2022",
            "Mã đề tài": "KHONG-CO-01",
            "Hội thảo của trường": "Hội thảo không có",
            "Số bản tin": "9/1999",
            "ISSN": "12345",
            "ISBN": "12",
        },
        6,
        ["KHONG-CO-01", "Hội thảo không có", "9/1999", "ISSN", "ISBN"],
    ),
    "events": (
        {
            "Tên hội thảo": "Hội thảo A",
            "Cấp": "Cấp vũ trụ",
            "Ngày tổ chức": "12/11/2022",
            "Đơn vị tổ chức": "Khoa Không Có",
            "Số bài": "nhiều",
        },
        3,
        ["Cấp vũ trụ", "Khoa Không Có", "Số bài"],
    ),
    "bulletin": (
        {"Số": "hai", "Năm": "năm nay", "Ngày phát hành": "30/02/2023"},
        3,
        ["Số", "Năm", "30/02/2023"],
    ),
    "fieldwork": (
        {
            "Địa điểm": "Huyện Hướng Hóa",
            "Từ ngày": "20/05/2023",
            "Đến ngày": "10/05/2023",
            "Giảng viên": "Người Không Có; Ai Đó Khác",
        },
        3,
        ["Người Không Có", "Ai Đó Khác"],
    ),
    "funding_sources": (
        {"Tên": "——", "Thứ tự": "không phải số"},
        2,
        ["Thứ tự", "Mã"],
    ),
}


class EveryFaultOfEveryKindTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        unit = UnitFactory(name="Khoa Xây dựng Đảng")
        PersonFactory(full_name="Võ Thị Mai Lan", unit=unit)

    def test_one_row_with_several_faults_lists_them_all(self):
        for kind, (row, count, expected) in ROWS.items():
            with self.subTest(kind=kind):
                _batch, preview = start_batch(
                    kind, xlsx(kind, [row]), user=self.office, file_name=f"{kind}.xlsx"
                )
                [result] = preview.results
                self.assertEqual(result.status, Status.ERROR)
                for needle in expected:
                    self.assertIn(needle, result.reason)
                self.assertEqual(len(result.reason.split("\n")), count, result.reason)

    def test_an_output_row_with_an_unreadable_date_still_lists_its_rule_faults(self):
        row = {**ROWS["outputs"][0], "Ngày công bố": "31/02/2022"}
        _batch, preview = start_batch(
            "outputs", xlsx("outputs", [row]), user=self.office, file_name="o.xlsx"
        )
        [result] = preview.results
        for needle in ["31/02/2022", "KHONG-CO-01", "ISSN", "ISBN"]:
            self.assertIn(needle, result.reason)


def output_row(authors, **overrides):
    return {
        "Loại sản phẩm": "Bài báo tạp chí",
        "Tên sản phẩm": TITLE,
        "Tác giả": authors,
        "Ngày công bố": "04/05/2025",
        "Tạp chí, kỷ yếu hoặc nơi công bố": VENUE,
        **overrides,
    }


class SameOutputAtTheImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        unit = UnitFactory(name="Khoa Xây dựng Đảng")
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan", unit=unit)
        cls.binh = PersonFactory(full_name="Trần Văn Bình", unit=unit)
        cls.articles = Indicator.objects.get(code="4.6")

    def start(self, rows):
        return start_batch("outputs", xlsx("outputs", rows), user=self.office, file_name="o.xlsx")

    def test_a_declared_output_is_merged_not_doubled(self):
        # Lan declared it; the office's archive names Bình first, with the title typed otherwise.
        declared = OutputFactory(
            title=TITLE, venue=VENUE, published_on=datetime.date(2025, 5, 4), kind="journal_article"
        )
        confirmed = OutputAuthorFactory(output=declared, person=self.lan)
        OutputAuthor.objects.filter(pk=confirmed.pk).update(
            confirmed_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
        )
        batch, preview = self.start(
            [output_row("Trần Văn Bình; Võ Thị Mai Lan", **{"Tên sản phẩm": TITLE.upper() + "."})]
        )
        [result] = preview.results
        self.assertEqual(result.status, Status.UPDATE)
        self.assertEqual(result.plan.instance.pk, declared.pk)
        apply_batch(batch, user=self.office)
        self.assertEqual(Output.objects.count(), 1)
        self.assertEqual(
            list(declared.authors.order_by("sort_order").values_list("person", flat=True)),
            [self.lan.pk, self.binh.pk],
        )
        self.assertIsNotNone(declared.authors.get(person=self.lan).confirmed_at)
        self.assertEqual(len(list(evidence(self.articles, 2025))), 1)

    def test_the_same_doi_or_isbn_is_the_same_output(self):
        doi = OutputFactory(url="https://doi.org/10.1234/ABC.5", title="Tên khác hẳn")
        OutputAuthorFactory(output=doi, person=self.lan)
        book = OutputFactory(isbn="978-604-57-1234-5", kind="monograph", title="Sách chuyên khảo")
        OutputAuthorFactory(output=book, person=self.lan)
        _batch, preview = self.start(
            [
                output_row("Trần Văn Bình", **{"Liên kết": "https://dx.doi.org/10.1234/abc.5"}),
                output_row(
                    "Trần Văn Bình",
                    **{
                        "Loại sản phẩm": "Sách chuyên khảo",
                        "Tên sản phẩm": "Một tên khác",
                        "ISBN": "9786045712345",
                        "Tạp chí, kỷ yếu hoặc nơi công bố": "",
                    },
                ),
            ]
        )
        self.assertEqual(
            [(r.status, r.plan.instance.pk) for r in preview.results],
            [(Status.UPDATE, doi.pk), (Status.UPDATE, book.pk)],
        )

    def test_the_same_output_twice_in_the_file_names_the_first_row(self):
        _batch, preview = self.start(
            [output_row("Võ Thị Mai Lan"), output_row("Trần Văn Bình", **{"Tên sản phẩm": TITLE})]
        )
        self.assertEqual([r.status for r in preview.results], [Status.NEW, Status.ERROR])
        self.assertIn("2", preview.results[1].reason)
        self.assertEqual(Output.objects.count(), 0)


class SameOutputInTheAdminTests(TestCase):
    """The office's own add form warns before a second record of a work, naming the existing
    one with a link, and saves only by merging into it."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        unit = UnitFactory(name="Khoa Xây dựng Đảng")
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan", unit=unit)
        cls.binh = PersonFactory(full_name="Trần Văn Bình", unit=unit)
        cls.articles = Indicator.objects.get(code="4.6")
        cls.existing = OutputFactory(
            title=TITLE, venue=VENUE, published_on=datetime.date(2025, 5, 4), kind="journal_article"
        )
        OutputAuthorFactory(output=cls.existing, person=cls.lan)

    def post(self, **extra):
        self.client.force_login(self.office)
        data = {
            "kind": "journal_article",
            "published_on": "2025-05-04",
            "title": f"  {TITLE.lower()} ",
            "venue": VENUE,
            "keyword_list": "chi bộ",
            "is_public": "on",
            "authors-TOTAL_FORMS": "1",
            "authors-INITIAL_FORMS": "0",
            "authors-MIN_NUM_FORMS": "1",
            "authors-MAX_NUM_FORMS": "1000",
            "authors-0-person": str(self.binh.pk),
            "authors-0-ORDER": "1",
            "files-TOTAL_FORMS": "0",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
            **extra,
        }
        return self.client.post(reverse("research_output:add"), data)

    def test_a_duplicate_is_named_with_a_link_and_not_saved(self):
        response = self.post()
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        link = f'href="{reverse("research_output:edit", args=[self.existing.pk])}"'
        self.assertIn(link, content)
        self.assertIn("Cổng đã có sản phẩm này", content)
        self.assertEqual(Output.objects.count(), 1)

    def test_merging_adds_the_authors_and_counts_once(self):
        response = self.post(merge_into_existing="on")
        self.assertRedirects(
            response,
            reverse("research_output:edit", args=[self.existing.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(Output.objects.count(), 1)
        self.assertEqual(
            set(self.existing.authors.values_list("person", flat=True)), {self.lan.pk, self.binh.pk}
        )
        self.assertEqual(len(list(evidence(self.articles, 2025))), 1)

    def test_a_different_work_saves_as_before(self):
        response = self.post(title="Một công trình khác hẳn")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Output.objects.count(), 2)
