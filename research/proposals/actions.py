import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core import blind
from research.core.actions import ActionRefused, authorise, require_reason
from research.core.choices import ProposalStatus, RubricKind, TeamRole, TopicStatus
from research.councils.actions.councils import require_meeting_day
from research.councils.models.councils import check_council_composition
from research.councils.models.reviews import CouncilDecision, Review, likely_conflicts
from research.councils.scoring import aggregate
from research.deadlines.models import regenerate_deadlines
from research.inbox.notifications import notify, people_emails
from research.proposals.models import Proposal, ProposalVersion, legal_basis_on
from research.proposals.overlap import OverlapJudgement, similar_for_review
from research.topics.models.funding import FundingLine
from research.topics.models.topics import InvalidTransition, Topic, TopicExpectedOutput, TopicMember

STATUS_LOG_ACTION = "research.proposal.status"


def move(proposal, to_status, user, reason="", **data):
    """Apply one guarded status move to a locked proposal and log it."""
    proposal.check_transition(to_status)
    from_status = proposal.status
    proposal.status = to_status
    proposal.save()
    log(
        instance=proposal,
        action=STATUS_LOG_ACTION,
        user=user,
        data={
            "from": from_status,
            "to": to_status,
            "reason": reason,
            "version": proposal.version,
            **data,
        },
    )


def locked(proposal):
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


class SubmitProposal:
    """Freeze the dossier as a new version and hand it to the research office."""

    def __init__(self, proposal, *, user, now=None):
        self.proposal, self.user, self.now = proposal, user, now or timezone.now()

    def check(self, proposal):
        authorise(self.user, "submit_proposal", proposal)
        proposal.check_transition(ProposalStatus.SUBMITTED)
        call = proposal.call
        if call and self.now > call.closes_at:
            raise ActionRefused(
                _("The call closed on %(date)s; submissions are no longer accepted.")
                % {"date": timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M")}
            )
        if call and self.now < call.opens_at:
            raise ActionRefused(
                _("The call opens on %(date)s.")
                % {"date": timezone.localtime(call.opens_at).strftime("%d/%m/%Y %H:%M")}
            )
        missing = proposal.missing_parts()
        if missing:
            raise ActionRefused(
                _("The dossier is incomplete: %(parts)s.") % {"parts": ", ".join(missing)}
            )

    def execute(self):
        with transaction.atomic():
            proposal = locked(self.proposal)
            self.check(proposal)
            proposal.version += 1
            proposal.submitted_at = self.now
            # The rule in force at the first submission stays the proposal's, and its topic's.
            if not proposal.legal_basis:
                proposal.legal_basis = legal_basis_on(timezone.localdate(self.now))
            proposal.eligibility = []
            proposal.eligibility_override = ""
            move(proposal, ProposalStatus.SUBMITTED, self.user)
            ProposalVersion.objects.create(
                proposal=proposal,
                number=proposal.version,
                submitted_at=self.now,
                submitted_by=self.user,
                snapshot=proposal.serializable_data(),
            )
            notify(
                "proposal_submitted", people_emails([proposal.principal]), {"proposal": proposal}
            )
        return proposal


class WithdrawProposal:
    def __init__(self, proposal, *, user, reason):
        self.proposal, self.user, self.reason = proposal, user, reason

    def execute(self):
        with transaction.atomic():
            proposal = locked(self.proposal)
            authorise(self.user, "withdraw_proposal", proposal)
            move(proposal, ProposalStatus.WITHDRAWN, self.user, require_reason(self.reason))
        return proposal


class RunEligibilityCheck:
    """Run the automatic checks; a proposal that passes them all becomes eligible."""

    def __init__(self, proposal, *, user):
        self.proposal, self.user = proposal, user

    def execute(self):
        with transaction.atomic():
            proposal = locked(self.proposal)
            authorise(self.user, "manage_proposals", proposal)
            if proposal.status != ProposalStatus.SUBMITTED:
                raise InvalidTransition(_("Only a submitted proposal is checked for eligibility."))
            proposal.eligibility = proposal.eligibility_checks()
            if proposal.eligibility_passed:
                move(proposal, ProposalStatus.ELIGIBLE, self.user, checks=proposal.eligibility)
            else:
                proposal.save(update_fields=["eligibility", "updated_at"])
                log(
                    instance=proposal,
                    action="research.proposal.eligibility",
                    user=self.user,
                    data={"checks": proposal.eligibility},
                )
            notify(
                "proposal_eligibility", people_emails([proposal.principal]), {"proposal": proposal}
            )
        return proposal


class OverrideEligibility:
    """The office accepts a proposal that failed a check, and says why."""

    def __init__(self, proposal, *, user, reason):
        self.proposal, self.user, self.reason = proposal, user, reason

    def execute(self):
        with transaction.atomic():
            proposal = locked(self.proposal)
            authorise(self.user, "manage_proposals", proposal)
            if proposal.status != ProposalStatus.SUBMITTED or not proposal.eligibility:
                raise InvalidTransition(_("Run the eligibility check before overriding it."))
            proposal.eligibility_override = require_reason(self.reason)
            move(
                proposal,
                ProposalStatus.ELIGIBLE,
                self.user,
                proposal.eligibility_override,
                override=True,
            )
            notify(
                "proposal_eligibility", people_emails([proposal.principal]), {"proposal": proposal}
            )
        return proposal


class RecordOverlapJudgement:
    """The office judges one similar piece of work found for a submitted proposal — a real
    overlap or not, with the reason — before the proposal goes to the council, whose papers show
    it. Judged again, the judgement is replaced (both are in the history)."""

    STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.ELIGIBLE)

    def __init__(self, proposal, ref, *, user, overlap, reason, now=None):
        self.proposal, self.ref, self.user = proposal, ref, user
        self.overlap, self.reason, self.now = overlap, reason, now or timezone.now()

    def check(self, proposal):
        authorise(self.user, "manage_proposals", proposal)
        if proposal.status not in self.STATUSES:
            raise InvalidTransition(
                _("An overlap is judged before the proposal goes to the council.")
            )
        reason = require_reason(self.reason)
        hit = next((h for h in similar_for_review(self.user, proposal) if h.ref == self.ref), None)
        if hit is None:
            raise ActionRefused(_("This work is no longer among the similar work found."))
        return hit, reason

    def execute(self):
        with transaction.atomic():
            proposal = locked(self.proposal)
            hit, reason = self.check(proposal)
            judgement, _created = OverlapJudgement.objects.update_or_create(
                proposal=proposal,
                round=proposal.version,
                ref=hit.ref,
                defaults={
                    "record": hit.record,
                    "title": hit.title[:500],
                    "kind_label": str(hit.kind_label)[:100],
                    "score": hit.score,
                    "overlap": bool(self.overlap),
                    "reason": reason,
                    "judged_by": self.user,
                    "judged_at": self.now,
                },
            )
            log(
                instance=proposal,
                action="research.proposal.overlap",
                user=self.user,
                data={
                    "ref": hit.ref,
                    "title": judgement.title,
                    "score": hit.score,
                    "overlap": judgement.overlap,
                    "reason": reason,
                    "version": proposal.version,
                },
            )
        return judgement


