"""`make bench`: the Excel import of a whole archive — 2,000 topics and 10,000 outputs — in a
throwaway database: preview, the records written, their public pages made (live, in every
language, as with automatic publishing on), and the same files again (nothing to change)."""

import datetime
import itertools
import random
import time
from io import BytesIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from bench.corpus import FAMILY, GIVEN, MIDDLE, throwaway_database
from research.imports.batches import start_batch
from research.imports.engine import (
    Context,
    build_preview,
    confirm_batch,
    make_pages,
    write_records,
)
from research.imports.kinds import KINDS
from research.models import Person, PersonKind, Unit, UnitKind

FILE_ROWS = 5000  # 10,000 output rows exceed IMPORT_MAX_CELLS (1,000,000) in one file


def workbook(kind, rows):
    headers = [column.header for column in KINDS[kind](Context()).all_columns()]
    book = Workbook()
    sheet = book.active
    sheet.title = KINDS[kind].sheet_title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.size = len(buffer.getvalue())
    return buffer


class Command(BaseCommand):
    help = "Time the Excel import of 2,000 topics and 10,000 outputs, with its query counts."

    def add_arguments(self, parser):
        parser.add_argument("--topics", type=int, default=2000)
        parser.add_argument("--outputs", type=int, default=10000)
        parser.add_argument(
            "--no-pages", action="store_true", help="Leave automatic publishing off (no pages)."
        )

    def handle(self, *args, topics, outputs, no_pages, **options):
        with throwaway_database(self.stdout):
            if not no_pages:
                self.publish_automatically()
            generator = random.Random(5)
            self.write_lecturers(150)
            office = get_user_model().objects.create(username="bench-office")
            lecturers = list(Person.objects.filter(kind=PersonKind.LECTURER).select_related("unit"))
            topic_rows = [self.topic_row(n, generator, lecturers) for n in range(topics)]
            output_rows = [
                self.output_row(n, generator, lecturers, topic_rows) for n in range(outputs)
            ]
            self.stdout.write(f"{'step':<44} {'seconds':>9} {'queries':>9}")
            self.applied = 0.0  # seconds writing the records and making their pages
            for kind, rows in (("topics", topic_rows), ("outputs", output_rows)):
                # files of FILE_ROWS rows at most, as the import's cell limit asks of the office
                for start in range(0, len(rows), FILE_ROWS):
                    self.import_file(kind, rows[start : start + FILE_ROWS], office)
            records = topics + outputs
            self.stdout.write(
                f"whole archive: {records} records applied with their pages in "
                f"{self.applied:.1f} s ({records / self.applied:.0f} records/s)"
            )

    def publish_automatically(self):
        """The public site's tree (the demo site's pages, no demo records) with automatic
        publishing live: each imported topic and output gets its page in every language. The
        public site is reached by name: research does not import cms."""
        call_command("load_demo_site", stdout=BlackHole())
        settings = apps.get_model("cms", "SiteSettings").load()
        settings.publish_automatically = "live"
        settings.save()

    def import_file(self, kind, rows, office):
        if not rows:
            return
        upload = workbook(kind, rows)
        self.measure(f"{kind}: preview ({len(rows)} rows)", lambda: build_preview(kind, upload))
        batch, _preview = start_batch(kind, upload, user=office, file_name=f"{kind}.xlsx")
        confirm_batch(batch, user=office)
        written = self.measure(f"{kind}: records, one transaction", lambda: write_records(batch.pk))
        seconds = self.measure(f"{kind}: public pages", lambda: make_pages(batch.pk))
        self.applied += written + seconds
        batch.refresh_from_db()
        pages = apps.get_model("wagtailcore", "Page").objects.count()
        if batch.pages_total:
            rate = batch.pages_total / seconds
            self.stdout.write(
                f"  {batch.pages_total} records with pages: {rate:.1f} records/s "
                f"(pages in the tree now: {pages}); 12,000 records would take "
                f"{12_000 / rate / 60:.1f} min at this rate"
            )
        self.measure(f"{kind}: same file again (preview)", lambda: build_preview(kind, upload))

    def write_lecturers(self, count):
        """Lecturers with distinct names (a name shared by two people would wait for a choice)."""
        units = Unit.objects.bulk_create(
            Unit(name=f"Khoa thử nghiệm {n}", kind=UnitKind.FACULTY, sort_order=n) for n in range(8)
        )
        names = [" ".join(parts) for parts in itertools.product(FAMILY, MIDDLE, GIVEN)][:count]
        Person.objects.bulk_create(
            Person(
                full_name=name,
                given_name=name.split()[-1],
                kind=PersonKind.LECTURER,
                unit=units[n % len(units)],
                email=f"gv{n}@bench.invalid",
            )
            for n, name in enumerate(names)
        )

    def measure(self, label, function):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            seconds = time.perf_counter() - started
        self.stdout.write(f"{label:<44} {seconds:>9.1f} {len(queries):>9}")
        return seconds

    def topic_row(self, n, generator, lecturers):
        year = 2016 + n % 10
        team = generator.sample(lecturers, 3)
        return {
            "Mã số": f"CS-{year}-{n:05d}",
            "Tên đề tài": f"Đề tài lưu trữ số {n} về công tác xây dựng Đảng ở cơ sở",
            "Từ khóa": "xây dựng Đảng; phòng, chống tham nhũng",
            "Cấp": "Cấp cơ sở",
            "Nguồn gốc": "Đề xuất",
            "Đơn vị chủ trì": team[0].unit.name,
            "Ngày bắt đầu": f"01/02/{year}",
            "Ngày kết thúc": datetime.date(year, 11, 30),
            "Trạng thái": "Đã nghiệm thu",
            "Ngày nghiệm thu": f"15/12/{year}",
            "Xếp loại": "Khá",
            "Chủ nhiệm": f"ThS. {team[0].full_name}",
            "Thư ký": team[1].full_name.upper(),
            "Thành viên": f"{team[2].full_name}; Nhà khoa học ngoài số {n % 300}",
            "Kinh phí: Ngân sách của Trường": "25.000.000 đ",
        }

    def output_row(self, n, generator, lecturers, topic_rows):
        authors = generator.sample(lecturers, 2)
        topic = topic_rows[n % len(topic_rows)] if topic_rows and n % 3 == 0 else None
        return {
            "Loại sản phẩm": "Bài báo tạp chí",
            "Tên sản phẩm": f"Bài báo lưu trữ số {n}",
            "Tác giả": "; ".join(person.full_name for person in authors),
            "Ngày công bố": datetime.date(2016 + n % 10, 1 + n % 12, 1 + n % 28),
            "Mã đề tài": topic["Mã số"] if topic else None,
            "Tạp chí, kỷ yếu hoặc nơi công bố": "Tạp chí Lý luận chính trị",
            "Trang": f"{n % 90 + 1}-{n % 90 + 9}",
        }


class BlackHole:
    def write(self, text):
        pass

    def flush(self):
        pass
