"""Live counting of the standard-school research indicators (criterion 4 of Quy định 11-QĐ/TW).

Each indicator's rule turns into one queryset of the records behind its number, the evidence
(minh chứng); the number is counted from that same queryset, so every figure can be traced.
"""

import datetime
import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from research.core.choices import Measure, RuleKind, TopicPlacement
from research.core.people import Person, Unit
from research.orders.models import topics_applied_between, topics_in_order_state
from research.outputs.models.declarations import Declared
from research.outputs.models.outputs import Output
from research.outputs.models.records import BulletinIssue, Fieldwork, ScientificEvent
from research.standard.models import Indicator
from research.topics.models.topics import Topic

TWO_PLACES = Decimal("0.01")
# Where a record of each rule kind meets a unit and a lecturer, for the breakdowns and for a
# lecturer's own contribution. Bulletin issues belong to the school alone.
BREAKDOWN_PATHS = {
    RuleKind.TOPICS: {"unit": "unit", "person": "members__person"},
    RuleKind.OUTPUTS: {"unit": "authors__person__unit", "person": "authors__person"},
    RuleKind.OUTPUTS_PER_LECTURER: {"unit": "authors__person__unit", "person": "authors__person"},
    RuleKind.EVENTS: {"unit": "unit"},
    RuleKind.BULLETIN_ISSUES: {},
    RuleKind.LECTURERS_WITH_OUTPUTS: {"unit": "unit", "person": "pk"},
    RuleKind.LECTURERS_WITH_FIELDWORK: {"unit": "unit", "person": "pk"},
}
TOPIC_FILTERS = {
    "levels": "level",
    "origins": "origin",
    "roles": "school_role",
    "statuses": "status",
}
DEFAULT_PLACEMENT = [TopicPlacement.STARTED]


class Status:
    MET = "met"
    AT_RISK = "at_risk"
    NOT_MET = "not_met"
    NO_THRESHOLD = "no_threshold"
    LABELS = {
        MET: _("Met"),
        AT_RISK: _("At risk"),
        NOT_MET: _("Not met"),
        NO_THRESHOLD: _("No threshold set"),
    }


def window(indicator, year):
    """The first and last calendar year the indicator counts for `year`."""
    return year - indicator.window_years + 1, year


def dated(queryset, field, first, last, until=None):
    if issubclass(queryset.model, Declared):
        # a lecturer's declaration counts once the research office has verified it
        queryset = queryset.verified()
    queryset = queryset.filter(**{f"{field}__year__gte": first, f"{field}__year__lte": last})
    return queryset.filter(**{f"{field}__lte": until}) if until else queryset


def lecturers_of(indicator, year):
    """The lecturers counted for `year`: those on the staff in the window's last year."""
    return Person.objects.lecturers_in(window(indicator, year)[1])


def outputs(indicator, year, until=None, lecturers_only=False):
    first, last = window(indicator, year)
    found = dated(Output.objects.all(), "published_on", first, last, until)
    if kinds := indicator.values_of("kinds"):
        found = found.filter(kind__in=kinds)
    if lecturers_only or indicator.by_lecturers:
        found = found.filter(authors__person__in=lecturers_of(indicator, year)).distinct()
    return found


def evidence(indicator, year, until=None):
    """The records behind the indicator's number for `year` (up to `until` when given)."""
    kind = indicator.rule_kind
    first, last = window(indicator, year)
    if kind == RuleKind.TOPICS:
        found = Topic.objects.filter(topics_in_window(indicator, first, last, until))
        for parameter, field in TOPIC_FILTERS.items():
            if values := indicator.values_of(parameter):
                found = (
                    found.in_statuses(values)  # a closed topic counts under its outcome
                    if field == "status"
                    else found.filter(**{f"{field}__in": values})
                )
        if states := indicator.values_of("orders"):
            found = found.filter(pk__in=topics_in_order_state(states))
        return found
    if kind == RuleKind.OUTPUTS:
        return outputs(indicator, year, until)
    if kind == RuleKind.OUTPUTS_PER_LECTURER:
        return outputs(indicator, year, until, lecturers_only=True)
    if kind == RuleKind.EVENTS:
        found = dated(ScientificEvent.objects.all(), "held_on", first, last, until)
        levels = indicator.values_of("levels")
        return found.filter(level__in=levels) if levels else found
    if kind == RuleKind.BULLETIN_ISSUES:
        return dated(BulletinIssue.objects.all(), "published_on", first, last, until)
    if kind == RuleKind.LECTURERS_WITH_OUTPUTS:
        counted = outputs(indicator, year, until).values("pk")
        return (
            lecturers_of(indicator, year)
            .annotate(
                found=Count("authorships", filter=Q(authorships__output__in=counted), distinct=True)
            )
            .filter(found__gte=indicator.min_outputs)
        )
    if kind == RuleKind.LECTURERS_WITH_FIELDWORK:
        trips = dated(Fieldwork.objects.all(), "started_on", first, last, until)
        return lecturers_of(indicator, year).filter(fieldwork__in=trips).distinct()
    raise ValueError(kind)


