"""The archive dossier of the demo topic that went through its whole life: every document is
in the ZIP, named in ASCII with its number, and the table of contents lists exactly the files."""

import datetime
import io
import zipfile
from pathlib import Path
from tempfile import mkdtemp

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from research.demo.archived import TITLE
from research.demo.loader import DemoLoader
from research.documents.actions import IssueDocument
from research.models import (
    ClosingKind,
    ClosingRecord,
    Output,
    OutputFile,
    Topic,
    TopicStatus,
    Verification,
)
from research.reports.dossier.builder import entries
from research.reports.dossier.registry import SOURCES, Document, source
from tests.factories import LeadershipFactory, LecturerUserFactory, OfficeStaffFactory
from tests.factories.lifecycle import set_issuer

EXPECTED_GROUPS = [
    "Thuyết minh",
    "Rà soát hồ sơ hợp lệ",
    "Hội đồng xét duyệt: quyết định và biên bản",
    "Hợp đồng",
    "Báo cáo tiến độ và quyết định",
    "Đề nghị điều chỉnh và quyết định",
    "Tự đánh giá",
    "Hội đồng nghiệm thu: biên bản và tổng hợp điểm",
    "Sản phẩm",
    "Lịch sử",
]


def load_archived_demo_topic():
    loader = DemoLoader()
    loader.units = loader.load_units()
    loader.fields = []
    loader.sources = {
        s.code: s
        for s in __import__(
            "research.models", fromlist=["FundingSource"]
        ).FundingSource.objects.all()
    }
    loader.bodies = []
    loader.lecturers, loader.outsiders = loader.load_people()
    loader.load_users()
    loader.load_archived_topic()
    return Topic.objects.get(title=TITLE)


class DossierTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = load_archived_demo_topic()
        cls.office = OfficeStaffFactory()

    def download(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("research_dossier:download", args=[self.topic.pk]))

    def test_the_demo_topic_went_through_its_whole_life(self):
        self.assertEqual(self.topic.status, TopicStatus.ACCEPTED)

    def test_the_zip_holds_every_document_listed_in_its_table_of_contents(self):
        response = self.download(self.office)
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertTrue(response.streaming)
        self.assertIn(
            f'filename="ho-so-{self.topic.code.lower()}.zip"', response["Content-Disposition"]
        )
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        names = archive.namelist()
        self.assertEqual(names[:2], ["00-muc-luc.xlsx", "00-muc-luc.html"])
        for name in names:
            self.assertTrue(name.isascii(), name)
        toc = load_workbook(io.BytesIO(archive.read("00-muc-luc.xlsx"))).active
        rows = list(toc.iter_rows(min_row=3, values_only=True))
        self.assertEqual([row[4] for row in rows], names[2:])
        self.assertEqual([row[0] for row in rows], list(range(1, len(rows) + 1)))
        for number, row in enumerate(rows, start=1):
            self.assertTrue(row[4].startswith(f"{number:02d}-"), row[4])
        groups = list(dict.fromkeys(row[1] for row in rows))
        self.assertEqual(groups, EXPECTED_GROUPS)
        html = archive.read("00-muc-luc.html").decode()
        for name in names[2:]:
            self.assertIn(name, html)
        titles = [row[2] for row in rows]
        self.assertIn("Thuyết minh, phiên bản 1", titles)
        self.assertTrue(
            any(
                title.startswith("Thuyết minh, phiên bản 1: Thuyết minh đề tài") for title in titles
            )
        )
        minutes = next(n for n in names if "bien-ban-nghiem-thu" in n)
        self.assertIn("Đạt", archive.read(minutes).decode())
        for name in names:
            if name.endswith(".pdf"):
                self.assertTrue(archive.read(name).startswith(b"%PDF"), name)
        log = load_workbook(
            io.BytesIO(archive.read(next(n for n in names if n.endswith("nhat-ky.xlsx"))))
        ).active
        self.assertGreater(log.max_row, 10)

    def test_it_holds_issued_documents_and_signed_scans_lists_missing_files_and_formats_money(
        self,
    ):
        set_issuer()
        IssueDocument(
            self.topic,
            "recognition_decision",
            user=self.office,
            number="15",
            issued_on=datetime.date(2026, 2, 5),
        ).execute()
        ClosingRecord.objects.filter(topic=self.topic).delete()
        ClosingRecord.objects.create(
            topic=self.topic,
            kind=ClosingKind.RECOGNITION,
            number="15-QĐ/TCT",
            signed_on=datetime.date(2026, 2, 5),
            file=ContentFile(b"%PDF-1.4 signed scan", name="scan.pdf"),
        )
        absent = ClosingRecord.objects.create(
            topic=self.topic,
            kind=ClosingKind.CLOSEOUT,
            number="3/BB-TCT",
            signed_on=datetime.date(2026, 2, 6),
        )
        ClosingRecord.objects.filter(pk=absent.pk).update(file="closing/gone.pdf")
        unverified = (
            OutputFile.objects.filter(output__topic=self.topic).select_related("output").first()
        )
        Output.objects.filter(pk=unverified.output_id).update(verification=Verification.PENDING)
        Topic.objects.filter(pk=self.topic.pk).update(contract_number="22/HĐ-TCT")

        archive = zipfile.ZipFile(
            io.BytesIO(b"".join(self.download(self.office).streaming_content))
        )
        names = archive.namelist()
        toc = load_workbook(io.BytesIO(archive.read("00-muc-luc.xlsx"))).active
        rows = list(toc.iter_rows(min_row=3, values_only=True))
        titles = [row[2] for row in rows]
        self.assertIn("Quyết định công nhận kết quả số 15-QĐ/TCT", titles)
        self.assertTrue(any(n.endswith(".docx") and "recognition-decision" in n for n in names))
        self.assertTrue(
            any(n.startswith(tuple("0123456789")) and "ket-thuc-recognition" in n for n in names)
        )
        missing = [row for row in rows if "ket-thuc-closeout" in row[4]]
        self.assertEqual(len(missing), 1)
        self.assertIn(_("File missing from the storage: %(name)s") % {"name": ""}, missing[0][4])
        self.assertFalse(any("ket-thuc-closeout" in n for n in names))
        self.assertNotIn(f"{unverified.output.title}: {unverified.title}", titles)
        contract = archive.read(next(n for n in names if "hop-dong" in n)).decode()
        self.assertNotRegex(contract, r"\d{7,}")
        self.assertIn(" đ", contract)

    def test_only_the_office_builds_it(self):
        for user in (LecturerUserFactory(), LeadershipFactory()):
            self.assertIn(self.download(user).status_code, (302, 403))

    def test_a_new_document_source_is_one_registration(self):
        @source(45, "Quyết định giao nhiệm vụ")
        def decisions(topic):
            return [
                Document(
                    "Quyết định giao nhiệm vụ", "quyet-dinh-giao-nhiem-vu", "docx", content=b"PK"
                )
            ]

        try:
            listed = entries(self.topic)
            names = [entry.file_name for entry in listed]
            position = next(i for i, name in enumerate(names) if "quyet-dinh-giao-nhiem-vu" in name)
            self.assertIn("hop-dong", names[position - 1])
        finally:
            SOURCES[:] = [item for item in SOURCES if item[2] is not decisions]

    def test_the_yearly_export_command_writes_one_zip_per_topic(self):
        folder = Path(mkdtemp())
        call_command(
            "export_dossiers",
            "--year",
            str(self.topic.planned_start.year),
            "--to",
            str(folder),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        written = sorted(path.name for path in folder.iterdir())
        self.assertEqual(written, [f"ho-so-{self.topic.code.lower()}.zip"])
        self.assertIn("00-muc-luc.xlsx", zipfile.ZipFile(folder / written[0]).namelist())


class OrderInTheDossierTests(TestCase):
    """research.orders: the province's decision, the hand-over record and the confirmation of
    application are in the topic's dossier."""

    def test_the_order_and_its_papers(self):
        from research.models import OrderStatus
        from tests.factories import TopicFactory
        from tests.factories.orders import OrderFactory

        topic = TopicFactory(status="accepted", grade="good", accepted_on=datetime.date(2025, 6, 1))
        order = OrderFactory(
            topics=[topic],
            decision_number="1452-QĐ/TU",
            decision_date=datetime.date(2024, 1, 10),
            requirements="Báo cáo kiến nghị gửi Ban Thường vụ",
            funding=300_000_000,
            status=OrderStatus.APPLIED,
            handed_over_on=datetime.date(2025, 7, 1),
            handover_number="05/BB-BG",
            applied_on=datetime.date(2025, 9, 1),
            application_note="Ban hành Hướng dẫn",
        )
        order.handover_file.save("bb.pdf", ContentFile(b"%PDF-1.4 bien ban"), save=True)
        listed = [entry.document for entry in entries(topic)]
        groups = [str(document.group) for document in listed]
        self.assertIn("Nhiệm vụ tỉnh đặt hàng", groups)
        self.assertIn("Bàn giao và ứng dụng kết quả", groups)
        decision = next(d for d in listed if d.name.endswith("quyet-dinh-dat-hang"))
        self.assertIn("1452-QĐ/TU", decision.content.decode())
        self.assertIn("300.000.000", decision.content.decode())
        self.assertTrue(any(d.name.endswith("bien-ban-ban-giao") and d.stored for d in listed))