class ReturnProposal:
    """Send a submitted proposal back for revision, or reject it, before any council sees it."""

    OUTCOMES = (ProposalStatus.REVISION_REQUESTED, ProposalStatus.REJECTED)

    def __init__(self, proposal, outcome, *, user, reason):
        self.proposal, self.outcome, self.user, self.reason = proposal, outcome, user, reason

    def execute(self):
        if self.outcome not in self.OUTCOMES:
            raise InvalidTransition(_("Choose revision or rejection."))
        with transaction.atomic():
            proposal = locked(self.proposal)
            authorise(self.user, "manage_proposals", proposal)
            if proposal.status != ProposalStatus.SUBMITTED:
                raise InvalidTransition(_("Only a submitted proposal is returned at this stage."))
            reason = require_reason(self.reason)
            move(proposal, self.outcome, self.user, reason)
            notify(
                "proposal_decision",
                people_emails([proposal.principal]),
                {"proposal": proposal, "outcome": proposal.get_status_display(), "note": reason},
            )
        return proposal


class AssignCouncil:
    """Put an eligible proposal before a council: one review per member, conflicts flagged."""

    def __init__(self, proposal, council, *, user, today=None):
        self.proposal, self.council, self.user = proposal, council, user
        self.today = today or timezone.localdate()

    def execute(self):
        with transaction.atomic():
            proposal = locked(self.proposal)
            authorise(self.user, "manage_proposals", proposal)
            if proposal.status != ProposalStatus.ELIGIBLE:
                raise InvalidTransition(_("Only an eligible proposal goes to a council."))
            unfit = self.council.unfit_for(proposal, RubricKind.SELECTION)
            if unfit:
                raise ActionRefused(unfit)
            rubric = proposal.call.rubric if proposal.call else self.council.rubric
            members = list(self.council.members.select_related("person"))
            try:
                check_council_composition([(m.person, m.role) for m in members], rubric)
            except Exception as error:
                raise ActionRefused(" ".join(error.messages)) from error
            proposal.council = self.council
            reviews = [
                Review.objects.create(
                    proposal=proposal,
                    round=proposal.version,
                    member=member,
                    conflict_flags=likely_conflicts(
                        proposal, member.person, rubric.coauthor_years, self.today
                    ),
                )
                for member in members
            ]
            move(proposal, ProposalStatus.IN_REVIEW, self.user, council=self.council.pk)
            # A flagged member is not asked to score; they hear once the flag is resolved.
            notify(
                "review_assigned",
                people_emails(r.member.person for r in reviews if not r.is_conflicted),
                {
                    "proposal": blind.for_reviewers(proposal),
                    "due": proposal.call.review_due_on if proposal.call else None,
                },
            )
        return proposal


