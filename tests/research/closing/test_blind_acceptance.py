"""Blind acceptance: a council set to review blind never shows the topic's team to its members —
on the score sheet, the secretary's meeting page and the minutes, the calendar and its feed, the
to-do list and the inbox, the e-mails, the documents made for the council and the files it
downloads. The same filter as blind selection (research/blind.py) does it."""

import datetime
import io

import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from research.closing.actions.acceptance import (
    AssignAcceptanceCouncil,
    RecordAcceptance,
    SubmitSelfEvaluation,
)
from research.councils.actions.councils import RecordAttendance, SaveScoreSheet
from research.councils.actions.meetings import ScheduleMeeting
from research.documents.fields import build
from research.models import (
    CalendarToken,
    CouncilRole,
    DocumentKind,
    DocumentTemplate,
    Review,
    Rubric,
    RubricKind,
    TeamRole,
    TopicMember,
)
from tests.factories import (
    CouncilFactory,
    LeadershipFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    TopicFactory,
)
from tests.research.proposals.test_blind_review import (
    EMAIL,
    LEAKS,
    MEMBER,
    NAME,
    OTHER_EMAIL,
    UNIT,
    planted,
)

SELF_EVALUATION_FILE = "baongoc.nguyen-tu-danh-gia.pdf"


def acceptance_council(**kwargs):
    return CouncilFactory(rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE), **kwargs)


class BlindAcceptanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.pi = PersonWithLoginFactory(full_name=NAME, email=EMAIL, unit__name=UNIT)
        today = timezone.localdate()
        cls.topic = TopicFactory(
            in_progress=True,
            principal=cls.pi,
            unit=cls.pi.unit,
            title=f"Đề tài của nhóm {NAME}",
            summary=planted("Tóm tắt."),
            planned_start=today - datetime.timedelta(days=400),
            planned_end=today - datetime.timedelta(days=10),
        )
        TopicMember.objects.create(
            topic=cls.topic, person=PersonWithLoginFactory(full_name=MEMBER), role=TeamRole.MEMBER
        )
        SubmitSelfEvaluation(
            cls.topic,
            user=cls.pi.user,
            text=planted("Nhóm đã hoàn thành."),
            file=SimpleUploadedFile(
                SELF_EVALUATION_FILE, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
            ),
        ).execute()
        cls.council = acceptance_council(blind_review=True)
        mail.outbox.clear()
        with cls.captureOnCommitCallbacks(execute=True):
            AssignAcceptanceCouncil(cls.topic, cls.council, user=cls.office).execute()
            ScheduleMeeting(
                cls.topic,
                user=cls.office,
                held_on=today + datetime.timedelta(days=5),
                starts_at=datetime.time(8, 0),
                venue="Phòng họp A",
                reviews_due_on=today + datetime.timedelta(days=2),
            ).execute()
        cls.assignment_mail = list(mail.outbox)
        cls.topic.refresh_from_db()
        cls.reviews = {
            r.member.role: r for r in Review.objects.for_round(cls.topic).select_related("member")
        }

    def assertHidden(self, text, where):
        for leak in [*LEAKS, OTHER_EMAIL]:
            self.assertNotIn(leak, text, f"{leak!r} leaks through {where}")

    def login(self, role):
        user = self.reviews[role].member.person.user
        self.client.force_login(user)
        return user

    def test_the_topic_holds_the_planted_names_and_the_office_sees_them(self):
        self.assertTrue(self.topic.is_blind)
        self.client.force_login(self.office)
        response = self.client.get(reverse("research:topic-meeting", args=[self.topic.pk]))
        self.assertContains(response, NAME)

    def test_no_reviewer_page_shows_the_team(self):
        self.login(CouncilRole.REVIEWER)
        review = self.reviews[CouncilRole.REVIEWER]
        for url in (
            reverse("research:review-detail", args=[review.pk]),
            reverse("research:review-list"),
            reverse("research:dashboard"),
            reverse("research:calendar"),
            reverse("research:inbox"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertHidden(response.content.decode(), url)
        response = self.client.get(reverse("research:review-detail", args=[review.pk]))
        self.assertContains(response, "[đã ẩn]")
        self.assertContains(response, self.topic.code)
        # the team's own page stays closed to the council
        response = self.client.get(reverse("research:topic-detail", args=[self.topic.pk]))
        self.assertNotEqual(response.status_code, 200)

    def test_inbox_messages_and_e_mails_to_the_council_show_no_team(self):
        reviewer = self.login(CouncilRole.REVIEWER)
        self.assertTrue(self.assignment_mail)
        for message in self.assignment_mail:
            self.assertHidden(message.subject + message.body, "assignment e-mail")
            self.assertHidden(message.alternatives[0][0], "assignment e-mail (html)")
        for message in reviewer.inbox_messages.all():
            url = reverse("research:inbox-message", args=[message.pk])
            self.assertHidden(self.client.get(url).content.decode(), url)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_review_reminders", days=3, stdout=io.StringIO())
        self.assertTrue(mail.outbox)
        for message in mail.outbox:
            self.assertHidden(message.subject + message.body, "reminder e-mail")

    def test_the_calendar_feed_shows_no_team(self):
        user = self.login(CouncilRole.REVIEWER)
        self.client.post(reverse("research:calendar-renew"))
        token = CalendarToken.objects.get(user=user).token
        self.client.logout()
        feed = self.client.get(reverse("research:calendar-feed", args=[token])).content.decode()
        self.assertIn(self.topic.code, feed)
        self.assertHidden(feed, "calendar feed")

    def test_the_self_evaluation_file_reaches_the_council_under_a_neutral_name(self):
        self.login(CouncilRole.REVIEWER)
        file = self.topic.self_evaluation.file
        self.assertHidden(file.name, "stored name")
        response = self.client.get(file.url)
        self.assertEqual(response.status_code, 200)
        self.assertHidden(response["Content-Disposition"], "file name")

    def test_documents_for_the_council_show_no_team(self):
        template = DocumentTemplate.objects.filter(kind=DocumentKind.INVITATION).first()
        fields = build(
            DocumentKind.INVITATION, self.topic, template, issued_on=timezone.localdate()
        )
        self.assertHidden(str(fields["subject"]), "meeting invitation")

    def test_the_secretarys_meeting_page_and_the_minutes_show_no_team(self):
        self.login(CouncilRole.SECRETARY)
        url = reverse("research:topic-meeting", args=[self.topic.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertHidden(response.content.decode(), url)
        rubric = self.council.rubric
        for review in Review.objects.for_round(self.topic).select_related("member__person"):
            SaveScoreSheet(
                review,
                {c.pk: (c.max_points, False) for c in rubric.criteria.all()},
                user=review.member.person.user,
                recommend=True,
                submit=True,
            ).execute()
        reviews = Review.objects.for_round(self.topic)
        meeting_day = timezone.localdate() + datetime.timedelta(days=5)
        with time_machine.travel(
            datetime.datetime.combine(meeting_day, datetime.time(10, 0)), tick=False
        ):
            RecordAttendance(
                self.topic, user=self.office, present=[r.pk for r in reviews], votes={}
            ).execute()
            RecordAcceptance(
                self.topic, user=self.office, note=f"Đề nghị {NAME} chỉnh sửa báo cáo"
            ).execute()
            for role in (CouncilRole.SECRETARY, CouncilRole.MEMBER):
                self.login(role)
                url = reverse("research:topic-minutes", args=[self.topic.pk])
                with self.subTest(role=role):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertHidden(response.content.decode(), url)
            template = DocumentTemplate.objects.filter(kind=DocumentKind.ACCEPTANCE_RECORD).first()
            fields = build(
                DocumentKind.ACCEPTANCE_RECORD,
                self.topic,
                template,
                issued_on=meeting_day,
            )
            self.assertHidden(str(fields["subject"]), "acceptance record")


class BlindAcceptanceSettingTests(TestCase):
    def test_a_council_not_blind_shows_the_team(self):
        pi = PersonWithLoginFactory(full_name=NAME)
        topic = TopicFactory(in_progress=True, principal=pi)
        SubmitSelfEvaluation(topic, user=pi.user, text="Xong.").execute()
        AssignAcceptanceCouncil(topic, acceptance_council(), user=OfficeStaffFactory()).execute()
        topic.refresh_from_db()
        self.assertFalse(topic.is_blind)
        review = Review.objects.for_round(topic).filter(member__role=CouncilRole.REVIEWER)[0]
        self.client.force_login(review.member.person.user)
        response = self.client.get(reverse("research:review-detail", args=[review.pk]))
        self.assertContains(response, NAME)

    def test_the_switch_is_refused_once_a_topic_is_before_the_council(self):
        pi = PersonWithLoginFactory()
        topic = TopicFactory(in_progress=True, principal=pi)
        council = acceptance_council()
        council.blind_review = True
        council.full_clean()  # before any topic: allowed
        council.blind_review = False
        SubmitSelfEvaluation(topic, user=pi.user, text="Xong.").execute()
        AssignAcceptanceCouncil(topic, council, user=OfficeStaffFactory()).execute()
        council.refresh_from_db()
        council.blind_review = True
        with self.assertRaises(ValidationError) as caught:
            council.full_clean()
        self.assertIn("blind_review", caught.exception.message_dict)

    def test_a_selection_council_is_blind_through_its_call_only(self):
        council = CouncilFactory(blind_review=True)
        with self.assertRaises(ValidationError) as caught:
            council.full_clean()
        self.assertIn("blind_review", caught.exception.message_dict)


class BlindAcceptanceInTheAdminTests(TestCase):
    """The leadership reads topics and issued documents in the admin, and may sit on an acceptance
    council: a blind one's topics are then out of its lists and pages until the round is over."""

    def test_a_leadership_member_of_a_blind_council_does_not_find_the_topic(self):
        from django.contrib.auth.models import Group

        from research.core.permissions import Roles

        pi = PersonWithLoginFactory(full_name=NAME)
        topic = TopicFactory(in_progress=True, principal=pi, title="Đề tài cần ẩn danh")
        other = TopicFactory(
            in_progress=True, principal=PersonWithLoginFactory(), title="Đề tài về công tác dân vận"
        )
        SubmitSelfEvaluation(topic, user=pi.user, text="Xong.").execute()
        council = acceptance_council(blind_review=True)
        AssignAcceptanceCouncil(topic, council, user=OfficeStaffFactory()).execute()
        member = council.members.filter(role=CouncilRole.MEMBER).first().person.user
        member.groups.add(Group.objects.get(name=Roles.LEADERSHIP))
        self.client.force_login(member)
        listing = self.client.get(reverse("research_topic:index"))
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, other.code)
        self.assertNotContains(listing, topic.code)
        self.assertNotContains(listing, NAME)
        # … nor by searching the list (the exclusion is a filter the admin's search can apply)
        found = self.client.get(reverse("research_topic:index"), {"q": "Đề tài"})
        self.assertEqual(found.status_code, 200)
        self.assertContains(found, other.code)
        self.assertNotContains(found, topic.code)
        inspect = self.client.get(reverse("research_topic:inspect", args=[topic.pk]))
        self.assertEqual(inspect.status_code, 404)
        # another leadership reader, on no council, reads it as before
        self.client.force_login(LeadershipFactory())
        self.assertContains(self.client.get(reverse("research_topic:index")), topic.code)
