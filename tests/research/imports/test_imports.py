"""The Excel import: reading cells and names, refusing bad files, previewing without writing,
applying in one transaction without side effects, and importing the same file twice."""

import datetime
import unicodedata
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry

from research.core.names import name_key, parse_name
from research.imports import cells
from research.imports.batches import start_batch
from research.imports.engine import Context, ImportRefused, Status, apply_batch, build_preview
from research.imports.kinds import KINDS
from research.imports.spreadsheets import error_report, template
from research.imports.workbook import FileRefused
from research.models import (
    Deadline,
    FundingLine,
    ImportBatch,
    Output,
    Person,
    PersonKind,
    Topic,
    TopicGrade,
    TopicStatus,
)
from tests.factories import OfficeStaffFactory, OutputAuthorFactory, PersonFactory, UnitFactory
from tests.research.imports.helpers import upload, xlsx

# --- names and cells ---------------------------------------------------------------------------


def test_one_key_for_every_way_of_writing_a_name():
    key = name_key("Lê Văn Hòa")
    assert name_key("ThS. LÊ VĂN HOÀ") == key  # case, prefix, old tone placement
    assert name_key(unicodedata.normalize("NFD", "lê văn hòa")) == key
    assert name_key("PGS.TS. Lê  Văn Hoà") == key
    assert name_key("Lê Văn Hỏa") != key  # another tone is another name
    assert name_key("Thủy") == name_key("Thuỷ")


def test_prefixes_give_title_and_degree():
    assert parse_name("PGS.TS. Nguyễn Văn An") == (
        "Nguyễn Văn An",
        {"academic_title": "pgs", "degree": "ts"},
    )
    assert parse_name("CN. Trần Thị Thuỷ") == ("Trần Thị Thuỷ", {"degree": "cn"})


@pytest.mark.parametrize(
    "value, expected",
    [
        ("05/12/2021", datetime.date(2021, 12, 5)),
        ("5-2-2021", datetime.date(2021, 2, 5)),
        (44535, datetime.date(2021, 12, 5)),  # an Excel serial date
        (datetime.datetime(2021, 12, 5, 0, 0), datetime.date(2021, 12, 5)),
        ("2021-12-05", datetime.date(2021, 12, 5)),
        (None, None),
    ],
)
def test_dates_as_text_serials_or_dates(value, expected):
    assert cells.date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2021", "tháng 5", -3])
def test_a_bad_date_says_so(value):
    with pytest.raises(cells.CellError, match="ngày|date"):
        cells.date(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1.250.000.000 đ", 1_250_000_000),
        ("1.250.000.000", 1_250_000_000),
        ("150000000", 150_000_000),
        ("1,250,000,000 VND", 1_250_000_000),
        (350000000.0, 350_000_000),
    ],
)
def test_amounts_with_separators_and_currency(value, expected):
    assert cells.amount(value) == expected


@pytest.mark.parametrize("value", ["12,5", "một triệu", 10.5, "1.25.000"])
def test_a_bad_amount_says_so(value):
    with pytest.raises(cells.CellError):
        cells.amount(value)


# --- bad files ----------------------------------------------------------------------------------


class BadFileTests(TestCase):
    def refused(self, kind, upload_file):
        with self.assertRaises(FileRefused) as caught:
            build_preview(kind, upload_file)
        return str(caught.exception)

    @override_settings(IMPORT_MAX_UPLOAD_SIZE=1024)
    def test_a_large_file(self):
        big = xlsx("units", [{"Tên đơn vị": "x" * 50, "Loại đơn vị": "Khoa"}] * 200)
        self.assertIn("lớn nhất", self.refused("units", big))

    def test_a_ten_megabyte_file_is_refused_by_default(self):
        big = upload(Workbook())
        big.size = 10 * 1024 * 1024
        self.assertIn("10,0", self.refused("units", big).replace(".", ","))

    def test_a_file_renamed_xlsx(self):
        fake = upload(Workbook())
        fake.seek(0)
        fake.truncate()
        fake.write(b"%PDF-1.4 this is no workbook")
        fake.seek(0)
        self.assertIn("không phải tệp Excel", self.refused("units", fake))

    def test_the_wrong_sheet(self):
        wrong = xlsx("units", [], title="Trang tính 1", extra_sheets=["Trang tính 2"])
        message = self.refused("units", wrong)
        self.assertIn("Đơn vị", message)
        self.assertIn("Trang tính 1", message)

    def test_wrong_headers(self):
        wrong = xlsx("units", [{"Tên": "Khoa A"}], headers=["Tên", "Loại đơn vị"])
        message = self.refused("units", wrong)
        self.assertIn("Tên đơn vị", message)
        self.assertIn("Tên", message)

    def test_merged_cells(self):
        workbook = load_workbook(xlsx("units", [{"Tên đơn vị": "Khoa A", "Loại đơn vị": "Khoa"}]))
        workbook.active.merge_cells("A2:B2")
        self.assertIn("A2:B2", self.refused("units", upload(workbook)))

    def test_headers_without_rows(self):
        self.assertIn("không có dòng", self.refused("units", xlsx("units", [])))


