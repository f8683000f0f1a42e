"""Wagtail's own image and document uploads go through the portal's checks."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.factories import OfficeStaffFactory
from tests.files import HTML, PDF, jpeg_with_gps_and_script, png_claiming


class WagtailUploadTests(TestCase):
    def setUp(self):
        self.client.force_login(OfficeStaffFactory(is_superuser=True))

    def add_image(self, name, content):
        return self.client.post(
            "/admin/images/add/",
            {"title": "Ảnh hội thảo", "file": SimpleUploadedFile(name, content)},
        )

    def test_an_image_is_stored_re_encoded_without_gps_or_appended_script(self):
        response = self.add_image("hoi-thao.jpg", jpeg_with_gps_and_script())
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        with image.file.open("rb") as stored:
            data = stored.read()
        self.assertNotIn(b"<script>", data)
        with PILImage.open(io.BytesIO(data)) as pixels:
            self.assertEqual((pixels.format, pixels.size), ("JPEG", (64, 48)))
            self.assertEqual(dict(pixels.getexif()), {})
        self.assertEqual((image.width, image.height, image.file_size), (64, 48, len(data)))

    def test_a_ten_thousand_pixel_square_is_refused(self):
        response = self.add_image("khong-lo.png", png_claiming(10_000, 10_000))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Image.objects.exists())
        self.assertContains(
            response, "Ảnh có kích thước 10000 × 10000 điểm ảnh; cạnh lớn nhất cho phép là 6000."
        )

    def test_a_page_named_pdf_is_not_a_document(self):
        response = self.client.post(
            "/admin/documents/add/",
            {"title": "Báo cáo", "file": SimpleUploadedFile("bao-cao.pdf", HTML)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tệp không phải là tệp PDF thật")
        self.assertFalse(Document.objects.exists())

    def test_a_real_pdf_is_a_document(self):
        response = self.client.post(
            "/admin/documents/add/",
            {"title": "Báo cáo", "file": SimpleUploadedFile("bao-cao.pdf", PDF)},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Document.objects.get().title, "Báo cáo")
