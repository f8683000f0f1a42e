from django.test import TestCase

from bench.corpus import Corpus
from research.models import BulletinIssue, Output, OutputAuthor, ScientificEvent, Topic


class CorpusTests(TestCase):
    def test_the_synthetic_corpus_has_the_sizes_asked_for_and_valid_rows(self):
        Corpus(topics=30, outputs=80, events=6, issues=4, years=2, last_year=2025).write()
        self.assertEqual(Topic.objects.count(), 30)
        self.assertEqual(Output.objects.count(), 80)
        self.assertEqual(ScientificEvent.objects.count(), 6)
        self.assertEqual(BulletinIssue.objects.count(), 4)
        years = {day.year for day in Topic.objects.dates("planned_start", "year")}
        self.assertEqual(years, {2024, 2025})
        self.assertFalse(Output.objects.filter(authors__isnull=True).exists())
        self.assertGreater(OutputAuthor.objects.count(), 80)
        for topic in Topic.objects.all()[:5]:
            topic.full_clean()
