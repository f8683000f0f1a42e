"""Uploads are checked by content and re-encoded; numbers and texts users type have ceilings."""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from research.core.validators import limit_amount
from research.models import FundingLine, OutputFile, Person, Proposal, Review
from tests.factories import FundingLineFactory, OutputFactory, UnitFactory
from tests.files import (
    HTML,
    PDF,
    SVG,
    image_bytes,
    jpeg_with_gps_and_script,
    office_bytes,
    png_claiming,
)


class PhotoUploadTests(TestCase):
    def person_with(self, upload):
        return Person(full_name="Lê Thị Hoa", unit=UnitFactory(), photo=upload)

    def saved(self, upload):
        person = self.person_with(upload)
        person.full_clean()
        person.save()
        person.photo.open("rb")
        try:
            return person, person.photo.read()
        finally:
            person.photo.close()

    def test_a_real_image_is_accepted(self):
        person, stored = self.saved(SimpleUploadedFile("hoa.png", image_bytes()))
        self.assertEqual(person.photo.name, "people/hoa.png")
        with Image.open(io.BytesIO(stored)) as image:
            self.assertEqual((image.format, image.size), ("PNG", (40, 40)))

    def test_a_photo_is_stored_without_its_metadata_or_appended_bytes(self):
        upload = jpeg_with_gps_and_script()
        with Image.open(io.BytesIO(upload)) as original:
            self.assertIn(0x8825, original.getexif())  # the probe: GPS is there before
        _person, stored = self.saved(SimpleUploadedFile("hoa.jpg", upload))
        self.assertNotIn(b"<script>", stored)
        self.assertNotIn("Ảnh chụp".encode(), stored)
        with Image.open(io.BytesIO(stored)) as image:
            self.assertEqual((image.format, image.size), ("JPEG", (64, 48)))
            self.assertEqual(dict(image.getexif()), {})

    def test_a_file_that_is_not_an_image_is_refused(self):
        person = self.person_with(SimpleUploadedFile("hoa.jpg", b"%PDF-1.4 not an image"))
        with self.assertRaises(ValidationError) as caught:
            person.full_clean()
        self.assertIn("không phải là tệp ảnh hợp lệ", str(caught.exception))

    def test_an_image_in_an_unsupported_format_is_refused(self):
        person = self.person_with(SimpleUploadedFile("hoa.gif", image_bytes("GIF")))
        with self.assertRaises(ValidationError) as caught:
            person.full_clean()
        self.assertIn("JPEG, PNG hoặc WebP", str(caught.exception))

    def test_an_image_too_large_in_pixels_is_refused_before_it_is_decoded(self):
        # 11,000 × 11,000 was accepted as a person photo; the header alone now refuses it.
        huge = png_claiming(11_000, 11_000)
        person = self.person_with(SimpleUploadedFile("hoa.png", huge))
        with self.assertRaises(ValidationError) as caught:
            person.full_clean()
        self.assertEqual(
            caught.exception.message_dict["photo"],
            ["Ảnh có kích thước 11000 × 11000 điểm ảnh; cạnh lớn nhất cho phép là 6000."],
        )

    @override_settings(PHOTO_MAX_UPLOAD_SIZE=1024)
    def test_an_oversized_photo_is_refused(self):
        big = image_bytes("PNG", size=(400, 400))
        person = self.person_with(SimpleUploadedFile("hoa.png", big + b"\0" * 2048))
        with self.assertRaises(ValidationError) as caught:
            person.full_clean()
        self.assertEqual(
            caught.exception.message_dict["photo"],
            ["Tệp có dung lượng 3,4\xa0KB; tối đa cho phép là 1,0\xa0KB."],
        )


class AttachmentContentTests(TestCase):
    def clean(self, name, content):
        attachment = OutputFile(
            output=OutputFactory(), title="Tệp", file=SimpleUploadedFile(name, content)
        )
        attachment.full_clean()
        return attachment

    def test_files_whose_content_matches_their_extension_pass(self):
        for name, content in [
            ("bao-cao.pdf", PDF),
            ("thuyet-minh.docx", office_bytes()),
            ("so-lieu.xlsx", office_bytes("xl/", "workbook.xml")),
            ("trinh-chieu.pptx", office_bytes("ppt/", "presentation.xml")),
            ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504),
        ]:
            with self.subTest(name=name):
                self.assertEqual(self.clean(name, content).file.name, name)

    def test_a_page_or_a_drawing_named_pdf_is_refused(self):
        for name, content in [("bao-cao.pdf", HTML), ("bao-cao.pdf", SVG)]:
            with self.subTest(content=content[:10]), self.assertRaises(ValidationError) as caught:
                self.clean(name, content)
            self.assertEqual(
                caught.exception.message_dict["file"],
                ["Tệp không phải là tệp PDF thật: nội dung của nó thuộc loại khác."],
            )

    def test_a_zip_of_something_else_named_docx_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.clean("thuyet-minh.docx", office_bytes("xl/", "workbook.xml"))
        self.assertIn("DOCX", caught.exception.message_dict["file"][0])
        with self.assertRaises(ValidationError):
            self.clean("thuyet-minh.docx", PDF)


class NumberLimitTests(TestCase):
    def test_the_largest_integer_is_not_an_amount(self):
        line = FundingLineFactory.build(
            topic=FundingLineFactory().topic, approved_amount=9_223_372_036_854_775_807
        )
        with self.assertRaises(ValidationError) as caught:
            line.full_clean()
        self.assertEqual(
            caught.exception.message_dict["approved_amount"],
            ["Số quá lớn: giá trị lớn nhất cho phép là 100.000.000.000."],
        )
        self.assertFalse(FundingLine.objects.filter(approved_amount__gt=10**12).exists())

    def test_a_realistic_amount_passes(self):
        self.assertIsNone(limit_amount(1_250_000_000))

    def test_durations_and_texts_have_ceilings(self):
        duration = Proposal._meta.get_field("duration_months")
        with self.assertRaises(ValidationError):
            duration.run_validators(121)
        self.assertIsNone(duration.run_validators(24))
        comments = Review._meta.get_field("comments")
        with self.assertRaises(ValidationError) as caught:
            comments.run_validators("x" * 20_001)
        self.assertEqual(
            caught.exception.messages,
            ["Văn bản có 20001 ký tự; tối đa cho phép là 20000 ký tự."],
        )