# --- topics --------------------------------------------------------------------------------------


def topic_row(**overrides):
    row = {
        "Mã số": "QT-2021-02",
        "Tên đề tài": "Nâng cao chất lượng sinh hoạt chi bộ ở các xã biên giới",
        "Từ khóa": "sinh hoạt chi bộ; phòng, chống tham nhũng",
        "Cấp": "Cấp tỉnh",
        "Nguồn gốc": "Đề xuất",
        "Đơn vị chủ trì": "Khoa Xây dựng Đảng",
        "Ngày bắt đầu": "01/03/2021",
        "Ngày kết thúc": datetime.datetime(2022, 2, 28),
        "Trạng thái": "Đã nghiệm thu",
        "Ngày nghiệm thu": "20/04/2022",
        "Xếp loại": "Khá",
        "Chủ nhiệm": "TS. VÕ THỊ MAI LAN",
        "Thư ký": unicodedata.normalize("NFD", "ThS. Lê Văn Hoà"),
        "Thành viên": "PGS.TS. Nguyễn Văn An (Học viện Chính trị khu vực III)",
        "Kinh phí: Ngân sách sự nghiệp khoa học tỉnh": "350.000.000 đ",
    }
    row.update(overrides)
    return row


class TopicImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.unit = UnitFactory(name="Khoa Xây dựng Đảng", short_name="XDĐ")
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan", unit=cls.unit)
        cls.hoa = PersonFactory(full_name="Lê Văn Hòa", unit=cls.unit)

    def start(self, rows, kind="topics", choices=None):
        return start_batch(
            kind, xlsx(kind, rows), user=self.office, file_name="de-tai-2021.xlsx", choices=choices
        )

    def test_preview_writes_nothing_and_names_each_row(self):
        batch, preview = self.start(
            [topic_row(), topic_row(**{"Mã số": "CS-2020-01", "Cấp": "Cấp huyện"})]
        )
        self.assertEqual([r.status for r in preview.results], [Status.NEW, Status.ERROR])
        self.assertIn("Cấp huyện", preview.results[1].reason)
        self.assertEqual(preview.results[1].number, 3)
        self.assertFalse(Topic.objects.exists())
        self.assertFalse(Person.objects.filter(kind=PersonKind.OUTSIDE).exists())
        with self.assertRaises(ImportRefused):
            apply_batch(batch, user=self.office)
        self.assertFalse(Topic.objects.exists())

    def test_an_accepted_topic_of_the_past_keeps_its_history_without_side_effects(self):
        batch, preview = self.start([topic_row()])
        self.assertEqual(preview.counts[Status.NEW], 1)
        self.assertEqual([p.full_name for p in preview.new_people], ["Nguyễn Văn An"])
        with self.captureOnCommitCallbacks(execute=True):
            apply_batch(batch, user=self.office)
        topic = Topic.objects.get(code="QT-2021-02")
        self.assertEqual(topic.status, TopicStatus.ACCEPTED)
        self.assertEqual(topic.grade, TopicGrade.GOOD)
        self.assertEqual(topic.accepted_on, datetime.date(2022, 4, 20))
        self.assertEqual(topic.keyword_list, ["sinh hoạt chi bộ", "phòng, chống tham nhũng"])
        self.assertEqual(topic.legal_basis, "2013")
        team = [(m.person, m.role) for m in topic.members.order_by("sort_order")]
        outsider = Person.objects.get(full_name="Nguyễn Văn An")
        self.assertEqual(
            team, [(self.lan, "principal"), (self.hoa, "secretary"), (outsider, "member")]
        )
        self.assertEqual(outsider.kind, PersonKind.OUTSIDE)
        self.assertEqual(outsider.affiliation, "Học viện Chính trị khu vực III")
        self.assertEqual((outsider.academic_title, outsider.degree), ("pgs", "ts"))
        self.assertEqual(topic.approved_total, 350_000_000)
        self.assertFalse(Deadline.objects.exists())
        self.assertEqual(mail.outbox, [])
        entry = ModelLogEntry.objects.get(object_id=str(topic.pk), action="research.imported")
        self.assertEqual(entry.user, self.office)
        self.assertIn(
            "de-tai-2021.xlsx",
            entry.format_message() if hasattr(entry, "format_message") else str(entry.data),
        )
        batch.refresh_from_db()
        self.assertEqual(batch.status, "applied")

    def test_the_same_file_twice_changes_nothing(self):
        batch, _preview = self.start([topic_row()])
        apply_batch(batch, user=self.office)
        counts = (Topic.objects.count(), Person.objects.count(), FundingLine.objects.count())
        logs = ModelLogEntry.objects.count()
        again, preview = self.start([topic_row()])
        self.assertEqual(preview.counts[Status.UNCHANGED], 1)
        self.assertFalse(preview.changes)
        apply_batch(again, user=self.office)
        self.assertEqual(
            (Topic.objects.count(), Person.objects.count(), FundingLine.objects.count()), counts
        )
        self.assertEqual(ModelLogEntry.objects.count(), logs)
        with self.assertRaises(ImportRefused):
            apply_batch(again, user=self.office)

    def test_a_changed_row_is_an_update(self):
        apply_batch(self.start([topic_row()])[0], user=self.office)
        batch, preview = self.start(
            [topic_row(**{"Kinh phí: Ngân sách sự nghiệp khoa học tỉnh": 400_000_000})]
        )
        self.assertEqual(preview.counts[Status.UPDATE], 1)
        apply_batch(batch, user=self.office)
        self.assertEqual(Topic.objects.get().approved_total, 400_000_000)

    def test_an_ambiguous_name_waits_for_the_office_to_choose(self):
        other = PersonFactory(full_name="Lê Văn Hoà", unit=UnitFactory(name="Khoa Nhà nước"))
        batch, preview = self.start([topic_row()])
        self.assertEqual(preview.results[0].status, Status.CHOOSE)
        [ambiguity] = preview.ambiguities
        self.assertEqual({p.pk for p in ambiguity.candidates}, {self.hoa.pk, other.pk})
        with self.assertRaises(ImportRefused):
            apply_batch(batch, user=self.office)
        apply_batch(batch, user=self.office, choices={ambiguity.key: str(other.pk)})
        self.assertTrue(Topic.objects.get().members.filter(person=other, role="secretary").exists())

    def test_rules_of_the_record_are_reasons_in_vietnamese(self):
        _batch, preview = self.start(
            [
                topic_row(**{"Xếp loại": "Không đạt"}),
                topic_row(**{"Mã số": "X-1", "Ngày kết thúc": "01/01/2020"}),
                topic_row(**{"Mã số": "X-2", "Nguồn gốc": "Đặt hàng"}),
                topic_row(**{"Mã số": "X-3", "Đơn vị chủ trì": "Khoa Không Có"}),
                topic_row(
                    **{
                        "Mã số": "X-4",
                        "Kinh phí: Ngân sách sự nghiệp khoa học tỉnh": "ba trăm triệu",
                    }
                ),
            ]
        )
        reasons = [r.reason for r in preview.results]
        self.assertIn("xếp loại đạt", reasons[0])
        self.assertIn("ngày kết thúc", reasons[1].lower())
        self.assertIn("cơ quan đặt hàng", reasons[2])
        self.assertIn("Khoa Không Có", reasons[3])
        self.assertIn("Kinh phí: Ngân sách sự nghiệp khoa học tỉnh", reasons[4])

    def test_error_report_has_every_row_and_a_reason_column_and_reads_back(self):
        _batch, preview = self.start([topic_row(), topic_row(**{"Mã số": "X-1", "Cấp": "?"})])
        workbook = load_workbook(upload_bytes(error_report(preview)))
        rows = list(workbook.active.iter_rows(values_only=True))
        self.assertEqual(rows[0][-1], "Lý do lỗi")
        self.assertIsNone(rows[1][-1])
        self.assertIn("?", rows[2][-1])
        again = build_preview("topics", upload_bytes(error_report(preview)))
        self.assertEqual(len(again.results), 2)


