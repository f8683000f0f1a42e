"""The import's admin screens: who may use them, the downloads, the preview and the confirmation."""

from io import BytesIO

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from research.models import ImportBatch, Person, Topic
from tests.factories import LecturerUserFactory, OfficeStaffFactory, PersonFactory, UnitFactory
from tests.research.imports.helpers import xlsx

ROW = {
    "Mã số": "CS-2020-04",
    "Tên đề tài": "Công tác dân vận ở vùng đồng bào",
    "Cấp": "Cấp cơ sở",
    "Nguồn gốc": "Đề xuất",
    "Đơn vị chủ trì": "Khoa Dân vận",
    "Ngày bắt đầu": "01/01/2020",
    "Ngày kết thúc": "31/12/2020",
    "Trạng thái": "Đang thực hiện",
    "Chủ nhiệm": "Nguyễn Văn An",
}


class ImportAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.unit = UnitFactory(name="Khoa Dân vận")
        cls.an_1 = PersonFactory(full_name="Nguyễn Văn An", unit=cls.unit)
        cls.an_2 = PersonFactory(full_name="Nguyễn Văn  AN", unit=UnitFactory(name="Khoa Nhà nước"))

    def setUp(self):
        self.client.force_login(self.office)

    def upload(self):
        return self.client.post(
            reverse("research_imports:upload"),
            {"kind": "topics", "file": xlsx("topics", [ROW])},
        )

    def test_only_the_office_imports(self):
        self.client.force_login(LecturerUserFactory())
        for url in (
            reverse("research_imports:upload"),
            reverse("research_imports:template", args=["topics"]),
        ):
            self.assertNotEqual(self.client.get(url).status_code, 200, url)

    def test_templates_download_for_every_kind(self):
        response = self.client.get(reverse("research_imports:template", args=["outputs"]))
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(BytesIO(response.content))["Sản phẩm"]
        self.assertEqual(sheet["A1"].value, "Loại sản phẩm")
        self.assertEqual(
            self.client.get(reverse("research_imports:template", args=["nothing"])).status_code, 404
        )

    def test_a_bad_file_is_refused_on_the_form_and_not_stored(self):
        fake = BytesIO(b"not a workbook")
        fake.name = "de-tai.xlsx"
        response = self.client.post(
            reverse("research_imports:upload"), {"kind": "topics", "file": fake}
        )
        self.assertContains(response, "không phải tệp Excel")
        self.assertFalse(ImportBatch.objects.exists())

    def test_the_office_chooses_between_two_people_then_confirms(self):
        response = self.upload()
        batch = ImportBatch.objects.get()
        self.assertRedirects(response, reverse("research_imports:preview", args=[batch.pk]))
        preview = self.client.get(response.url)
        self.assertContains(preview, 'data-status="choose"')
        self.assertContains(preview, "Khoa Nhà nước")
        self.assertFalse(Topic.objects.exists())
        refused = self.client.post(response.url)
        self.assertFalse(Topic.objects.exists())
        self.assertContains(refused, "chưa nhập dữ liệu nào")
        select = next(
            name
            for name in preview.content.decode().split('name="')[1:]
            if name.startswith("choose-")
        ).split('"')[0]
        done = self.client.post(response.url, {select: str(self.an_2.pk)})
        self.assertRedirects(done, reverse("research_imports:upload"))
        self.assertEqual(Topic.objects.get().principal, self.an_2)
        self.assertEqual(Person.objects.count(), 2)
        again = self.client.get(response.url)
        self.assertContains(again, "đã được nhập")
