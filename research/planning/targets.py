"""The targets a plan proposes, from each indicator's thresholds and window (data, never numbers in
the code): the value rises from the level-1 threshold in the first year to the plan's aim in the
last; a year adds its share of a window's records."""

import math
from decimal import ROUND_HALF_UP, Decimal

from research.planning.models import TargetLevel
from research.planning.requirements import scale_of
from research.standard.models import Indicator

TWO_PLACES = Decimal("0.01")


def proposed_value(indicator, plan, year):
    """The indicator's target for `year` of `plan`, or None when it has no threshold."""
    level1, level2 = indicator.threshold_level1, indicator.threshold_level2
    start = level1 if level1 is not None else level2
    if start is None:
        return None
    end = level2 if plan.aim == TargetLevel.LEVEL2 and level2 is not None else start
    span = plan.last_year - plan.first_year
    step = Decimal(year - plan.first_year) / span if span else Decimal(1)
    value = start + (end - start) * step
    if scale_of(indicator) == "count":
        return Decimal(math.ceil(value))
    return value.quantize(TWO_PLACES, ROUND_HALF_UP)


def proposed_new_records(indicator, target):
    """How many records of its own year keep a window of several years at `target`: the year's
    share of it (all of it for an indicator counted per year); None for a share or an average."""
    if scale_of(indicator) != "count":
        return None
    return math.ceil(target / indicator.window_years)


def proposals(plan):
    """[(indicator, year, target, new records)] for every indicator with a threshold."""
    rows = []
    for indicator in Indicator.objects.all():
        for year in plan.years:
            value = proposed_value(indicator, plan, year)
            if value is not None:
                rows.append((indicator, year, value, proposed_new_records(indicator, value)))
    return rows
