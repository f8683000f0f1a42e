import datetime

from django.core import mail
from django.test import TestCase
from django.utils import timezone
from wagtail.models import ModelLogEntry

from research.core.actions import ActionRefused
from research.models import (
    ALLOWED_PROPOSAL_TRANSITIONS,
    ConflictReason,
    CouncilMember,
    CouncilRole,
    InvalidTransition,
    LegalBasis,
    OutputAuthor,
    ProposalMember,
    ProposalStatus,
    TopicStatus,
)
from research.proposals.actions import (
    AssignCouncil,
    OverrideEligibility,
    ReturnProposal,
    RunEligibilityCheck,
    SubmitProposal,
    WithdrawProposal,
)
from tests.factories import (
    CouncilFactory,
    DeadlineFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputFactory,
    PersonFactory,
    ProposalFactory,
    TopicFactory,
)


def statuses(proposal):
    return [
        entry.data["to"]
        for entry in ModelLogEntry.objects.for_instance(proposal).order_by("pk")
        if "to" in entry.data
    ]


class SubmitProposalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def test_submission_freezes_a_version_and_mails_a_receipt(self):
        proposal = ProposalFactory(complete=True)
        with self.captureOnCommitCallbacks(execute=True):
            SubmitProposal(proposal, user=proposal.principal.user).execute()
        proposal.refresh_from_db()
        self.assertEqual((proposal.status, proposal.version), (ProposalStatus.SUBMITTED, 1))
        version = proposal.versions.get()
        self.assertEqual(version.as_proposal().title, proposal.title)
        self.assertEqual(len(version.as_proposal().budget_items.all()), 2)
        self.assertEqual(statuses(proposal), [ProposalStatus.SUBMITTED])
        self.assertEqual(mail.outbox[0].to, [proposal.principal.email])
        self.assertIn(proposal.code, mail.outbox[0].subject)

    def test_legal_basis_follows_the_submission_date(self):
        before = ProposalFactory(
            complete=True, call__opens_at=timezone.make_aware(datetime.datetime(2025, 9, 1))
        )
        SubmitProposal(
            before,
            user=before.principal.user,
            now=timezone.make_aware(datetime.datetime(2025, 9, 30, 23)),
        ).execute()
        after = ProposalFactory(complete=True)
        SubmitProposal(after, user=after.principal.user).execute()
        before.refresh_from_db()
        after.refresh_from_db()
        self.assertEqual(
            (before.legal_basis, after.legal_basis),
            (LegalBasis.REGIME_2013, LegalBasis.REGIME_2025),
        )

    def test_the_legal_basis_of_the_first_submission_stays_through_resubmissions(self):
        office = OfficeStaffFactory()
        proposal = ProposalFactory(
            complete=True, call__opens_at=timezone.make_aware(datetime.datetime(2025, 9, 1))
        )
        SubmitProposal(
            proposal,
            user=proposal.principal.user,
            now=timezone.make_aware(datetime.datetime(2025, 9, 30, 23)),
        ).execute()
        ReturnProposal(
            proposal, ProposalStatus.REVISION_REQUESTED, user=office, reason="Bổ sung dự toán"
        ).execute()
        SubmitProposal(proposal, user=proposal.principal.user).execute()  # after 1/10/2025
        proposal.refresh_from_db()
        self.assertEqual(proposal.version, 2)
        self.assertEqual(proposal.legal_basis, LegalBasis.REGIME_2013)

    def test_after_the_close_time_it_is_refused(self):
        proposal = ProposalFactory(
            complete=True, call__closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        with self.assertRaisesMessage(ActionRefused, "Đợt đăng ký đã đóng"):
            SubmitProposal(proposal, user=proposal.principal.user).execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.DRAFT)

    def test_the_office_extends_the_call_and_it_goes_through(self):
        proposal = ProposalFactory(
            complete=True, call__closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        with self.assertRaises(ActionRefused):
            SubmitProposal(proposal, user=proposal.principal.user).execute()
        proposal.call.closes_at = timezone.now() + datetime.timedelta(days=2)
        proposal.call.save()
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        proposal.refresh_from_db()
        self.assertEqual((proposal.status, proposal.version), (ProposalStatus.SUBMITTED, 1))
        self.assertEqual(proposal.versions.count(), 1)

    def test_an_incomplete_dossier_is_refused_with_the_missing_parts(self):
        proposal = ProposalFactory()
        with self.assertRaises(ActionRefused) as caught:
            SubmitProposal(proposal, user=proposal.principal.user).execute()
        self.assertIn("tính cấp thiết", str(caught.exception))
        self.assertIn("tệp đính kèm", str(caught.exception))

    def test_only_the_principal_investigator_submits(self):
        proposal = ProposalFactory(complete=True)
        for user in (LecturerUserFactory(), self.office):
            with self.subTest(user=user.username), self.assertRaises(ActionRefused):
                SubmitProposal(proposal, user=user).execute()

    def test_a_submitted_proposal_cannot_be_submitted_again(self):
        proposal = ProposalFactory(complete=True)
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        with self.assertRaises(ActionRefused):  # no longer editable
            SubmitProposal(proposal, user=proposal.principal.user).execute()


class EligibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def submitted(self, **kwargs):
        proposal = ProposalFactory(complete=True, **kwargs)
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        proposal.refresh_from_db()
        return proposal

    def test_a_sound_proposal_becomes_eligible(self):
        proposal = self.submitted()
        RunEligibilityCheck(proposal, user=self.office).execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.ELIGIBLE)
        self.assertEqual([c["passed"] for c in proposal.eligibility], [True] * 6)

    def test_budget_above_the_ceiling_fails_with_the_figures(self):
        proposal = self.submitted(call__budget_ceiling=20_000_000)
        RunEligibilityCheck(proposal, user=self.office).execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.SUBMITTED)
        budget = next(c for c in proposal.eligibility if c["code"] == "budget")
        self.assertEqual(
            (budget["passed"], budget["detail"]), (False, "24.000.000 đ / 20.000.000 đ")
        )

    def test_principal_with_an_overdue_unevaluated_topic_fails(self):
        proposal = self.submitted()
        late = TopicFactory(code="CS-2024-09", in_progress=True, principal=proposal.principal)
        DeadlineFactory(topic=late, due_on=datetime.date(2024, 6, 1))
        evaluated = TopicFactory(
            status=TopicStatus.ACCEPTED, grade="good", principal=proposal.principal
        )
        DeadlineFactory(topic=evaluated, due_on=datetime.date(2024, 6, 1))
        RunEligibilityCheck(proposal, user=self.office).execute()
        proposal.refresh_from_db()
        overdue = next(c for c in proposal.eligibility if c["code"] == "no_overdue_topic")
        self.assertEqual((overdue["passed"], overdue["detail"]), (False, "CS-2024-09"))

    def test_the_office_overrides_a_failed_check_with_a_reason(self):
        proposal = self.submitted(call__budget_ceiling=1)
        RunEligibilityCheck(proposal, user=self.office).execute()
        with self.assertRaises(InvalidTransition):
            OverrideEligibility(proposal, user=self.office, reason=" ").execute()
        OverrideEligibility(
            proposal, user=self.office, reason="Hội đồng Trường đồng ý nâng trần"
        ).execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.ELIGIBLE)
        self.assertEqual(proposal.eligibility_override, "Hội đồng Trường đồng ý nâng trần")

    def test_override_needs_a_check_first(self):
        proposal = self.submitted()
        with self.assertRaises(InvalidTransition):
            OverrideEligibility(proposal, user=self.office, reason="x").execute()

    def test_lecturers_do_not_run_checks(self):
        proposal = self.submitted()
        with self.assertRaises(ActionRefused):
            RunEligibilityCheck(proposal, user=proposal.principal.user).execute()

    def test_the_office_returns_a_proposal_for_revision_and_it_comes_back_as_version_2(self):
        proposal = self.submitted()
        with self.captureOnCommitCallbacks(execute=True):
            ReturnProposal(
                proposal,
                ProposalStatus.REVISION_REQUESTED,
                user=self.office,
                reason="Bổ sung dự toán",
            ).execute()
        self.assertIn("Bổ sung dự toán", mail.outbox[-1].body)
        proposal.refresh_from_db()
        proposal.title = "Tên đã sửa"
        proposal.save()
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.version, 2)
        first, second = proposal.versions.all()
        self.assertNotEqual(first.as_proposal().title, second.as_proposal().title)


