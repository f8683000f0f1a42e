"""Issue 20, items 9–13: where councils meet their kinds, levels, meetings, conflicts and the
team: a council reviews only what it was formed for, a meeting's record opens on its day, a flagged
member is asked for nothing they may not do, a dossier has one principal investigator, and blind
review is settled before the first reviewer reads the dossier."""

import datetime

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from research.closing.actions.acceptance import (
    AssignAcceptanceCouncil,
    RecordAcceptance,
    SubmitSelfEvaluation,
)
from research.core.actions import ActionRefused
from research.councils.actions.councils import RecordAttendance, ResolveConflict
from research.councils.actions.meetings import ScheduleMeeting
from research.models import (
    Call,
    Council,
    ProposalMember,
    ProposalStatus,
    Review,
    Rubric,
    RubricKind,
    TeamRole,
    TopicLevel,
    TopicStatus,
    principal_problems,
)
from research.personal.todo import todo_for
from research.proposals.actions import (
    AssignCouncil,
    RecordCouncilDecision,
    RunEligibilityCheck,
    SubmitProposal,
)
from research.proposals.forms import ProposalForm
from tests.factories import (
    CallFactory,
    CouncilFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    ProposalFactory,
    TopicFactory,
    proposal_in_review,
)


def acceptance_rubric():
    return Rubric.objects.get(kind=RubricKind.ACCEPTANCE)


def eligible_proposal(office, **kwargs):
    proposal = ProposalFactory(complete=True, **kwargs)
    SubmitProposal(proposal, user=proposal.principal.user).execute()
    RunEligibilityCheck(proposal, user=office).execute()
    proposal.refresh_from_db()
    return proposal


def self_evaluated_topic(**kwargs):
    principal = PersonWithLoginFactory()
    topic = TopicFactory(in_progress=True, principal=principal, **kwargs)
    SubmitSelfEvaluation(topic, user=principal.user, text="Hoàn thành").execute()
    topic.refresh_from_db()
    return topic