def upload_bytes(data):
    from io import BytesIO

    buffer = BytesIO(data)
    buffer.size = len(data)
    return buffer


class OutputImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan")

    def row(self, **overrides):
        row = {
            "Loại sản phẩm": "Bài báo tạp chí",
            "Tên sản phẩm": "Đổi mới sinh hoạt chi bộ",
            "Tác giả": "TS. Võ Thị Mai Lan; Hoàng Minh (Đại học Huế)",
            "Ngày công bố": "15/06/2022",
            "Tạp chí, kỷ yếu hoặc nơi công bố": "Tạp chí Lý luận chính trị",
        }
        row.update(overrides)
        return row

    def test_outputs_match_by_title_year_and_first_author(self):
        existing = OutputAuthorFactory(
            person=self.lan,
            output__title="ĐỔI MỚI SINH HOẠT CHI BỘ",
            output__published_on=datetime.date(2022, 1, 1),
        ).output
        batch, preview = start_batch(
            "outputs",
            xlsx("outputs", [self.row(), self.row(**{"Ngày công bố": "01/01/2023"})]),
            user=self.office,
            file_name="san-pham.xlsx",
        )
        self.assertEqual([r.status for r in preview.results], [Status.UPDATE, Status.NEW])
        apply_batch(batch, user=self.office)
        existing.refresh_from_db()
        self.assertEqual(existing.venue, "Tạp chí Lý luận chính trị")
        self.assertEqual(Output.objects.count(), 2)
        authors = [a.person.full_name for a in existing.authors.order_by("sort_order")]
        self.assertEqual(authors, ["Võ Thị Mai Lan", "Hoàng Minh"])
        self.assertEqual(Person.objects.filter(full_name="Hoàng Minh").count(), 1)


