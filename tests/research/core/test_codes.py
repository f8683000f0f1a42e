"""Codes: prefixes are the school's data; numbers never collide, across levels or in parallel
(tests/research/core/test_parallel_writes.py)."""

from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from research.models import CodeCounter, CodePrefix, Proposal, Topic, TopicLevel
from tests.factories import OfficeStaffFactory, ProposalFactory, TopicFactory


class TopicCodeTests(TestCase):
    def next(self, level, year=2026):
        with transaction.atomic():
            return Topic.next_code(level, year)

    def test_numbers_run_through_the_year_across_levels(self):
        TopicFactory(code="K-2026-39", level=TopicLevel.FACULTY)
        TopicFactory(code="CS-2026-38")
        TopicFactory(code="CS-2025-77")
        self.assertEqual(self.next(TopicLevel.SCHOOL), "CS-2026-40")
        self.assertEqual(self.next(TopicLevel.FACULTY), "K-2026-41")
        self.assertEqual(self.next(TopicLevel.SCHOOL, 2025), "CS-2025-78")

    def test_prefixes_are_data(self):
        self.assertEqual(CodePrefix.of(TopicLevel.PROVINCIAL), "T")  # the neutral seed
        CodePrefix.objects.filter(scope=TopicLevel.PROVINCIAL).update(prefix="QB")
        self.assertEqual(self.next(TopicLevel.PROVINCIAL), "QB-2026-01")

    def test_a_code_typed_by_hand_is_skipped(self):
        self.assertEqual(self.next(TopicLevel.SCHOOL), "CS-2026-01")
        TopicFactory(code="CS-2026-02")  # the office typed it in the admin
        self.assertEqual(self.next(TopicLevel.SCHOOL), "CS-2026-03")
        self.assertEqual(CodeCounter.objects.get(series="topic-2026").last, 3)


class ProposalCodeTests(TestCase):
    def test_proposals_are_numbered_from_their_prefix(self):
        first, second = ProposalFactory(), ProposalFactory()
        year = first.created_at.year
        self.assertEqual((first.code, second.code), (f"DX-{year}-001", f"DX-{year}-002"))
        CodePrefix.objects.filter(scope="proposal").update(prefix="ĐX")
        self.assertEqual(ProposalFactory().code, f"ĐX-{year}-003")
        self.assertEqual(Proposal.objects.count(), 3)

    def test_the_office_edits_prefixes_in_the_admin(self):
        self.client.force_login(OfficeStaffFactory())
        prefix = CodePrefix.objects.get(scope=TopicLevel.PROVINCIAL)
        response = self.client.post(
            reverse("research_code_prefix:edit", args=[prefix.pk]),
            {"scope": TopicLevel.PROVINCIAL, "prefix": "QT"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(CodePrefix.of(TopicLevel.PROVINCIAL), "QT")
        response = self.client.post(
            reverse("research_code_prefix:edit", args=[prefix.pk]),
            {"scope": TopicLevel.PROVINCIAL, "prefix": "Q T/"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(CodePrefix.of(TopicLevel.PROVINCIAL), "QT")
