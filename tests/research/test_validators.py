import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from research.models import Person
from tests.factories import UnitFactory


def image_bytes(fmt="PNG", size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, fmt)
    return buffer.getvalue()


class PhotoUploadTests(TestCase):
    def person_with(self, upload):
        return Person(full_name="Lê Thị Hoa", unit=UnitFactory(), photo=upload)

    def test_a_real_image_is_accepted(self):
        person = self.person_with(SimpleUploadedFile("hoa.png", image_bytes()))
        person.full_clean()  # raises on a refused photo
        person.save()
        person.refresh_from_db()
        self.assertTrue(person.photo.name.endswith(".png"))
        with Image.open(person.photo.path) as stored:
            self.assertEqual(stored.format, "PNG")

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
