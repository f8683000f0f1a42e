"""What it takes (cần thêm bao nhiêu): for an indicator and a year, how many more records are
needed, by when, to reach or hold level 1 and level 2.

The count starts from the records that already exist and will still be in the year's window (those
that leave the rolling window as the years pass are not counted, and are shown), adds those that
will enter it (records already scheduled, running topics expected to be accepted in time from their
planned end), and compares the sum with what each threshold requires. Everything is read from the
Indicator rows (thresholds, window, rule) through standard's counting: no number is in the code.
"""

import copy
import datetime
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from research.core.choices import Measure, RuleKind, TopicPlacement, TopicStatus
from research.standard.counting import (
    TOPIC_FILTERS,
    counted_until,
    evidence,
    lecturers_of,
    window,
)
from research.topics.models.topics import Topic

# Not yet accepted, still on the way to acceptance.
ON_THE_WAY = [
    TopicStatus.APPROVED,
    TopicStatus.IN_PROGRESS,
    TopicStatus.EXTENDED,
    TopicStatus.SELF_EVALUATED,
    TopicStatus.UNDER_EVALUATION,
]
LEVELS = (("1", "threshold_level1"), ("2", "threshold_level2"))


@dataclass
class LevelNeed:
    level: str
    threshold: object
    required: int  # records the threshold asks for in the year's window
    needed: int  # of them, still to be produced
    held: bool  # the threshold is met today and stays met without new records

    @property
    def label(self):
        return _("Level %(level)s") % {"level": self.level}


@dataclass
class Requirement:
    indicator: object
    year: int
    by: datetime.date
    counted: int  # records that exist today and stay in the year's window
    leaving: int  # records counted this year that will have left the window by then
    scheduled: int  # records dated later inside the window (a planned event, a topic to start)
    accepting: int  # running topics expected to be accepted in time (from their planned end)
    lecturers: int | None
    levels: list = field(default_factory=list)

    @property
    def expected(self):
        return self.counted + self.scheduled + self.accepting

    def level(self, number):
        return next((need for need in self.levels if need.level == number), None)


def scale_of(indicator):
    """How a count of records turns into the indicator's value: 1 record per unit of value, a
    share of lecturers in %, or an average per lecturer."""
    if indicator.measure == Measure.SHARE:
        return "share"
    if indicator.rule_kind == RuleKind.OUTPUTS_PER_LECTURER:
        return "average"
    return "count"


def required_records(indicator, threshold, lecturers):
    """The number of records (or lecturers) that make the value reach `threshold`."""
    kind = scale_of(indicator)
    if kind == "share":
        return math.ceil(threshold * lecturers / 100)
    if kind == "average":
        return math.ceil(threshold * lecturers)
    return math.ceil(threshold)


def accepting_topics(indicator, year, today, counted_pks):
    """Topics not yet accepted whose planned end falls in the year's window, by the year's end and
    not before today's year: once accepted, an indicator that counts acceptance counts them."""
    if indicator.rule_kind != RuleKind.TOPICS:
        return Topic.objects.none()
    if TopicPlacement.ACCEPTED not in indicator.values_of("placement"):
        return Topic.objects.none()
    statuses = indicator.values_of("statuses")
    if statuses and TopicStatus.ACCEPTED not in statuses:
        return Topic.objects.none()
    first, last = window(indicator, year)
    found = Topic.objects.filter(
        status__in=ON_THE_WAY,
        accepted_on__isnull=True,
        planned_end__gte=max(datetime.date(first, 1, 1), datetime.date(today.year, 1, 1)),
        planned_end__lte=datetime.date(last, 12, 31),
    )
    for parameter, lookup in TOPIC_FILTERS.items():
        if parameter != "statuses" and (values := indicator.values_of(parameter)):
            found = found.filter(**{f"{lookup}__in": values})
    return found.exclude(pk__in=counted_pks)


def what_it_takes(indicator, year, today):
    """The Requirement of `indicator` for `year` (this year or a later one), or None for a year
    already over (nothing can be added to it)."""
    if year < today.year:
        return None
    counted_now = evidence(indicator, year, counted_until(year, today))
    counted = counted_now.count()
    scheduled = evidence(indicator, year).count() - counted
    leaving = 0
    if year > today.year:
        leaving = (
            evidence(indicator, today.year, today).exclude(pk__in=counted_now.values("pk")).count()
        )
    accepting = accepting_topics(indicator, year, today, evidence(indicator, year).values("pk"))
    accepting = accepting.count()
    lecturers = lecturers_of(indicator, year).count() if scale_of(indicator) != "count" else None
    requirement = Requirement(
        indicator=indicator,
        year=year,
        by=datetime.date(year, 12, 31),
        counted=counted,
        leaving=leaving,
        scheduled=scheduled,
        accepting=accepting,
        lecturers=lecturers,
    )
    for number, attribute in LEVELS:
        threshold = getattr(indicator, attribute)
        if threshold is None:
            continue
        required = required_records(indicator, threshold, lecturers or 0)
        requirement.levels.append(
            LevelNeed(
                level=number,
                threshold=threshold,
                required=required,
                needed=max(0, required - requirement.expected),
                held=counted >= required,
            )
        )
    return requirement


def one_year(indicator):
    """The indicator counted over its year alone (the records a year adds), unsaved."""
    single = copy.copy(indicator)
    single.window_years = 1
    return single