class WithdrawTests(TestCase):
    def test_principal_withdraws_with_a_reason(self):
        proposal = ProposalFactory(complete=True)
        with self.assertRaises(InvalidTransition):
            WithdrawProposal(proposal, user=proposal.principal.user, reason="").execute()
        WithdrawProposal(proposal, user=proposal.principal.user, reason="Chuyển công tác").execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.WITHDRAWN)
        with self.assertRaises(InvalidTransition):
            WithdrawProposal(proposal, user=proposal.principal.user, reason="Lần nữa").execute()

    def test_another_lecturer_cannot_withdraw(self):
        proposal = ProposalFactory(complete=True)
        with self.assertRaises(ActionRefused):
            WithdrawProposal(proposal, user=LecturerUserFactory(), reason="x").execute()


class AssignCouncilTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def eligible(self):
        proposal = ProposalFactory(complete=True)
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        RunEligibilityCheck(proposal, user=self.office).execute()
        proposal.refresh_from_db()
        return proposal

    def test_assignment_creates_a_review_per_member_and_mails_them_without_names(self):
        proposal = self.eligible()
        proposal.call.blind_review = True
        proposal.call.save()
        council = CouncilFactory()
        with self.captureOnCommitCallbacks(execute=True):
            AssignCouncil(proposal, council, user=self.office).execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.IN_REVIEW)
        self.assertEqual(proposal.reviews.count(), 7)
        self.assertEqual(len(mail.outbox), 7)
        for message in mail.outbox:
            self.assertNotIn(proposal.principal.full_name, message.body)
            self.assertNotIn(proposal.principal.full_name, message.alternatives[0][0])

    def test_conflicts_are_flagged_from_the_schools_own_data(self):
        proposal = self.eligible()
        council = CouncilFactory()
        members = list(council.members.select_related("person"))
        # the second reviewer works in the PI's unit; a member co-authored with the PI last year
        same_unit = members[3].person
        same_unit.unit = proposal.principal.unit
        same_unit.save()
        coauthor = members[5].person
        output = OutputFactory(published_on=timezone.localdate() - datetime.timedelta(days=300))
        OutputAuthor.objects.create(output=output, person=coauthor)
        OutputAuthor.objects.create(output=output, person=proposal.principal, sort_order=1)
        old = OutputFactory(published_on=timezone.localdate() - datetime.timedelta(days=365 * 4))
        OutputAuthor.objects.create(output=old, person=members[6].person)
        OutputAuthor.objects.create(output=old, person=proposal.principal, sort_order=1)
        AssignCouncil(proposal, council, user=self.office).execute()
        flags = {
            r.member.person_id: r.conflict_flags for r in proposal.reviews.select_related("member")
        }
        self.assertEqual(flags[same_unit.pk], [ConflictReason.SAME_UNIT])
        self.assertEqual(flags[coauthor.pk], [ConflictReason.COAUTHOR])
        self.assertEqual(flags[members[6].person.pk], [])

    def test_a_team_member_on_the_council_is_flagged(self):
        proposal = self.eligible()
        council = CouncilFactory()
        member = council.members.get(role=CouncilRole.MEMBER, sort_order=5)
        ProposalMember.objects.create(proposal=proposal, person=member.person)
        AssignCouncil(proposal, council, user=self.office).execute()
        review = proposal.reviews.get(member=member)
        self.assertIn(ConflictReason.ON_TEAM, review.conflict_flags)

    def test_a_council_that_breaks_the_composition_rules_is_refused(self):
        proposal = self.eligible()
        council = CouncilFactory(
            members=[CouncilRole.CHAIR, CouncilRole.REVIEWER, CouncilRole.SECRETARY]
        )
        with self.assertRaises(ActionRefused) as caught:
            AssignCouncil(proposal, council, user=self.office).execute()
        self.assertIn("từ 7 đến 9", str(caught.exception))
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.ELIGIBLE)
        self.assertFalse(proposal.reviews.exists())

    def test_only_an_eligible_proposal_goes_to_a_council(self):
        proposal = ProposalFactory(complete=True)
        with self.assertRaises(InvalidTransition):
            AssignCouncil(proposal, CouncilFactory(), user=self.office).execute()