class TemplateTests(TestCase):
    def test_each_kind_has_a_template_with_headers_examples_and_lists(self):
        UnitFactory(name="Khoa Xây dựng Đảng")
        for code, kind_class in KINDS.items():
            kind = kind_class(Context())
            workbook = load_workbook(upload_bytes(template(kind)))
            sheet = workbook[kind.sheet_title]
            headers = [cell.value for cell in sheet[1]]
            self.assertEqual(headers, [c.header for c in kind.all_columns()], code)
            self.assertEqual(sheet.max_row, 1, "no example rows among the data")
            guide = list(workbook["Hướng dẫn"].iter_rows(values_only=True))
            self.assertTrue(any(row[2] for row in guide[1:]), code)
        topics = load_workbook(upload_bytes(template(KINDS["topics"](Context()))))
        validations = topics["Đề tài"].data_validations.dataValidation
        self.assertGreaterEqual(len(validations), 5)  # level, origin, status, grade, unit …
        lists = topics["Danh mục"]
        column_of_levels = [c.value for c in lists[1]].index("Cấp") + 1
        levels = [lists.cell(row=r, column=column_of_levels).value for r in range(2, 8)]
        self.assertIn("Cấp tỉnh", levels)
        # an empty template reads as a file with headers but no rows, not as bad headers
        with self.assertRaisesMessage(FileRefused, "không có dòng"):
            build_preview("topics", upload_bytes(template(KINDS["topics"](Context()))))


class CommandTests(TestCase):
    def test_dry_run_writes_nothing_then_the_import_does(self):
        UnitFactory(name="Khoa Xây dựng Đảng")
        path = self.tmp(
            "don-vi.xlsx", [{"Tên đơn vị": "Khoa Lý luận cơ sở", "Loại đơn vị": "Khoa"}]
        )
        call_command("import_records", path, "--kind", "units", "--dry-run", stdout=StringIO())
        self.assertFalse(ImportBatch.objects.exists())
        from research.models import Unit

        self.assertFalse(Unit.objects.filter(name="Khoa Lý luận cơ sở").exists())
        call_command("import_records", path, "--kind", "units", stdout=StringIO())
        self.assertTrue(Unit.objects.filter(name="Khoa Lý luận cơ sở").exists())
        with self.assertRaises(CommandError):
            call_command("import_records", path, "--kind", "topics", stdout=StringIO())

    def tmp(self, name, rows):
        import tempfile
        from pathlib import Path

        path = Path(tempfile.mkdtemp()) / name
        path.write_bytes(xlsx("units", rows).getvalue())
        return str(path)