class CouncilKindAndLevelTests(TestCase):
    """Item 9: a council is checked for its kind and level wherever it is assigned."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_a_proposal_is_never_put_before_an_acceptance_council(self):
        proposal = eligible_proposal(self.office)
        council = CouncilFactory(rubric=acceptance_rubric())
        with self.assertRaisesMessage(ActionRefused, "là hội đồng nghiệm thu"):
            AssignCouncil(proposal, council, user=self.office).execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.ELIGIBLE)
        self.assertFalse(Review.objects.filter(proposal=proposal).exists())

    def test_a_topic_is_never_graded_by_a_selection_council(self):
        topic = self_evaluated_topic()
        with self.assertRaisesMessage(ActionRefused, "là hội đồng xét duyệt"):
            AssignAcceptanceCouncil(topic, CouncilFactory(), user=self.office).execute()
        topic.refresh_from_db()
        self.assertEqual(topic.status, TopicStatus.SELF_EVALUATED)

    def test_a_council_formed_for_one_level_reviews_only_that_level(self):
        proposal = eligible_proposal(self.office, level=TopicLevel.SCHOOL)
        provincial = CouncilFactory(level=TopicLevel.PROVINCIAL)
        with self.assertRaisesMessage(ActionRefused, "“Cấp tỉnh”"):
            AssignCouncil(proposal, provincial, user=self.office).execute()
        topic = self_evaluated_topic(level=TopicLevel.SCHOOL)
        with self.assertRaisesMessage(ActionRefused, "“Cấp tỉnh”"):
            AssignAcceptanceCouncil(
                topic,
                CouncilFactory(rubric=acceptance_rubric(), level=TopicLevel.PROVINCIAL),
                user=self.office,
            ).execute()
        # A council of the same level, or of no set level, takes it.
        AssignCouncil(proposal, CouncilFactory(level=TopicLevel.SCHOOL), user=self.office).execute()
        proposal.refresh_from_db()
        self.assertQuerySetEqual(
            Council.objects.fit_for(proposal, RubricKind.SELECTION).filter(
                pk__in=[provincial.pk, proposal.council_id]
            ),
            [proposal.council],
        )

    def test_a_call_names_a_selection_council_and_rubric_of_its_level(self):
        call = CallFactory.build(
            rubric=acceptance_rubric(),
            council=CouncilFactory(rubric=acceptance_rubric()),
        )
        with self.assertRaises(ValidationError) as refused:
            call.full_clean()
        self.assertEqual(set(refused.exception.message_dict), {"rubric", "council"})
        call = CallFactory.build(council=CouncilFactory(level=TopicLevel.PROVINCIAL))
        with self.assertRaises(ValidationError) as refused:
            call.full_clean()
        self.assertEqual(set(refused.exception.message_dict), {"council"})

    def test_a_council_in_use_cannot_change_its_kind(self):
        proposal = proposal_in_review(office=self.office)
        council = proposal.council
        problems = council.problems_if_changed(acceptance_rubric(), "")
        self.assertEqual(len(problems), 1)
        self.assertIn(proposal.code, problems[0])
        self.assertEqual(
            council.problems_if_changed(council.rubric, TopicLevel.PROVINCIAL)[0].count(
                "“Cấp tỉnh”"
            ),
            1,
        )
        self.assertEqual(council.problems_if_changed(council.rubric, ""), [])


class MeetingDayTests(TestCase):
    """Item 10: attendance, votes and the decision open on the day the meeting is set for."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def schedule(self, subject, held_on):
        ScheduleMeeting(
            subject,
            user=self.office,
            held_on=held_on,
            starts_at=datetime.time(8, 0),
            venue="Phòng họp 1",
        ).execute()

    def test_nothing_is_recorded_before_the_meeting_of_a_proposal(self):
        proposal = proposal_in_review(office=self.office)
        today = timezone.localdate()
        self.schedule(proposal, today + datetime.timedelta(days=10))
        reviews = list(Review.objects.for_round(proposal))
        with self.assertRaisesMessage(ActionRefused, "từ ngày đó"):
            RecordAttendance(
                proposal, user=self.office, present=[r.pk for r in reviews], votes={}
            ).execute()
        self.assertFalse(Review.objects.filter(proposal=proposal, present__isnull=False).exists())
        with self.assertRaisesMessage(ActionRefused, "từ ngày đó"):
            RecordCouncilDecision(proposal, ProposalStatus.REJECTED, user=self.office).execute()
        self.assertFalse(proposal.decisions.exists())
        # On the day, the secretary records the meeting.
        self.schedule(proposal, today)
        RecordAttendance(
            proposal, user=self.office, present=[r.pk for r in reviews], votes={}
        ).execute()
        self.assertEqual(
            Review.objects.filter(proposal=proposal, present=True).count(), len(reviews)
        )

    def test_a_recorded_meeting_does_not_move_to_a_later_day(self):
        proposal = proposal_in_review(office=self.office)
        self.schedule(proposal, timezone.localdate())
        RecordAttendance(
            proposal,
            user=self.office,
            present=[r.pk for r in Review.objects.for_round(proposal)],
            votes={},
        ).execute()
        with self.assertRaisesMessage(ActionRefused, "không thể dời"):
            self.schedule(proposal, timezone.localdate() + datetime.timedelta(days=3))

    def test_no_acceptance_grade_before_the_meeting(self):
        topic = self_evaluated_topic()
        AssignAcceptanceCouncil(
            topic, CouncilFactory(rubric=acceptance_rubric()), user=self.office
        ).execute()
        topic.refresh_from_db()
        self.schedule(topic, timezone.localdate() + datetime.timedelta(days=1))
        with self.assertRaisesMessage(ActionRefused, "từ ngày đó"):
            RecordAcceptance(topic, user=self.office).execute()
        self.assertFalse(topic.acceptance_decisions.exists())


class BlindSwitchTests(TestCase):
    """Item 13: blind review is settled before any reviewer receives a proposal of the call."""

    def test_blind_review_cannot_change_once_a_council_has_the_proposals(self):
        office = OfficeStaffFactory()
        call = CallFactory()
        call.blind_review = True
        call.full_clean()  # no proposal reviewed yet: the office may still decide
        call.blind_review = False
        proposal_in_review(office=office, call=call)
        call = Call.objects.get(pk=call.pk)
        call.blind_review = True
        with self.assertRaises(ValidationError) as refused:
            call.full_clean()
        self.assertIn("blind_review", refused.exception.message_dict)
        call.blind_review = False
        call.title = "Đổi tên đợt"
        call.full_clean()  # other changes stay free


