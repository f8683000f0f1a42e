from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from research.models import OutputFile
from tests.factories import (
    EditorFactory,
    LeadershipFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputAuthorFactory,
    OutputFactory,
    PersonFactory,
)
from tests.files import office_bytes

PDF = b"%PDF-1.4\n%%EOF\n"


def attach(output, *, public=True, name="toan-van.pdf"):
    attachment = OutputFile(output=output, title="Toàn văn", is_public=public)
    attachment.file.save(name, ContentFile(PDF), save=True)
    return attachment


class OutputFileServingTests(TestCase):
    """Files live outside MEDIA_URL; the view decides who gets them."""

    @classmethod
    def setUpTestData(cls):
        cls.author_user = LecturerUserFactory()
        cls.public_output = OutputFactory(is_public=True)
        cls.private_output = OutputFactory(is_public=False)
        OutputAuthorFactory(output=cls.private_output, person=PersonFactory(user=cls.author_user))

    def download(self, attachment, user=None):
        if user:
            self.client.force_login(user)
        return self.client.get(attachment.get_absolute_url())

    def test_the_research_url_serves_insiders_only_even_for_public_files(self):
        # the public downloads public files from the output's published page (tests/cms)
        self.assertEqual(self.download(attach(self.public_output)).status_code, 404)
        response = self.download(attach(self.public_output), OfficeStaffFactory())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertIn("attachment", response["Content-Disposition"])

    def test_file_url_is_the_checked_view_not_the_media_url(self):
        attachment = attach(self.public_output)
        self.assertEqual(attachment.file.url, f"/research/files/{attachment.file.name}")

    def test_private_output_or_file_is_hidden_from_the_public(self):
        for attachment in (attach(self.private_output), attach(self.public_output, public=False)):
            with self.subTest(attachment=attachment.pk):
                self.client.logout()
                self.assertEqual(self.download(attachment).status_code, 404)
                self.assertEqual(self.download(attachment, EditorFactory()).status_code, 404)
                self.assertEqual(self.download(attachment, LecturerUserFactory()).status_code, 404)

    def test_private_file_is_served_to_the_office_the_leadership_and_its_authors(self):
        attachment = attach(self.private_output)
        self.assertEqual(self.download(attachment, OfficeStaffFactory()).status_code, 200)
        self.assertEqual(self.download(attachment, LeadershipFactory()).status_code, 200)
        self.assertEqual(self.download(attachment, self.author_user).status_code, 200)

    def test_unknown_file_is_not_found(self):
        self.assertEqual(self.client.get("/research/files/outputs/khong-co.pdf").status_code, 404)


class AttachmentValidationTests(TestCase):
    def attachment(self, name, content=PDF):
        return OutputFile(
            output=OutputFactory(), title="Tệp", file=SimpleUploadedFile(name, content)
        )

    def test_allowed_types_pass(self):
        for name, content in (("bao-cao.pdf", PDF), ("thuyet-minh.DOCX", office_bytes())):
            with self.subTest(name=name):
                attachment = self.attachment(name, content)
                attachment.full_clean()  # raises on a refused file
                attachment.save()
                self.assertTrue(attachment.file.name.lower().endswith(name[-4:].lower()))
                with attachment.file.open("rb") as stored:
                    self.assertEqual(stored.read(), content)

    def test_other_types_are_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.attachment("virus.exe").full_clean()
        self.assertIn("Không nhận tệp loại “exe”", caught.exception.message_dict["file"][0])

    @override_settings(ATTACHMENT_MAX_UPLOAD_SIZE=10)
    def test_oversized_attachments_are_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.attachment("bao-cao.pdf").full_clean()
        self.assertIn("tối đa cho phép", caught.exception.message_dict["file"][0])


class TopicFileServingTests(TestCase):
    """Progress-report and self-evaluation files reach those who read the topic's work."""

    def test_reports_and_self_evaluations_are_served_to_insiders_only(self):
        import datetime

        from research.closing.actions.acceptance import (
            AssignAcceptanceCouncil,
            SubmitSelfEvaluation,
        )
        from research.models import ProgressReport, Rubric, RubricKind
        from tests.factories import CouncilFactory, PersonWithLoginFactory, TopicFactory

        office = OfficeStaffFactory()
        pi = PersonWithLoginFactory()
        topic = TopicFactory(
            in_progress=True,
            principal=pi,
            planned_start=datetime.date(2025, 1, 1),
            planned_end=datetime.date(2025, 12, 31),
        )
        report = ProgressReport(topic=topic, text="Tiến độ", percent_done=50)
        report.file.save("bao-cao-tien-do.pdf", ContentFile(PDF), save=True)
        SubmitSelfEvaluation(
            topic,
            user=pi.user,
            text="Hoàn thành",
            file=SimpleUploadedFile("tu-danh-gia.pdf", PDF),
        ).execute()
        council = CouncilFactory(rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE))
        AssignAcceptanceCouncil(topic, council, user=office).execute()
        member = council.members.first().person.user
        evaluation = topic.self_evaluation
        for item in (report, evaluation):
            url = item.file.url
            with self.subTest(file=url):
                for user in (office, LeadershipFactory(), pi.user, member):
                    self.client.force_login(user)
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200, user)
                    self.assertEqual(b"".join(response.streaming_content), PDF)
                for user in (EditorFactory(), LecturerUserFactory()):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, 404)
                self.client.logout()
                self.assertEqual(self.client.get(url).status_code, 404)
