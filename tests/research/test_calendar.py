import datetime

from django.test import TestCase
from django.urls import reverse
from icalendar import Calendar

from research.models import CalendarToken, Deadline, DeadlineKind
from research.permissions import Roles
from tests.factories import OfficeStaffFactory, PersonWithLoginFactory, TopicFactory


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

    def test_calendar_pages_need_a_login(self):
        response = self.client.get(reverse("research:calendar"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.post(reverse("research:calendar-renew")).status_code, 302)
        self.assertFalse(CalendarToken.objects.exists())


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