class RecordCouncilDecision:
    """Record the council's decision once per round; approval needs quorum and the vote."""

    def __init__(self, proposal, outcome, *, user, note=""):
        self.proposal, self.outcome, self.user, self.note = proposal, outcome, user, note

    def execute(self):
        with transaction.atomic():
            proposal = locked(self.proposal)
            authorise(self.user, "run_meeting", proposal)
            if proposal.decisions.filter(round=proposal.version).exists():
                raise ActionRefused(_("The decision for this version is already recorded."))
            if self.outcome not in (
                ProposalStatus.APPROVED,
                ProposalStatus.REVISION_REQUESTED,
                ProposalStatus.REJECTED,
            ):
                raise InvalidTransition(_("Choose approval, revision or rejection."))
            proposal.check_transition(self.outcome)
            require_meeting_day(proposal)
            reviews = list(Review.objects.for_round(proposal))
            result = aggregate(proposal.rubric, reviews)
            if not result.quorum_met:
                raise ActionRefused(" ".join(result.quorum_problems))
            if self.outcome == ProposalStatus.APPROVED and not result.vote_passes:
                raise ActionRefused(
                    _(
                        "Only %(yes)d of %(voters)d members present voted to fund it; approval needs %(share)s."
                    )
                    % {
                        "yes": result.votes_for,
                        "voters": result.voters,
                        "share": f"{proposal.rubric.approval_numerator}/{proposal.rubric.approval_denominator}",
                    }
                )
            CouncilDecision.objects.create(
                proposal=proposal,
                round=proposal.version,
                outcome=self.outcome,
                note=self.note,
                summary=result.as_summary(),
                recorded_by=self.user,
            )
            move(proposal, self.outcome, self.user, self.note, mean=result.as_summary()["mean"])
            if self.outcome == ProposalStatus.APPROVED:
                proposal.topic = CreateTopicFromProposal(proposal, user=self.user).execute()
                proposal.save(update_fields=["topic", "updated_at"])
            notify(
                "proposal_decision",
                people_emails([proposal.principal]),
                {"proposal": proposal, "outcome": proposal.get_status_display(), "note": self.note},
            )
        return proposal


class CreateTopicFromProposal:
    """Turn an approved proposal into a topic with its team, budget, expected outputs and deadlines."""

    def __init__(self, proposal, *, user, today=None):
        self.proposal, self.user = proposal, user
        self.today = today or timezone.localdate()

    def execute(self):
        proposal = self.proposal
        start = self.today.replace(day=1) + relativedelta(months=1)
        topic = Topic.objects.create(
            code=Topic.next_code(proposal.level, start.year),
            title=proposal.title,
            summary=proposal.objectives,
            keyword_list=proposal.keyword_list,
            field=proposal.field,
            level=proposal.level,
            origin=proposal.origin,
            ordering_body=proposal.ordering_body,
            legal_basis=proposal.legal_basis,
            unit=proposal.unit,
            planned_start=start,
            planned_end=start
            + relativedelta(months=proposal.duration_months)
            - datetime.timedelta(days=1),
            status=TopicStatus.APPROVED,
        )
        TopicMember.objects.create(
            topic=topic, person=proposal.principal, role=TeamRole.PRINCIPAL, sort_order=0
        )
        for order, member in enumerate(
            proposal.members.exclude(person=proposal.principal), start=1
        ):
            role = TeamRole.MEMBER if member.role == TeamRole.PRINCIPAL else member.role
            TopicMember.objects.create(
                topic=topic, person=member.person, role=role, sort_order=order
            )
        totals = {}
        for item in proposal.budget_items.all():
            key = (item.source_id, item.item)
            totals[key] = totals.get(key, 0) + item.amount
        for order, ((source_id, item), amount) in enumerate(totals.items()):
            FundingLine.objects.create(
                topic=topic,
                source_id=source_id,
                item=item,
                approved_amount=amount,
                sort_order=order,
            )
        for order, expected in enumerate(proposal.expected_outputs.all()):
            TopicExpectedOutput.objects.create(
                topic=topic,
                kind=expected.kind,
                count=expected.count,
                description=expected.description,
                sort_order=order,
            )
        regenerate_deadlines(topic)
        log(
            instance=topic,
            action="research.topic.created",
            user=self.user,
            data={"proposal": proposal.code, "version": proposal.version},
        )
        return topic