def topics_in_window(indicator, first, last, until=None):
    """Which topics fall in the years `first`–`last` (up to `until`): those started in them, those
    running during them (started by their end, not ended before their start), or those accepted
    in them — any of the placements the indicator ticks."""
    window_start = datetime.date(first, 1, 1)
    window_end = datetime.date(last, 12, 31)
    if until is not None:
        window_end = min(window_end, until)
    # a topic has ended when it was accepted, or else at its planned end
    not_ended_before = Q(accepted_on__isnull=True, planned_end__gte=window_start) | Q(
        accepted_on__gte=window_start
    )
    conditions = {
        TopicPlacement.STARTED: Q(planned_start__gte=window_start, planned_start__lte=window_end),
        TopicPlacement.RUNNING: Q(planned_start__lte=window_end) & not_ended_before,
        TopicPlacement.ACCEPTED: Q(accepted_on__gte=window_start, accepted_on__lte=window_end),
        TopicPlacement.APPLIED: Q(pk__in=topics_applied_between(window_start, window_end)),
    }
    placements = indicator.values_of("placement") or DEFAULT_PLACEMENT
    return reduce(operator.or_, (conditions[placement] for placement in placements))


def counted_until(year, today):
    """Up to which day a year's records count: today while the year runs (a record dated later is
    not yet a fact), every day of a past year."""
    return today if year >= today.year else None


def dated_later(indicator, year, today):
    """The records of `year` dated after today: not counted, and most likely a typing error in
    the date (or a plan, for an event or a topic not yet started)."""
    until = counted_until(year, today)
    if until is None:
        return evidence(indicator, year).none()
    counted = evidence(indicator, year, until).values("pk")
    return evidence(indicator, year).exclude(pk__in=counted)


def path_for(indicator, by):
    """The lookup from the indicator's records to a unit (`by="unit"`) or a lecturer, or None."""
    return BREAKDOWN_PATHS[indicator.rule_kind].get(by)


def narrowed(indicator, year, by, value, until=None):
    """The evidence of `year` that belongs to one unit or one lecturer (each record once)."""
    records = evidence(indicator, year, until)
    return records.model.objects.filter(
        pk__in=records.values("pk"), **{path_for(indicator, by): value}
    )


def breakdown(indicator, year, by, until=None):
    """[(unit or lecturer, number of records)] for `year`, largest first; lecturers are the
    school's own as of that year. Two queries, whatever the data."""
    path = path_for(indicator, by)
    if path is None:
        return []
    records = evidence(indicator, year, until)
    rows = records.model.objects.filter(pk__in=records.values("pk"))
    if by == "person":
        rows = rows.filter(**{f"{path}__in": lecturers_of(indicator, year)})
    counts = dict(
        rows.filter(**{f"{path}__isnull": False})
        .values_list(path)
        .annotate(found=Count("pk", distinct=True))
        .order_by()
    )
    model = Unit if by == "unit" else Person
    found = model.objects.in_bulk(counts)
    return sorted(
        ((found[pk], count) for pk, count in counts.items()),
        key=lambda row: (-row[1], str(row[0])),
    )


def measure(indicator, year, until=None):
    """The indicator's value for `year`: a count, a share of lecturers (%) or a per-lecturer average."""
    count = evidence(indicator, year, until).count()
    if indicator.rule_kind == RuleKind.OUTPUTS_PER_LECTURER or indicator.measure == Measure.SHARE:
        lecturers = lecturers_of(indicator, year).count()
        if not lecturers:
            return Decimal(0)
        scale = 100 if indicator.measure == Measure.SHARE else 1
        return (Decimal(count * scale) / lecturers).quantize(TWO_PLACES, ROUND_HALF_UP)
    return Decimal(count)


def status_for(threshold, value, projected):
    if threshold is None:
        return Status.NO_THRESHOLD
    if value >= threshold:
        return Status.MET
    return Status.AT_RISK if projected >= threshold else Status.NOT_MET


@dataclass
class Result:
    indicator: object
    year: int
    value: Decimal
    projected: Decimal
    status: str
    status_level2: str

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def status_level2_label(self):
        return Status.LABELS[self.status_level2]


def evaluate(indicator, year, today):
    """Value as of `today`, projection to the year's end from what is already scheduled, and status
    against the level 1 and level 2 thresholds. Past years are complete: value and projection agree."""
    value = measure(indicator, year, until=counted_until(year, today))
    projected = measure(indicator, year)
    return Result(
        indicator=indicator,
        year=year,
        value=value,
        projected=projected,
        status=status_for(indicator.threshold_level1, value, projected),
        status_level2=status_for(indicator.threshold_level2, value, projected),
    )


def evidence_label(record):
    """How a record of the evidence is named in a snapshot and an export."""
    code = getattr(record, "code", None)
    if code:
        return f"{code} — {record.title}"
    return str(getattr(record, "display_name", None) or record)


def snapshot_rows(year, today):
    """Every indicator's value, thresholds, statuses and counted evidence for `year`, as plain
    data."""
    rows = []
    until = counted_until(year, today)
    for indicator in Indicator.objects.all():
        result = evaluate(indicator, year, today)
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit_label,
                "level1": str(indicator.threshold_level1)
                if indicator.threshold_level1 is not None
                else None,
                "level2": str(indicator.threshold_level2)
                if indicator.threshold_level2 is not None
                else None,
                "value": str(result.value),
                "status": result.status,
                "status_level2": result.status_level2,
                "evidence": [evidence_label(record) for record in evidence(indicator, year, until)],
            }
        )
    return rows


def trend(indicator, last_year, years=10):
    """(year, value) pairs for the `years` years ending with `last_year`, oldest first."""
    return [
        (year, measure(indicator, year)) for year in range(last_year - years + 1, last_year + 1)
    ]


def trend_svg_points(points, width=600, height=160, pad=24):
    """Coordinates of a polyline for `points` in an SVG of the given size (no scripts, no CDN)."""
    top = max((value for _, value in points), default=0) or 1
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    return [
        (
            round(pad + index * step, 1),
            round(height - pad - float(value) / float(top) * (height - 2 * pad), 1),
            year,
            value,
        )
        for index, (year, value) in enumerate(points)
    ]
