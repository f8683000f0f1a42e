"""The plan against what happened, live, for one year: each target beside the indicator's value and
the records the year added; the planned topics beside the topics started, by level, origin and
unit; the planned budget beside the funding approved, by source."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from research.core.choices import TopicStatus
from research.core.people import Unit
from research.core.reference import FundingSource
from research.planning.requirements import one_year, what_it_takes
from research.standard.counting import counted_until, evaluate, evidence
from research.topics.models.funding import FundingLine
from research.topics.models.topics import Topic


@dataclass
class TargetRow:
    target: object  # PlanTarget
    value: object
    added: int  # records dated in the year itself (counted up to today)
    requirement: object  # Requirement or None for a past year

    @property
    def met(self):
        return self.value >= self.target.target

    @property
    def added_met(self):
        return self.target.new_records is None or self.added >= self.target.new_records


def started_in(year):
    """The topics started in `year`, withdrawn ones left out (they never ran)."""
    return Topic.objects.filter(planned_start__year=year).exclude(status=TopicStatus.WITHDRAWN)


def target_rows(plan, year, today, with_requirements=True):
    rows = []
    for target in plan.targets.filter(year=year).select_related("indicator"):
        indicator = target.indicator
        rows.append(
            TargetRow(
                target=target,
                value=evaluate(indicator, year, today).value,
                added=evidence(one_year(indicator), year, counted_until(year, today)).count(),
                requirement=what_it_takes(indicator, year, today) if with_requirements else None,
            )
        )
    return rows


def topic_rows(plan, year):
    """[(level label, origin label, unit or None, planned, started)]: every planned line and every
    combination that started without being planned."""
    started = Counter(
        {
            (row["level"], row["origin"], row["unit"]): row["n"]
            for row in started_in(year).values("level", "origin", "unit").annotate(n=Count("pk"))
        }
    )
    planned = plan.planned_topics.filter(year=year).select_related("unit")
    rows, seen = [], set()
    for line in planned:
        if line.unit_id is None:
            actual = sum(
                n for (lv, og, _u), n in started.items() if (lv, og) == (line.level, line.origin)
            )
        else:
            actual = started[(line.level, line.origin, line.unit_id)]
        seen.add((line.level, line.origin, line.unit_id))
        seen.add((line.level, line.origin, None))
        rows.append(
            (line.get_level_display(), line.get_origin_display(), line.unit, line.count, actual)
        )
    units = Unit.objects.in_bulk({unit for (_lv, _og, unit) in started if unit})
    for (level, origin, unit), n in sorted(started.items(), key=str):
        if (level, origin, unit) in seen or (level, origin, None) in seen:
            continue
        rows.append(
            (
                Topic(level=level).get_level_display(),
                Topic(origin=origin).get_origin_display(),
                units.get(unit),
                0,
                n,
            )
        )
    return rows


def unit_rows(plan, year):
    """[(unit, planned topics, topics started)] for the units the plan names or that started one."""
    planned = defaultdict(int)
    for line in plan.planned_topics.filter(year=year, unit__isnull=False):
        planned[line.unit_id] += line.count
    started = dict(
        started_in(year)
        .filter(unit__isnull=False)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .order_by()
    )
    units = Unit.objects.in_bulk(set(planned) | set(started))
    return sorted(
        ((units[pk], planned.get(pk, 0), started.get(pk, 0)) for pk in units),
        key=lambda row: (row[0].sort_order, row[0].name),
    )


def budget_rows(plan, year):
    """[(source, planned, approved)]: the funding approved for the topics started in `year`."""
    approved = dict(
        FundingLine.objects.filter(topic__in=started_in(year))
        .values_list("source")
        .annotate(total=Sum("approved_amount"))
        .order_by()
    )
    rows = []
    for line in plan.budget.filter(year=year).select_related("source"):
        rows.append((line.source, line.amount, approved.pop(line.source_id, 0)))
    if approved:
        for source in FundingSource.objects.filter(pk__in=approved):
            rows.append((source, 0, approved[source.pk]))
    return rows


def figures(plan, year, today):
    """The year's plan against actual as plain data, kept with the yearly review."""
    return [
        {
            "code": row.target.indicator.code,
            "target": str(row.target.target),
            "value": str(row.value),
            "new_records": row.target.new_records,
            "added": row.added,
        }
        for row in target_rows(plan, year, today, with_requirements=False)
    ]
