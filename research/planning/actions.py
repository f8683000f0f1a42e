"""The plan's lifecycle (docs/workflows.md): the office drafts it and its targets (proposed from the
indicators' thresholds), submits it; the leadership approves it or returns it with a reason; the
office reviews each year of an approved plan. Each step checks who and in what state, locks the
plan, saves and writes the plan's history."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core.actions import ActionRefused, authorise, require_reason
from research.planning.models import PlanReview, PlanStatus, PlanTarget, ResearchPlan
from research.planning.progress import figures
from research.planning.targets import proposals

LOG = "research.plan"


def locked(plan):
    return ResearchPlan.objects.select_for_update().get(pk=plan.pk)


def record(plan, user, event, **data):
    log(instance=plan, action=LOG, user=user, data={"event": event, **data})


def require_draft(plan):
    if not plan.is_editable:
        raise ActionRefused(
            _("Only a draft plan is changed; this one is “%(status)s”.")
            % {"status": plan.get_status_display()}
        )


class ProposeTargets:
    """Fill the draft's targets from the indicators' thresholds and windows (those the office
    already typed are replaced: it asked for the proposal)."""

    def __init__(self, plan, *, user):
        self.plan, self.user = plan, user

    def check(self, plan):
        authorise(self.user, "manage_plans", plan)
        require_draft(plan)

    def execute(self):
        with transaction.atomic():
            plan = locked(self.plan)
            self.check(plan)
            rows = proposals(plan)
            if not rows:
                raise ActionRefused(
                    _("No indicator has a threshold yet: enter the thresholds first.")
                )
            plan.targets.all().delete()
            PlanTarget.objects.bulk_create(
                PlanTarget(plan=plan, indicator=indicator, year=year, target=value, new_records=new)
                for indicator, year, value, new in rows
            )
            record(plan, self.user, "targets_proposed", count=len(rows))
        return plan


class SaveTargets:
    """The office's own figures for the draft's targets: {(indicator pk, year): (target, new)}."""

    def __init__(self, plan, values, *, user):
        self.plan, self.values, self.user = plan, values, user

    def execute(self):
        with transaction.atomic():
            plan = locked(self.plan)
            authorise(self.user, "manage_plans", plan)
            require_draft(plan)
            changed = 0
            for (indicator_pk, year), (target, new_records) in self.values.items():
                if year not in plan.years:
                    raise ActionRefused(_("A target is for a year of the plan."))
                if target is None:
                    changed += plan.targets.filter(indicator_id=indicator_pk, year=year).delete()[0]
                    continue
                _row, created = PlanTarget.objects.update_or_create(
                    plan=plan,
                    indicator_id=indicator_pk,
                    year=year,
                    defaults={"target": target, "new_records": new_records},
                )
                changed += 1
            record(plan, self.user, "targets_saved", count=changed)
        return plan


class SubmitPlan:
    def __init__(self, plan, *, user):
        self.plan, self.user = plan, user

    def execute(self):
        with transaction.atomic():
            plan = locked(self.plan)
            authorise(self.user, "manage_plans", plan)
            if plan.status == PlanStatus.DRAFT and not plan.targets.exists():
                raise ActionRefused(_("A plan is submitted with its targets."))
            previous = plan.status
            plan.check_transition(PlanStatus.SUBMITTED)
            plan.status = PlanStatus.SUBMITTED
            plan.submitted_at = timezone.now()
            plan.return_reason = ""
            plan.save(update_fields=["status", "submitted_at", "return_reason"])
            record(plan, self.user, "submitted", **{"from": previous})
        return plan


class ApprovePlan:
    """The leadership's one decision in the portal: the plan becomes the school's."""

    def __init__(self, plan, *, user):
        self.plan, self.user = plan, user

    def execute(self):
        with transaction.atomic():
            plan = locked(self.plan)
            authorise(self.user, "approve_plan", plan)
            plan.check_transition(PlanStatus.APPROVED)
            plan.status = PlanStatus.APPROVED
            plan.approved_at = timezone.now()
            plan.approved_by = self.user
            plan.save(update_fields=["status", "approved_at", "approved_by"])
            record(plan, self.user, "approved")
        return plan


class ReturnPlan:
    """The leadership sends the plan back to the office as a draft, with the reason."""

    def __init__(self, plan, *, user, reason):
        self.plan, self.user, self.reason = plan, user, reason

    def execute(self):
        with transaction.atomic():
            plan = locked(self.plan)
            authorise(self.user, "approve_plan", plan)
            plan.check_transition(PlanStatus.DRAFT)
            plan.status = PlanStatus.DRAFT
            plan.return_reason = require_reason(self.reason)
            plan.save(update_fields=["status", "return_reason"])
            record(plan, self.user, "returned", reason=plan.return_reason)
        return plan


class ReviewYear:
    """The office's yearly review of an approved plan: its assessment and the year's plan against
    actual, kept as they were that day. One review a year; a year is reviewed once it has begun."""

    def __init__(self, plan, year, *, user, assessment, today=None):
        self.plan, self.year, self.user = plan, year, user
        self.assessment = assessment
        self.today = today or timezone.localdate()

    def execute(self):
        with transaction.atomic():
            plan = locked(self.plan)
            authorise(self.user, "manage_plans", plan)
            if not plan.is_approved:
                raise ActionRefused(_("Only an approved plan is reviewed."))
            if self.year not in plan.years:
                raise ActionRefused(_("Choose a year of the plan."))
            if self.year > self.today.year:
                raise ActionRefused(_("A year is reviewed once it has begun."))
            if plan.reviews.filter(year=self.year).exists():
                raise ActionRefused(
                    _("The year %(year)s is already reviewed.") % {"year": self.year}
                )
            review = PlanReview.objects.create(
                plan=plan,
                year=self.year,
                assessment=require_reason(self.assessment),
                figures=figures(plan, self.year, self.today),
                reviewed_by=self.user,
            )
            record(plan, self.user, "reviewed", year=self.year)
        return review
