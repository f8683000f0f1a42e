"""The iCal feed as calendar apps read it (issue 22, item 11), checked by RFC 5545 parsers nobody
here wrote: `ical` (strict) and vobject's validation. Every TZID has its VTIMEZONE; a deadline
is an all-day event, a call's closing a moment, not a three-hour event."""

import datetime

import vobject
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream

from research.core.permissions import Roles
from research.models import CalendarToken, Deadline, DeadlineKind
from tests.factories import CallFactory, PersonWithLoginFactory, TopicFactory


class FeedStandardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pi = PersonWithLoginFactory(user__role=Roles.LECTURER)
        topic = TopicFactory(code="CS-2026-21", in_progress=True, principal=cls.pi)
        cls.due = timezone.localdate() + datetime.timedelta(days=20)
        Deadline.objects.create(
            topic=topic, kind=DeadlineKind.PROGRESS_REPORT, due_on=cls.due, responsible=cls.pi
        )
        day = timezone.localdate() + datetime.timedelta(days=12)
        cls.closes = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
        cls.call = CallFactory(closes_at=cls.closes)

    def feed(self):
        self.client.force_login(self.pi.user)
        self.client.post(reverse("research:calendar-renew"))
        self.client.logout()
        token = CalendarToken.objects.get(user=self.pi.user).token
        response = self.client.get(reverse("research:calendar-feed", args=[token]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_feed_is_valid_rfc_5545_with_its_time_zone(self):
        text = self.feed()
        self.assertTrue(vobject.readOne(text).validate())
        calendar = IcsCalendarStream.calendar_from_ics(text)
        defined = {zone.tz_id for zone in calendar.timezones}
        used = {
            line.split("TZID=", 1)[1].split(":", 1)[0]
            for line in text.splitlines()
            if "TZID=" in line
        }
        self.assertTrue(used, "the call's closing is a local time")
        self.assertLessEqual(used, defined)
        self.assertIn("Asia/Ho_Chi_Minh", defined)

    def test_a_deadline_is_all_day_and_a_closing_is_a_moment(self):
        calendar = IcsCalendarStream.calendar_from_ics(self.feed())
        events = {event.uid.split("@")[0]: event for event in calendar.events}
        deadline = next(e for uid, e in events.items() if uid.startswith("deadline"))
        self.assertEqual(deadline.dtstart, self.due)
        self.assertNotIsInstance(deadline.dtstart, datetime.datetime)
        closing = events[f"call-{self.call.pk}"]
        self.assertEqual(closing.dtstart, self.closes)
        self.assertEqual(closing.end, closing.start)
        self.assertEqual(closing.dtstart.utcoffset(), datetime.timedelta(hours=7))
