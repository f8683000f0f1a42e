"""What it takes beside the live value, on the criterion dashboard and the leadership's landing
page; it moves when an output is verified and when a topic is accepted."""

import datetime
import re

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from research.models import Indicator, OutputAuthor, TopicStatus
from research.outputs.actions import VerifyDeclaration
from research.planning.actions import ApprovePlan, ProposeTargets, SubmitPlan
from research.planning.models import ResearchPlan
from tests.factories import (
    LeadershipFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
)


def row(response, code):
    html = response.content.decode()
    return re.search(rf'<tr data-indicator="{re.escape(code)}">(.*?)</tr>', html, re.S).group(1)


class WhatItTakesOnTheDashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.leadership = LeadershipFactory()
        cls.today = timezone.localdate()
        cls.by = f"31/12/{cls.today.year}"
        Indicator.objects.filter(code="4.6").update(threshold_level1=2, threshold_level2=3)
        Indicator.objects.filter(code="4.2").update(
            parameters={"levels": ["school"], "placement": ["accepted"]},
            threshold_level1=1,
            threshold_level2=2,
        )
        lecturer = LecturerUserFactory()
        cls.person = PersonFactory(user=lecturer)
        for verification in ("verified", "pending"):
            output = OutputFactory(
                kind="journal_article",
                published_on=cls.today,
                verification=verification,
                declared_by=lecturer,
            )
            OutputAuthor.objects.create(output=output, person=cls.person)
            if verification == "pending":
                cls.pending = output
        cls.topic = TopicFactory(  # due after the year's end: not expected in time
            status=TopicStatus.IN_PROGRESS,
            planned_start=datetime.date(cls.today.year, 1, 1),
            planned_end=datetime.date(cls.today.year + 1, 6, 30),
        )

    def dashboard(self):
        return self.client.get(reverse("research_reports:standard"))

    def test_it_moves_when_an_output_is_verified(self):
        self.client.force_login(self.office)
        articles = row(self.dashboard(), "4.6")
        self.assertIn("data-what-it-takes", articles)
        self.assertIn(f"Mức 1: cần thêm 1 trước {self.by}", articles)
        self.assertIn(f"Mức 2: cần thêm 2 trước {self.by}", articles)
        VerifyDeclaration(self.pending, user=self.office, accept=True).execute()
        articles = row(self.dashboard(), "4.6")
        self.assertIn("Mức 1: đã đạt, giữ được", articles)
        self.assertIn(f"Mức 2: cần thêm 1 trước {self.by}", articles)

    def test_it_moves_when_a_topic_is_accepted(self):
        self.client.force_login(self.office)
        self.assertIn(f"Mức 1: cần thêm 1 trước {self.by}", row(self.dashboard(), "4.2"))
        self.topic.status, self.topic.grade = TopicStatus.ACCEPTED, "good"
        self.topic.accepted_on = self.today
        self.topic.save()
        topics = row(self.dashboard(), "4.2")
        self.assertIn("Mức 1: đã đạt, giữ được", topics)
        self.assertIn(f"Mức 2: cần thêm 1 trước {self.by}", topics)

    def test_a_past_year_takes_nothing_and_the_approved_plans_target_is_shown(self):
        self.client.force_login(self.office)
        plan = ResearchPlan.objects.create(
            title="KH", first_year=self.today.year, last_year=self.today.year + 4
        )
        ProposeTargets(plan, user=self.office).execute()
        self.assertNotIn("data-plan-target", row(self.dashboard(), "4.6"))  # not approved yet
        SubmitPlan(plan, user=self.office).execute()
        ApprovePlan(plan, user=self.leadership).execute()
        self.assertIn("<span data-plan-target>2</span>", row(self.dashboard(), "4.6"))
        past = self.client.get(reverse("research_reports:standard"), {"year": self.today.year - 1})
        self.assertNotIn("data-what-it-takes", row(past, "4.6"))

    def test_the_leaderships_landing_page_shows_it(self):
        self.client.force_login(self.leadership)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertIn(f"Mức 1: cần thêm 1 trước {self.by}", row(home, "4.6"))
