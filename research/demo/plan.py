"""The demo school's research plan 2026–2030, approved by its leadership, with targets proposed
from the indicators' (example) thresholds, topics by level, origin and unit, and budget by source."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from research.planning.models import (
    PlannedBudget,
    PlannedTopics,
    PlanReview,
    PlanStatus,
    PlanTarget,
    ResearchPlan,
    TargetLevel,
)
from research.planning.progress import figures
from research.planning.targets import proposals

from . import content


class PlanDemo:
    def load_plan(self):
        users = get_user_model().objects.in_bulk(["phongnckh", "lanhdao"], field_name="username")
        first, last = content.PLAN_YEARS
        plan, _ = ResearchPlan.objects.update_or_create(
            first_year=first,
            last_year=last,
            defaults={
                "title": content.PLAN_TITLE,
                "aim": TargetLevel.LEVEL2,
                "purpose": content.PLAN_PURPOSE,
                "organisation": content.PLAN_ORGANISATION,
                "status": PlanStatus.APPROVED,
                "created_by": users.get("phongnckh"),
                "submitted_at": timezone.now(),
                "approved_at": timezone.now(),
                "approved_by": users.get("lanhdao"),
            },
        )
        plan.targets.all().delete()
        PlanTarget.objects.bulk_create(
            PlanTarget(plan=plan, indicator=indicator, year=year, target=value, new_records=new)
            for indicator, year, value, new in proposals(plan)
        )
        plan.planned_topics.all().delete()
        plan.budget.all().delete()
        faculties = [unit for unit in self.units.values() if unit.kind == "faculty"] or [None]
        for year in plan.years:
            for level, origin, count in content.PLAN_TOPICS:
                if origin == "proposed":  # the lecturers' own proposals, spread over the faculties
                    for n, unit in enumerate(faculties):
                        share = count // len(faculties) + (n < count % len(faculties))
                        if share:
                            PlannedTopics.objects.create(
                                plan=plan,
                                year=year,
                                level=level,
                                origin=origin,
                                unit=unit,
                                count=share,
                            )
                else:
                    PlannedTopics.objects.create(
                        plan=plan, year=year, level=level, origin=origin, count=count
                    )
            for code, amount in content.PLAN_BUDGET.items():
                PlannedBudget.objects.create(
                    plan=plan, year=year, source=self.sources[code], amount=amount
                )
        # the years already over are reviewed, with the figures of that day
        for year in plan.years:
            if year < self.today.year:
                PlanReview.objects.update_or_create(
                    plan=plan,
                    year=year,
                    defaults={
                        "assessment": "Hoàn thành cơ bản các chỉ tiêu của năm.",
                        "figures": figures(plan, year, self.today),
                        "reviewed_by": users.get("phongnckh"),
                    },
                )
        return plan
