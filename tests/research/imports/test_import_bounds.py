"""The import survives what a hostile or simply huge file does to it (issue 19): bombs refused
before parsing, the file read once, the job resumed after an interruption."""

import time
import tracemalloc
import zipfile
from io import BytesIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from openpyxl import Workbook

from research.imports.batches import preview_batch, start_batch
from research.imports.engine import Status, apply_batch, build_preview
from research.imports.workbook import FileRefused
from research.models import (
    ImportBatch,
    ImportStatus,
)
from tests.factories import OfficeStaffFactory, UnitFactory
from tests.research.imports.helpers import BytesIOText, xlsx

# --- spreadsheet bombs --------------------------------------------------------------------------


def bomb(sheet_xml=None, shared_strings=None):
    """A small .xlsx whose sheet or shared strings are replaced by the given XML."""
    buffer = BytesIO()
    book = Workbook()
    book.active.title = "Đơn vị"
    book.active.append(["Tên đơn vị", "Loại đơn vị"])
    book.active.append(["Khoa A", "Khoa"])
    book.save(buffer)
    source = zipfile.ZipFile(BytesIO(buffer.getvalue()))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                data = sheet_xml
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
        if shared_strings is not None:
            target.writestr("xl/sharedStrings.xml", shared_strings)
    out.seek(0)
    out.name = "bom.xlsx"
    out.size = len(out.getvalue())
    return out


HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def many_cells(rows, columns, dimension=True):
    header = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Tên đơn vị</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Loại đơn vị</t></is></c></row>'
    ).encode()
    body = b"".join(
        b'<row r="%d">' % r + b"".join(b"<c><v>1</v></c>" for _ in range(columns)) + b"</row>"
        for r in range(2, rows + 2)
    )
    declared = b'<dimension ref="A1:CV%d"/>' % (rows + 1) if dimension else b""
    return HEAD + declared + b"<sheetData>" + header + body + b"</sheetData></worksheet>"


class BombTests(TestCase):
    def refused(self, upload):
        started = time.perf_counter()
        tracemalloc.start()
        try:
            with self.assertRaises(FileRefused) as caught:
                build_preview("units", upload)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return str(caught.exception), time.perf_counter() - started, peak

    def test_millions_of_declared_cells_are_refused_before_parsing(self):
        xml = HEAD + b'<dimension ref="A1:XFD1048576"/><sheetData></sheetData></worksheet>'
        reason, seconds, peak = self.refused(bomb(xml))
        self.assertIn("quá lớn", reason)
        self.assertIn("1.048.575", reason)  # rows, in Vietnamese digit grouping
        self.assertLess(seconds, 2)
        self.assertLess(peak, 20 * 1024 * 1024)

    def test_two_million_real_cells_in_a_small_file_are_refused(self):
        upload = bomb(many_cells(20_000, 100, dimension=True))
        self.assertLess(upload.size, 600 * 1024)
        reason, seconds, peak = self.refused(upload)
        self.assertIn("quá lớn", reason)
        self.assertLess(seconds, 5)
        self.assertLess(peak, 50 * 1024 * 1024)

    @override_settings(IMPORT_MAX_CELLS=50_000)
    def test_a_sheet_lying_about_its_size_is_stopped_while_streaming(self):
        reason, seconds, peak = self.refused(bomb(many_cells(5_000, 30, dimension=False)))
        self.assertIn("số ô", reason)
        self.assertLess(seconds, 5)
        self.assertLess(peak, 60 * 1024 * 1024)

    def test_two_million_cells_without_a_dimension_are_counted_before_parsing(self):
        reason, seconds, peak = self.refused(bomb(many_cells(20_000, 100, dimension=False)))
        self.assertIn("quá lớn", reason)
        self.assertLess(seconds, 5)
        self.assertLess(peak, 50 * 1024 * 1024)

    def test_huge_shared_strings_are_refused_before_parsing(self):
        declared = (
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org'
            b'/spreadsheetml/2006/main" count="50000000" uniqueCount="50000000"><si><t>a</t></si></sst>'
        )
        reason, _seconds, _peak = self.refused(bomb(shared_strings=declared))
        self.assertIn("quá lớn", reason)
        big = (
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org'
            b'/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
            + b"a" * (30 * 1024 * 1024)
            + b"</t></si></sst>"
        )
        upload = bomb(shared_strings=big)
        self.assertLess(upload.size, 200 * 1024)
        reason, seconds, peak = self.refused(upload)
        self.assertIn("quá lớn", reason)
        self.assertLess(seconds, 2)
        self.assertLess(peak, 20 * 1024 * 1024)


class ParseOnceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        UnitFactory(name="Khoa Xây dựng Đảng")

    def test_the_preview_is_planned_from_the_rows_read_at_upload(self):
        batch, _preview = start_batch(
            "units",
            xlsx("units", [{"Tên đơn vị": "Khoa Lý luận cơ sở", "Loại đơn vị": "Khoa"}]),
            user=self.office,
            file_name="don-vi.xlsx",
        )
        self.client.force_login(self.office)
        with mock.patch(
            "research.imports.workbook.load_workbook", side_effect=AssertionError("parsed again")
        ):
            preview = preview_batch(ImportBatch.objects.get(pk=batch.pk))
            self.assertEqual(preview.counts[Status.NEW], 1)
            response = self.client.get(reverse("research_imports:preview", args=[batch.pk]))
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "Khoa Lý luận cơ sở")
            apply_batch(batch, user=self.office)
        self.assertEqual(ImportBatch.objects.get(pk=batch.pk).status, ImportStatus.APPLIED)


class BackgroundImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    @override_settings(IMPORT_INLINE_ROWS=1)
    def test_a_large_file_is_applied_by_the_job_while_the_office_watches(self):
        batch, _preview = start_batch(
            "units",
            xlsx(
                "units",
                [
                    {"Tên đơn vị": "Khoa Lý luận cơ sở", "Loại đơn vị": "Khoa"},
                    {"Tên đơn vị": "Khoa Nhà nước và pháp luật", "Loại đơn vị": "Khoa"},
                ],
            ),
            user=self.office,
            file_name="don-vi.xlsx",
        )
        self.client.force_login(self.office)
        url = reverse("research_imports:preview", args=[batch.pk])
        response = self.client.post(url, follow=True)
        self.assertRedirects(response, url)
        self.assertContains(response, "Đang nhập don-vi.xlsx")
        self.assertContains(response, "Đã xác nhận, đang chờ nhập")
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.confirmed_by), (ImportStatus.QUEUED, self.office))
        again = self.client.post(url, follow=True)  # a second confirm: told, nothing twice
        self.assertContains(again, "đã được xác nhận")
        call_command("run_imports", stdout=BytesIOText())
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.APPLIED)
        self.assertContains(self.client.get(url), "Tệp này đã được nhập")