class ProposalTransitionTableTests(TestCase):
    def test_refused_moves_raise_and_change_nothing(self):
        proposal = ProposalFactory()
        for status, allowed in ALLOWED_PROPOSAL_TRANSITIONS.items():
            proposal.status = status
            for target in ProposalStatus.values:
                with self.subTest(move=f"{status} → {target}"):
                    if target in allowed:
                        proposal.check_transition(target)
                    else:
                        with self.assertRaises(InvalidTransition):
                            proposal.check_transition(target)


class CouncilMemberUniqueTests(TestCase):
    def test_a_person_sits_once(self):
        from django.db import IntegrityError, transaction

        council = CouncilFactory()
        person = council.members.first().person
        with self.assertRaises(IntegrityError), transaction.atomic():
            CouncilMember.objects.create(council=council, person=person, role=CouncilRole.MEMBER)
        PersonFactory()  # the factory still works after the failed insert


class OrderedProposalTests(TestCase):
    """A topic ordered by the province enters as a proposal assigned to a PI, without a call."""

    def test_it_goes_from_draft_to_council_without_a_call(self):
        from research.models import TopicOrigin
        from tests.factories import ordering_body

        office = OfficeStaffFactory()
        proposal = ProposalFactory(
            complete=True,
            call=None,
            level="provincial",
            origin=TopicOrigin.ORDERED,
            ordering_body=ordering_body(),
        )
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        RunEligibilityCheck(proposal, user=office).execute()
        proposal.refresh_from_db()
        self.assertEqual(
            [c["code"] for c in proposal.eligibility],
            ["complete", "budget", "duration", "no_overdue_topic", "one_principal"],
        )
        self.assertEqual(proposal.status, ProposalStatus.ELIGIBLE)
        council = CouncilFactory()
        AssignCouncil(proposal, council, user=office).execute()
        proposal.refresh_from_db()
        self.assertEqual(proposal.rubric, council.rubric)
