import datetime

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from research.core.permissions import Roles
from research.models import CalendarToken, CouncilMeeting, Deadline, DeadlineKind
from tests.factories import (
    CallFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    TopicFactory,
    proposal_in_review,
)


# The deadlines below fall on 01/07/2026: the clock is set before them, so that the feed (a year
# back, two ahead) holds them whatever day the suite runs.
@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0), tick=False)
class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pi = PersonWithLoginFactory(user__role=Roles.LECTURER)
        cls.other = PersonWithLoginFactory(user__role=Roles.LECTURER)
        cls.mine = TopicFactory(code="CS-2026-11", in_progress=True, principal=cls.pi)
        cls.theirs = TopicFactory(code="CS-2026-12", in_progress=True, principal=cls.other)
        for topic, person in ((cls.mine, cls.pi), (cls.theirs, cls.other)):
            Deadline.objects.create(
                topic=topic,
                kind=DeadlineKind.PROGRESS_REPORT,
                due_on=datetime.date(2026, 7, 1),
                responsible=person,
            )

    def test_month_view_shows_own_deadlines_only(self):
        self.client.force_login(self.pi.user)
        response = self.client.get(reverse("research:calendar"), {"month": "2026-07"})
        self.assertContains(response, "CS-2026-11: Báo cáo tiến độ")
        self.assertNotContains(response, "CS-2026-12")
        self.assertContains(response, "01/07/2026")

    def test_the_office_sees_every_deadline(self):
        self.client.force_login(OfficeStaffFactory())
        response = self.client.get(reverse("research:calendar"), {"month": "2026-07"})
        self.assertContains(response, "CS-2026-11")
        self.assertContains(response, "CS-2026-12")

    def test_a_bad_month_falls_back_to_this_month(self):
        self.client.force_login(self.pi.user)
        self.assertEqual(
            self.client.get(reverse("research:calendar"), {"month": "xx"}).status_code, 200
        )

    def test_ical_feed_with_a_secret_revocable_token(self):
        self.client.force_login(self.pi.user)
        self.client.post(reverse("research:calendar-renew"))
        token = CalendarToken.objects.get(user=self.pi.user).token
        self.client.logout()
        response = self.client.get(reverse("research:calendar-feed", args=[token]))
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual([str(e["SUMMARY"]) for e in events], ["CS-2026-11: Báo cáo tiến độ"])
        self.assertEqual(events[0].decoded("DTSTART"), datetime.date(2026, 7, 1))
        # revoking: a new token replaces the old one
        self.client.force_login(self.pi.user)
        self.client.post(reverse("research:calendar-renew"))
        self.client.logout()
        self.assertEqual(
            self.client.get(reverse("research:calendar-feed", args=[token])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("research:calendar-feed", args=["guess"])).status_code, 404
        )

    def test_the_first_address_is_not_announced_as_replacing_one(self):
        """Issue 23, item 9: the first address was announced as “the old one no longer works”."""
        self.client.force_login(self.pi.user)
        first = self.client.post(reverse("research:calendar-renew"), follow=True)
        self.assertContains(first, "hãy thêm địa chỉ này vào lịch")
        self.assertNotContains(first, "địa chỉ cũ không còn")
        again = self.client.post(reverse("research:calendar-renew"), follow=True)
        self.assertContains(again, "địa chỉ cũ không còn dùng được")

    def test_calendar_pages_need_a_login(self):
        response = self.client.get(reverse("research:calendar"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.post(reverse("research:calendar-renew")).status_code, 302)
        self.assertFalse(CalendarToken.objects.exists())


def feed_of(client, user):
    client.force_login(user)
    client.post(reverse("research:calendar-renew"))
    client.logout()
    token = CalendarToken.objects.get(user=user).token
    return Calendar.from_ical(client.get(reverse("research:calendar-feed", args=[token])).content)


# The call below closes on 10/12/2026 and its council meets on 22/12: the clock is set while it
# is open.
@time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0), tick=False)
class OneCalendarTests(TestCase):
    """Calls closing, score sheets due and council meetings beside the deadlines, for whom they
    concern, in the month view and the feed."""

    MONTH = datetime.date(2026, 12, 1)

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        closes = timezone.make_aware(datetime.datetime(2026, 12, 10, 17, 0))
        cls.call = CallFactory(
            title="Đợt đăng ký năm 2027",
            opens_at=closes - datetime.timedelta(days=30),
            closes_at=closes,
            review_due_on=datetime.date(2026, 12, 18),
            blind_review=True,
        )
        cls.proposal = proposal_in_review(
            office=cls.office,
            call=cls.call,
            title="Nâng cao chất lượng sinh hoạt chi bộ",
            principal__full_name="Trần Thị Minh Hương",
        )
        cls.member = cls.proposal.reviews.first().member.person
        CouncilMeeting.objects.create(
            proposal=cls.proposal,
            round=cls.proposal.current_round,
            held_on=datetime.date(2026, 12, 22),
            starts_at=datetime.time(8, 30),
            venue="Phòng họp tầng 2",
            reviews_due_on=datetime.date(2026, 12, 18),
        )
        cls.stranger = PersonWithLoginFactory(user__role=Roles.LECTURER)

    def month(self, user):
        self.client.force_login(user)
        response = self.client.get(reverse("research:calendar"), {"month": "2026-12"})
        self.assertEqual(response.status_code, 200)
        return [(entry.kind, entry.day.day) for entry in response.context["entries"]]

    def test_each_role_sees_what_concerns_them(self):
        self.assertEqual(
            self.month(self.member.user), [("call", 10), ("review", 18), ("meeting", 22)]
        )
        self.assertEqual(self.month(self.proposal.principal.user), [("call", 10), ("meeting", 22)])
        self.assertEqual(self.month(self.stranger.user), [("call", 10)])
        self.assertEqual(self.month(self.office), [("call", 10), ("meeting", 22)])

    def test_the_meeting_shows_its_time_and_venue_and_the_call_its_hour(self):
        self.client.force_login(self.member.user)
        response = self.client.get(reverse("research:calendar"), {"month": "2026-12"})
        self.assertContains(response, "22/12/2026 08:30")
        self.assertContains(response, "Phòng họp tầng 2")
        self.assertContains(response, "10/12/2026 17:00")

    def test_a_submitted_sheet_leaves_the_calendar(self):
        self.proposal.reviews.filter(member__person=self.member).update(submitted_at=timezone.now())
        self.assertEqual(self.month(self.member.user), [("call", 10), ("meeting", 22)])

    def test_blind_review_hides_the_proposer_in_the_calendar(self):
        self.proposal.title = "Kinh nghiệm của Trần Thị Minh Hương ở cơ sở"
        self.proposal.save(update_fields=["title"])
        self.client.force_login(self.member.user)
        response = self.client.get(reverse("research:calendar"), {"month": "2026-12"})
        self.assertNotContains(response, "Minh Hương")
        feed = feed_of(self.client, self.member.user).to_ical().decode()
        self.assertNotIn("Minh Hương", feed)

    def test_the_feed_carries_the_same_with_times_and_places(self):
        events = {
            str(event["UID"]).split("@")[0]: event
            for event in feed_of(self.client, self.member.user).walk("VEVENT")
        }
        meeting = next(event for uid, event in events.items() if uid.startswith("meeting-"))
        self.assertEqual(str(meeting["LOCATION"]), "Phòng họp tầng 2")
        start = meeting.decoded("DTSTART")
        self.assertEqual(
            (start.date(), start.hour, start.minute), (datetime.date(2026, 12, 22), 8, 30)
        )
        self.assertEqual(sorted(uid.split("-")[0] for uid in events), ["call", "meeting", "review"])

    def test_the_month_costs_the_same_queries_however_full(self):
        self.client.force_login(self.office)
        url = reverse("research:calendar")
        self.client.get(url, {"month": "2026-12"})  # sessions and caches warmed
        with CaptureQueriesContext(connection) as before:
            self.client.get(url, {"month": "2026-12"})
        for _ in range(3):
            topic = TopicFactory(in_progress=True)
            Deadline.objects.create(
                topic=topic, kind=DeadlineKind.PROGRESS_REPORT, due_on=datetime.date(2026, 12, 5)
            )
            CallFactory(closes_at=self.call.closes_at, opens_at=self.call.opens_at)
            CouncilMeeting.objects.create(
                topic=topic,
                round=1,
                held_on=datetime.date(2026, 12, 23),
                starts_at=datetime.time(14, 0),
                venue="Hội trường",
            )
        with CaptureQueriesContext(connection) as after:
            self.client.get(url, {"month": "2026-12"})
        self.assertEqual(len(after), len(before))


class TopicWorkspaceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pi = PersonWithLoginFactory(user__role=Roles.LECTURER)
        cls.topic = TopicFactory(in_progress=True, principal=cls.pi)

    def test_permissions(self):
        urls = [
            reverse("research:topic-detail", args=[self.topic.pk]),
            reverse("research:topic-report", args=[self.topic.pk]),
            reverse("research:topic-request", args=[self.topic.pk]),
        ]
        users = {
            "principal": (self.pi.user, [200, 200, 200]),
            "office": (OfficeStaffFactory(), [200, 200, 200]),
            "other lecturer": (
                PersonWithLoginFactory(user__role=Roles.LECTURER).user,
                [403, 403, 403],
            ),
        }
        for role, (user, codes) in users.items():
            self.client.force_login(user)
            for url, code in zip(urls, codes, strict=True):
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, code)
        self.client.logout()
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 302)

    def test_a_bad_report_keeps_what_was_typed(self):
        self.client.force_login(self.pi.user)
        response = self.client.post(
            reverse("research:topic-report", args=[self.topic.pk]),
            {"text": "Đã khảo sát", "percent_done": "140"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Đã khảo sát")
        self.assertContains(response, 'value="140"')
        self.assertFalse(self.topic.progress_reports.exists())

    def test_an_extension_beyond_the_rule_is_explained(self):
        self.client.force_login(self.pi.user)
        response = self.client.post(
            reverse("research:topic-request", args=[self.topic.pk]),
            {"kind": "extension", "reason": "Khảo sát kéo dài", "months": "18", "details": ""},
        )
        self.assertContains(response, "Quy định chỉ cho phép gia hạn tối đa 12 tháng.")
        self.assertContains(response, "Khảo sát kéo dài")
