"""Every page a demo user can reach renders: no server error anywhere, whoever asks."""

import datetime

from django.test import TestCase
from django.urls import reverse

from research.demo.loader import DEMO_PASSWORD, DEMO_USERS
from research.models import Council, Output, Person, Proposal, Review, Topic
from tests.demodb import load_demo
from tests.statuses import statuses_only

TODAY = datetime.date(2026, 11, 26)


class DemoSmokeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(TODAY)

    def urls(self):
        topic = Topic.objects.overdue().filter(level="provincial").first()
        proposal = Proposal.objects.get(status="in_review")
        review = Review.objects.filter(proposal=proposal).first()
        urls = [
            "/",
            reverse("research:dashboard"),
            reverse("research:proposal-list"),
            reverse("research:review-list"),
            reverse("research:calendar"),
            proposal.get_absolute_url(),
            reverse("research:proposal-meeting", args=[proposal.pk]),
            reverse("research:review-detail", args=[review.pk]),
            reverse("research:topic-detail", args=[topic.pk]),
            "/admin/",
            reverse("research_reports:deadlines"),
            reverse("research_reports:funding"),
            reverse("research_reports:standard"),
            reverse("research_topic:inspect", args=[topic.pk]),
            reverse("research_topic:edit", args=[topic.pk]),
            reverse("research_topic:history", args=[topic.pk]),
            reverse("research_proposal:inspect", args=[proposal.pk]),
            reverse("research_output:edit", args=[Output.objects.first().pk]),
            reverse("research_person:edit", args=[Person.objects.first().pk]),
            reverse("research_council:edit", args=[Council.objects.first().pk]),
        ]
        for namespace in (
            "research_topic",
            "research_proposal",
            "research_call",
            "research_council",
            "research_rubric",
            "research_deadline_rule",
            "research_output",
            "research_person",
            "research_unit",
        ):
            urls.append(reverse(f"{namespace}:index"))
        return urls

    @statuses_only()
    def test_no_page_fails_for_any_demo_user(self):
        urls = self.urls()
        for username, *_ in DEMO_USERS:
            self.client.logout()
            self.assertTrue(self.client.login(username=username, password=DEMO_PASSWORD))
            for url in urls:
                with self.subTest(user=username, url=url):
                    self.assertIn(self.client.get(url).status_code, (200, 302, 403, 404))