class FlaggedMemberTests(TestCase):
    """Item 11: a flagged member is asked for nothing they may not do."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_a_member_of_the_team_gets_no_request_to_score(self):
        council = CouncilFactory()
        insider = council.members.get(role="member", sort_order=5).person
        proposal = ProposalFactory(complete=True)
        ProposalMember.objects.create(proposal=proposal, person=insider, role=TeamRole.MEMBER)
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        RunEligibilityCheck(proposal, user=self.office).execute()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            AssignCouncil(proposal, council, user=self.office).execute()
        invited = {address for message in mail.outbox for address in message.to}
        self.assertEqual(len(invited), council.members.count() - 1)
        self.assertNotIn(insider.email, invited)
        # No score sheet on the insider's list, nor on anyone's who may not fill it.
        mine = todo_for(insider.user)["mine"]
        self.assertFalse([task for task in mine if "score" in str(task.action).lower()])
        review = Review.objects.get(proposal=proposal, member__person=insider)
        self.assertNotIn(review, Review.objects.to_do())
        self.assertEqual(Review.objects.to_do().filter(proposal=proposal).count(), 6)
        # The meeting invitation goes to those who sit; the reminder to those who score.
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            ScheduleMeeting(
                proposal,
                user=self.office,
                held_on=timezone.localdate() + datetime.timedelta(days=5),
                starts_at=datetime.time(8, 0),
                venue="Phòng họp 1",
                reviews_due_on=timezone.localdate() + datetime.timedelta(days=2),
            ).execute()
        invited = {address for message in mail.outbox for address in message.to}
        self.assertEqual(len(invited), 6)
        self.assertNotIn(insider.email, invited)
        self.assertNotIn(
            review, Review.objects.awaiting_reminder(timezone.localdate(), days_before=3)
        )

    def test_a_resolved_flag_brings_the_request_to_score(self):
        council = CouncilFactory()
        colleague = council.members.get(role="member", sort_order=5).person
        proposal = ProposalFactory(complete=True, principal__unit=colleague.unit)
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        RunEligibilityCheck(proposal, user=self.office).execute()
        AssignCouncil(proposal, council, user=self.office).execute()
        review = Review.objects.get(proposal=proposal, member__person=colleague)
        self.assertEqual(review.conflict_flags, ["same_unit"])
        self.assertNotIn(review, Review.objects.to_do())
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            ResolveConflict(
                review, user=self.office, resolution="Khác bộ môn, không cùng công tác"
            ).execute()
        self.assertEqual([m.to for m in mail.outbox], [[colleague.email]])
        self.assertIn(review, Review.objects.to_do())


class OnePrincipalTests(TestCase):
    """Item 12: one principal investigator per proposal and per topic."""

    def test_the_eligibility_check_refuses_a_second_principal(self):
        office = OfficeStaffFactory()
        proposal = ProposalFactory(complete=True)
        second = PersonWithLoginFactory()
        ProposalMember.objects.create(proposal=proposal, person=second, role=TeamRole.PRINCIPAL)
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        RunEligibilityCheck(proposal, user=office).execute()
        proposal.refresh_from_db()
        check = next(c for c in proposal.eligibility if c["code"] == "one_principal")
        self.assertFalse(check["passed"])
        self.assertIn(str(second), check["detail"])
        self.assertNotEqual(proposal.status, ProposalStatus.ELIGIBLE)

    def test_the_dossier_form_refuses_a_second_principal(self):
        proposal = ProposalFactory(complete=True)
        other = PersonWithLoginFactory()
        members = list(proposal.members.all())
        data = {
            "title": proposal.title,
            "keyword_list": "",
            "duration_months": 12,
            "urgency": "a",
            "objectives": "b",
            "content_methods": "c",
            "schedule": "d",
            "members-TOTAL_FORMS": 2,
            "members-INITIAL_FORMS": 1,
            "members-0-id": members[0].pk,
            "members-0-person": proposal.principal.pk,
            "members-0-role": TeamRole.PRINCIPAL,
            "members-1-person": other.pk,
            "members-1-role": TeamRole.PRINCIPAL,
        }
        for name in ("expected_outputs", "budget_items", "attachments"):
            data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"] = 0
        form = ProposalForm(data, instance=proposal)
        self.assertFalse(form.is_valid())
        self.assertIn("chỉ có một chủ nhiệm", str(form.non_field_errors()))
        data["members-1-role"] = TeamRole.MEMBER
        form = ProposalForm(data, instance=proposal)
        self.assertNotIn("chủ nhiệm", str(form.non_field_errors()))

    def test_a_team_names_its_own_principal(self):
        principal, other = PersonWithLoginFactory(), PersonWithLoginFactory()
        self.assertEqual(principal_problems([(principal, TeamRole.PRINCIPAL)], principal), [])
        self.assertEqual(len(principal_problems([(other, TeamRole.PRINCIPAL)], principal)), 1)
        self.assertEqual(
            len(
                principal_problems(
                    [(principal, TeamRole.PRINCIPAL), (other, TeamRole.PRINCIPAL)], None
                )
            ),
            1,
        )
