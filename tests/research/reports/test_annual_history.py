"""Issue 20, item 17: the annual report's “running” for a past year comes from each record's
history (when it started, when it left its running statuses), not from today's status."""

import datetime

from django.test import TestCase
from django.utils import timezone
from wagtail.log_actions import log

from research.models import TopicGrade, TopicLevel, TopicStatus
from research.reports.annual.data import AnnualReport
from tests.factories import OfficeStaffFactory, TopicFactory


def running_row(report):
    table = next(t for t in report.tables() if t.key == "topics_by_level")
    row = next((r for r in table.rows if r[0] == str(TopicLevel.SCHOOL.label)), None)
    return row[2] if row else 0


def key_running(report):
    _label, value, _kind = report.key_figures()[1]  # topics started, running, accepted…
    return value


class RunningFromHistoryTests(TestCase):
    def test_a_topic_accepted_this_year_was_running_in_the_years_before(self):
        year = timezone.localdate().year
        TopicFactory(
            level=TopicLevel.SCHOOL,
            planned_start=datetime.date(year - 3, 1, 1),
            planned_end=datetime.date(year - 2, 12, 31),
            status=TopicStatus.ACCEPTED,
            grade=TopicGrade.GOOD,
            accepted_on=datetime.date(year - 1, 3, 1),
        )
        self.assertEqual(running_row(AnnualReport(year - 3)), 1)
        self.assertEqual(running_row(AnnualReport(year - 2)), 1)
        self.assertEqual(key_running(AnnualReport(year - 2)), 1)
        self.assertEqual(running_row(AnnualReport(year - 4)), 0)  # not begun yet
        self.assertEqual(running_row(AnnualReport(year)), 0)  # accepted last year

    def test_the_audit_log_says_when_a_topic_stopped_running(self):
        year = timezone.localdate().year
        office = OfficeStaffFactory()
        terminated = TopicFactory(
            level=TopicLevel.SCHOOL,
            planned_start=datetime.date(year - 4, 1, 1),
            planned_end=datetime.date(year - 1, 12, 31),
            status=TopicStatus.TERMINATED,
        )
        withdrawn = TopicFactory(
            level=TopicLevel.SCHOOL,
            planned_start=datetime.date(year - 4, 1, 1),
            planned_end=datetime.date(year - 1, 12, 31),
            status=TopicStatus.WITHDRAWN,
        )
        for topic in (terminated, withdrawn):
            entry = log(
                instance=topic,
                action="research.topic.status",
                user=office,
                data={"from": "in_progress", "to": topic.status, "reason": "", "grade": ""},
            )
            type(entry).objects.filter(pk=entry.pk).update(
                timestamp=timezone.make_aware(datetime.datetime(year - 3, 6, 1, 9, 0))
            )
        # Both ran in year-4 and until mid year-3, though planned to the end of year-1.
        self.assertEqual(running_row(AnnualReport(year - 4)), 2)
        self.assertEqual(running_row(AnnualReport(year - 3)), 2)
        self.assertEqual(running_row(AnnualReport(year - 2)), 0)
        # A withdrawn topic with no history of running never counts.
        TopicFactory(
            level=TopicLevel.SCHOOL,
            planned_start=datetime.date(year - 4, 1, 1),
            planned_end=datetime.date(year - 4, 12, 31),
            status=TopicStatus.WITHDRAWN,
        )
        self.assertEqual(running_row(AnnualReport(year - 4)), 2)
