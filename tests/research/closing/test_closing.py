"""The end of a topic's life: closing records, the final close, and the maximum duration."""

import datetime

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from research.closing.actions.closing import CloseTopic, RecordClosing
from research.core.actions import ActionRefused
from research.models import (
    ChangePolicy,
    ClosingKind,
    Deadline,
    DeadlineKind,
    InvalidTransition,
    Topic,
    TopicGrade,
    TopicLevel,
    TopicStatus,
)
from research.topics.actions.topics import ChangeTopicStatus
from research.topics.forms import TopicStatusForm
from tests.factories import (
    FundingLineFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    TopicFactory,
)

SIGNED = datetime.date(2026, 3, 2)


class ClosingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def setUp(self):
        self.principal = PersonWithLoginFactory()
        self.topic = TopicFactory(
            status=TopicStatus.ACCEPTED,
            grade=TopicGrade.GOOD,
            accepted_on=datetime.date(2026, 1, 20),
            principal=self.principal,
        )
        FundingLineFactory(topic=self.topic, approved_amount=25_000_000)
        Deadline.objects.create(topic=self.topic, kind=DeadlineKind.SETTLEMENT, due_on=SIGNED)

    def record(self, kind, **kwargs):
        values = {"number": "12-QĐ/TCT", "signed_on": SIGNED, **kwargs}
        if kind == ClosingKind.SETTLEMENT:
            values.setdefault("amount", 24_500_000)
        return RecordClosing(self.topic, kind, user=self.office, **values).execute()

    def test_a_topic_closes_once_its_records_are_all_there(self):
        with self.assertRaisesMessage(ActionRefused, str(ClosingKind.RECOGNITION.label)):
            CloseTopic(self.topic, user=self.office).execute()
        for kind in ClosingKind.values:
            self.record(kind)
        self.assertIsNotNone(self.topic.deadlines.get(kind=DeadlineKind.SETTLEMENT).done_on)
        with self.captureOnCommitCallbacks(execute=True):
            CloseTopic(self.topic, user=self.office).execute()
        self.topic.refresh_from_db()
        self.assertEqual(
            (self.topic.status, self.topic.closed_from, self.topic.grade),
            (TopicStatus.CLOSED, TopicStatus.ACCEPTED, TopicGrade.GOOD),
        )
        self.assertEqual(mail.outbox[-1].to, [self.principal.email])
        entry = ModelLogEntry.objects.filter(action="research.topic.status").latest("pk")
        self.assertEqual((entry.data["from"], entry.data["to"]), ("accepted", "closed"))
        self.assertEqual(ModelLogEntry.objects.filter(action="research.topic.closing").count(), 4)
        # A closed topic still counts as accepted everywhere that counts accepted topics.
        self.assertIn(self.topic, Topic.objects.in_statuses([TopicStatus.ACCEPTED]))
        self.assertNotIn(self.topic, Topic.objects.in_statuses([TopicStatus.FAILED]))
        with self.assertRaises(InvalidTransition):
            CloseTopic(self.topic, user=self.office).execute()

    def test_a_failed_topic_needs_only_settlement_and_close_out(self):
        self.topic.status, self.topic.grade = TopicStatus.FAILED, TopicGrade.FAIL
        self.topic.save()
        with self.assertRaisesMessage(
            ActionRefused,
            _("“%(kind)s” is recorded only for an accepted topic.")
            % {"kind": ClosingKind.RECOGNITION.label},
        ):
            self.record(ClosingKind.RECOGNITION)
        self.record(ClosingKind.SETTLEMENT)
        self.record(ClosingKind.CLOSEOUT)
        CloseTopic(self.topic, user=self.office).execute()
        self.topic.refresh_from_db()
        self.assertEqual(self.topic.closed_from, TopicStatus.FAILED)

    def test_refusals(self):
        cases = [
            ("lecturer", {"user": LecturerUserFactory()}, ClosingKind.CLOSEOUT),
            ("no number", {"number": " "}, ClosingKind.CLOSEOUT),
            ("too much", {"amount": 30_000_000}, ClosingKind.SETTLEMENT),
            ("no amount", {"amount": None}, ClosingKind.SETTLEMENT),
            ("amount elsewhere", {"amount": 5}, ClosingKind.CLOSEOUT),
        ]
        for name, overrides, kind in cases:
            with self.subTest(name), self.assertRaises(ActionRefused):
                values = {"number": "1/BB", "signed_on": SIGNED, "user": self.office, **overrides}
                RecordClosing(self.topic, kind, **values).execute()
        running = TopicFactory(in_progress=True)
        with self.assertRaises(ActionRefused):
            RecordClosing(
                running, ClosingKind.CLOSEOUT, user=self.office, number="1", signed_on=SIGNED
            ).execute()

    def test_a_second_record_of_a_kind_corrects_the_first(self):
        self.record(ClosingKind.CLOSEOUT, number="1/BB")
        self.record(ClosingKind.CLOSEOUT, number="2/BB")
        self.assertEqual(
            list(self.topic.closing_records.values_list("number", flat=True)), ["2/BB"]
        )
        entry = ModelLogEntry.objects.filter(action="research.topic.closing").latest("pk")
        self.assertEqual(entry.data["corrected"]["number"], "1/BB")

    def test_the_generic_status_form_never_closes(self):
        form = TopicStatusForm(topic=self.topic)
        self.assertNotIn(
            TopicStatus.CLOSED, [value for value, _label in form.fields["to_status"].choices]
        )
        with self.assertRaises(InvalidTransition):
            ChangeTopicStatus(self.topic, TopicStatus.CLOSED, user=self.office).execute()

    def test_the_office_records_and_closes_from_the_topic_page(self):
        self.client.force_login(self.office)
        url = reverse("research_topic:inspect", args=[self.topic.pk])
        self.assertContains(self.client.get(url), "data-closing-missing")
        for kind in ClosingKind.values:
            response = self.client.post(
                reverse("research_documents:record-closing", args=[self.topic.pk]),
                {
                    "closing-kind": kind,
                    "closing-number": f"{kind}-1",
                    "closing-signed_on": "2026-03-02",
                    "closing-amount": "24500000" if kind == ClosingKind.SETTLEMENT else "",
                    "closing-agency": "",
                    "closing-note": "",
                },
            )
            self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(url), "data-close-topic")
        self.client.post(reverse("research_documents:close", args=[self.topic.pk]))
        self.topic.refresh_from_db()
        self.assertEqual(self.topic.status, TopicStatus.CLOSED)
        self.client.force_login(LecturerUserFactory())
        response = self.client.post(reverse("research_documents:close", args=[self.topic.pk]))
        self.assertNotEqual(response.status_code, 200)


class DurationTests(TestCase):
    def test_a_topic_may_not_run_longer_than_the_rules_allow(self):
        topic = TopicFactory.build(
            unit=TopicFactory().unit,
            level=TopicLevel.SCHOOL,
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2028, 1, 1),
        )
        with self.assertRaisesMessage(ValidationError, "31/12/2027"):
            topic.clean()
        topic.planned_end = datetime.date(2027, 12, 31)
        topic.clean()
        ChangePolicy.objects.update(max_duration_months=12)
        with self.assertRaises(ValidationError):
            topic.clean()

    def test_the_eligibility_check_refuses_a_proposal_that_is_too_long(self):
        from research.proposals.actions import RunEligibilityCheck, SubmitProposal
        from tests.factories import ProposalFactory

        proposal = ProposalFactory(complete=True, duration_months=30)
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        RunEligibilityCheck(proposal, user=OfficeStaffFactory()).execute()
        proposal.refresh_from_db()
        duration = next(check for check in proposal.eligibility if check["code"] == "duration")
        self.assertEqual((duration["passed"], duration["detail"]), (False, "30 / 24"))
