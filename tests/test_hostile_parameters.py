"""Bad input gets a clear answer, never a 500: every public, workspace and admin page, asked by the
role that uses it, with each of its query parameters set to each hostile value, and with ids past
the database's integer range in its path. Figures in docs/reliability.md."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from cms.models import NewsPage, OutputPage, PersonPage, TopicPage
from research.models import (
    Call,
    Indicator,
    Person,
    Proposal,
    ProposalStatus,
    ResearchPlan,
    Review,
    Topic,
    TopicStatus,
    Unit,
)
from tests.demodb import load_demo
from tests.statuses import statuses_only

TODAY = datetime.date(2026, 11, 26)


def demo_user(username):
    return get_user_model().objects.get(username=username)


HUGE = "99999999999999999999"
# What a careless or hostile visitor puts in a query string.
HOSTILE = [
    "-1",
    "0",
    "1e9",
    HUGE,
    "abc",
    '"',
    "9999-12",
    "1-1",
    "javascript:alert(1)",
    "x" * 5000,
]
# Parameters every listing may receive, beside its own.
COMMON = ["page", "q", "sort"]


class HostileParameterSweep(TestCase):
    maxDiff = None
    requests_made = 0

    @classmethod
    def setUpTestData(cls):
        load_demo(TODAY)
        if connection.vendor == "postgresql":
            # Statistics, as autovacuum gives a real database: without them PostgreSQL plans the
            # author and team joins of ~2,000 pages as if the tables were empty (seconds each).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    @statuses_only()
    def sweep(self, username, pages):
        """GET each page with each parameter set to each hostile value; return the failures."""
        self.client.raise_request_exception = False
        self.client.logout()
        if username:
            self.client.force_login(demo_user(username))
        failures = []
        for url, parameters in pages:
            for name in [*parameters, *COMMON]:
                for value in HOSTILE:
                    response = self.client.get(url, {name: value})
                    type(self).requests_made += 1
                    if response.status_code >= 500:
                        failures.append(f"{username or 'anonymous'} {url}?{name}={value[:20]}")
        return failures

    def test_public_pages(self):
        topic = TopicPage.objects.live().first()
        output = OutputPage.objects.live().first()
        pages = [
            ("/", []),
            ("/de-tai/", ["level", "year", "unit", "field", "ordering_body"]),
            ("/thu-vien/", ["kind", "year", "unit", "field"]),
            ("/giang-vien/", ["unit"]),
            ("/tin-tuc/", []),
            (topic.url, []),
            (output.url, []),
            (PersonPage.objects.live().first().url, []),
            (NewsPage.objects.live().first().url, []),
            (
                reverse("search:search"),
                ["level", "year", "kind", "unit", "field", "status", "type", "format"],
            ),
            (reverse("search:suggest"), []),
            ("/sitemap.xml", []),
            ("/sitemap-pages.xml", ["p"]),
            (reverse("login"), ["next"]),
            ("/en/", []),
        ]
        self.assertEqual(self.sweep(None, pages), [])

    def test_workspace_pages(self):
        proposal = Proposal.objects.filter(status=ProposalStatus.IN_REVIEW).first()
        call = Call.objects.first()
        lecturer_pages = [
            (reverse("research:dashboard"), []),
            (reverse("research:proposal-list"), ["status", "call"]),
            (reverse("research:proposal-create"), ["call"]),
            (reverse("research:calendar"), ["month"]),
            (reverse("research:contribution"), ["year"]),
            (reverse("research:review-list"), ["submitted"]),
            (
                reverse("research:proposal-similar"),
                ["title", "keyword_list", "objectives", "proposal"],
            ),
        ]
        lecturer = Proposal.objects.filter(principal__user__username="giangvien").first()
        lecturer_pages += [
            (lecturer.get_absolute_url(), []),
            (reverse("research:proposal-compare", args=[lecturer.pk]), ["a", "b"]),
        ]
        failures = self.sweep("giangvien", lecturer_pages)
        review = Review.objects.filter(proposal=proposal).first()
        council_pages = [
            (reverse("research:review-list"), ["submitted"]),
            (reverse("research:review-detail", args=[review.pk]), []),
            (reverse("research:proposal-meeting", args=[proposal.pk]), []),
        ]
        failures += self.sweep("hoidong", council_pages)
        topic = Topic.objects.filter(status=TopicStatus.IN_PROGRESS).first()
        failures += self.sweep(
            "phongnckh",
            [
                (reverse("research:topic-detail", args=[topic.pk]), []),
                (reverse("research:proposal-create"), ["call"]),
                (reverse("research:calendar"), ["month"]),
                (reverse("research:proposal-detail", args=[proposal.pk]), []),
            ],
        )
        self.assertIsNotNone(call)
        self.assertEqual(failures, [])

    def test_admin_pages(self):
        indicator = Indicator.objects.first()
        plan = ResearchPlan.objects.get()  # the demo's plan
        listing = ["unit", "ordering_body", "field", "status", "level", "origin", "year", "kind"]
        pages = [
            (reverse("research_topic:index"), [*listing, "overdue", "legal_basis"]),
            (reverse("research_output:index"), ["kind", "year", "is_public"]),
            (reverse("research_person:index"), ["kind", "unit", "degree", "academic_title"]),
            (reverse("research_proposal:index"), ["status", "call", "level", "origin"]),
            (reverse("research_call:index"), ["year", "level"]),
            (reverse("research_event:index"), ["level", "kind"]),
            (reverse("research_bulletin:index"), ["year"]),
            (reverse("research_council:index"), []),
            (reverse("research_legal_ground:index"), []),
            (plan_page := (reverse("research_plan:inspect", args=[plan.pk]), ["year"])),
            (reverse("research_order:index"), ["status", "ordering_body", "kind"]),
            (reverse("research_order_submission:index"), ["year", "status", "ordering_body"]),
            (reverse("research_order:add"), ["line"]),
            (reverse("research_reports:deadlines"), [*listing, "overdue", "kind", "due"]),
            (reverse("research_reports:funding"), [*listing, "source"]),
            (reverse("research_reports:standard"), ["year"]),
            (
                reverse("research_reports:standard_evidence", args=[indicator.pk]),
                ["year", "unit", "person"],
            ),
            (reverse("research_reports:standard_export"), ["year"]),
            (reverse("research_reports:standard_print"), ["year"]),
            (reverse("wagtailadmin_reports:site_history"), ["action", "user", "timestamp"]),
        ]
        self.assertEqual(self.sweep("phongnckh", pages), [])
        self.assertEqual(self.sweep("lanhdao", [*pages[-5:-1], plan_page]), [])

    def test_ids_past_the_integer_range_are_not_found(self):
        self.client.raise_request_exception = False
        self.client.force_login(demo_user("phongnckh"))
        failures = []
        for name in (
            "research:proposal-detail",
            "research:proposal-meeting",
            "research:proposal-minutes",
            "research:proposal-compare",
            "research:topic-detail",
            "research:topic-meeting",
            "research:review-detail",
            "research_topic:inspect",
            "research_topic:edit",
            "research_proposal:inspect",
            "research_output:edit",
            "research_person:edit",
            "research_reports:standard_evidence",
        ):
            url = reverse(name, args=[1]).replace("/1/", f"/{HUGE}/")
            response = self.client.get(url)
            type(self).requests_made += 1
            if response.status_code != 404:
                failures.append(f"{url}: {response.status_code}")
        self.assertEqual(failures, [])

    def test_ids_in_query_strings_of_every_known_choice_are_bounded(self):
        """The same as the sweep, with real-looking ids: a unit or a person that does not exist."""
        self.client.force_login(demo_user("phongnckh"))
        missing = Unit.objects.order_by("-pk").first().pk + 1000
        person = Person.objects.order_by("-pk").first().pk + 1000
        url = reverse("research_reports:standard_evidence", args=[Indicator.objects.first().pk])
        self.assertEqual(self.client.get(url, {"unit": missing}).status_code, 404)
        self.assertEqual(self.client.get(url, {"person": person}).status_code, 404)
