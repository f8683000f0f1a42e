"""The meeting of a council round: date, time, venue and score-sheet due date; invitations,
minutes, and reminders of acceptance reviews."""

import datetime
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from research.core.actions import ActionRefused
from research.councils.actions.meetings import ScheduleMeeting
from research.models import CouncilMeeting, InboxMessage, Review, Rubric, RubricKind
from tests.factories import (
    CouncilFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    TopicFactory,
    proposal_in_review,
)
from tests.factories.lifecycle import approved_proposal

DAY = datetime.date(2026, 6, 12)


def secretary_of(subject):
    return next(
        r.member.person.user
        for r in Review.objects.for_round(subject).select_related("member__person__user")
        if r.is_secretary
    )


class MeetingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_the_secretary_sets_the_meeting_and_the_members_are_invited(self):
        proposal = proposal_in_review(office=self.office)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            ScheduleMeeting(
                proposal,
                user=secretary_of(proposal),
                held_on=DAY,
                starts_at=datetime.time(14, 0),
                venue="Hội trường B",
                reviews_due_on=DAY - datetime.timedelta(days=2),
            ).execute()
        meeting = CouncilMeeting.objects.get(proposal=proposal, round=proposal.version)
        self.assertEqual((meeting.held_on, meeting.venue), (DAY, "Hội trường B"))
        self.assertEqual(len(mail.outbox), proposal.council.members.count())
        self.assertIn("12/06/2026", mail.outbox[0].body)
        self.assertIn("Hội trường B", mail.outbox[0].body)
        self.assertEqual(
            InboxMessage.objects.filter(template="meeting_invitation").count(),
            proposal.council.members.count(),
        )
        review = Review.objects.for_round(proposal).first()
        self.assertEqual(review.due_on, DAY - datetime.timedelta(days=2))

    def test_refusals(self):
        proposal = proposal_in_review(office=self.office)
        base = {"held_on": DAY, "starts_at": datetime.time(8, 0), "venue": "Phòng 1"}
        member = next(
            r.member.person.user
            for r in Review.objects.for_round(proposal).select_related("member__person__user")
            if not r.is_secretary
        )
        cases = [
            ("a plain member", {**base, "user": member}),
            ("a lecturer", {**base, "user": LecturerUserFactory()}),
            ("no venue", {**base, "venue": " ", "user": self.office}),
            (
                "sheets due after the meeting",
                {**base, "reviews_due_on": DAY + datetime.timedelta(1), "user": self.office},
            ),
        ]
        for name, kwargs in cases:
            with self.subTest(name), self.assertRaises(ActionRefused):
                ScheduleMeeting(proposal, **kwargs).execute()
        decided = approved_proposal(office=self.office)
        with self.assertRaises(ActionRefused):
            ScheduleMeeting(decided, user=self.office, **base).execute()

    def test_the_meeting_page_form_and_the_minutes(self):
        proposal = approved_proposal(office=self.office)
        self.client.force_login(self.office)
        minutes = self.client.get(reverse("research:proposal-minutes", args=[proposal.pk]))
        self.assertContains(minutes, "12/06/2026")
        self.assertContains(minutes, "Phòng họp số 2, nhà A")
        open_one = proposal_in_review(office=self.office)
        page = self.client.get(reverse("research:proposal-meeting", args=[open_one.pk]))
        self.assertContains(page, 'name="venue"')
        response = self.client.post(
            reverse("research:proposal-meeting-schedule", args=[open_one.pk]),
            {
                "held_on": "2026-06-20",
                "starts_at": "08:30",
                "venue": "Phòng 3",
                "reviews_due_on": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(CouncilMeeting.objects.filter(proposal=open_one, venue="Phòng 3").exists())
        response = self.client.post(
            reverse("research:proposal-meeting-schedule", args=[open_one.pk]),
            {"held_on": "not a date", "starts_at": "", "venue": ""},
        )
        self.assertEqual(response.status_code, 302)

    def test_acceptance_reviews_get_a_due_date_and_a_reminder(self):
        from research.closing.actions.acceptance import (
            AssignAcceptanceCouncil,
            SubmitSelfEvaluation,
        )

        principal = PersonWithLoginFactory()
        topic = TopicFactory(in_progress=True, principal=principal)
        SubmitSelfEvaluation(topic, user=principal.user, text="Xong").execute()
        council = CouncilFactory(rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE))
        AssignAcceptanceCouncil(topic, council, user=self.office).execute()
        topic.refresh_from_db()
        ScheduleMeeting(
            topic,
            user=self.office,
            held_on=DAY,
            starts_at=datetime.time(8, 0),
            venue="Phòng 1",
            reviews_due_on=DAY - datetime.timedelta(days=3),
        ).execute()
        mail.outbox.clear()
        with time_machine.travel(datetime.datetime(2026, 6, 1, 8, 0), tick=False):
            out = StringIO()
            with self.captureOnCommitCallbacks(execute=True):
                call_command("send_review_reminders", stdout=out)
            self.assertEqual(out.getvalue().strip(), "0")  # eight days ahead: too early
        with time_machine.travel(datetime.datetime(2026, 6, 7, 8, 0), tick=False):
            out = StringIO()
            with self.captureOnCommitCallbacks(execute=True):
                call_command("send_review_reminders", stdout=out)
        self.assertEqual(int(out.getvalue()), council.members.count())
        self.assertIn("09/06/2026", mail.outbox[0].body)
        self.assertIn(topic.code, mail.outbox[0].subject)
