"""cms.facet_index: a listing's facets as bitmaps, checked against the same counting done by
hand over the rows (the listings' own tests, in test_public and test_pagecache, go through the
database)."""

import itertools
import random

from django.test import SimpleTestCase
from django.utils import translation

from cms.facet_index import FacetIndex
from research.models import OutputKind

UNITS = {1: "Khoa Xây dựng Đảng", 2: "Khoa Lý luận cơ sở", 3: "Ban Đào tạo", 4: "Khoa Dân vận"}
KINDS = [OutputKind.MONOGRAPH, OutputKind.JOURNAL_ARTICLE, OutputKind.PROCEEDINGS_PAPER]
OPTION_NAMES = {"kind": OutputKind, "year": None, "unit": "unit__name"}


def bitmap(positions):
    return sum(1 << at for at in positions)


class FacetIndexTests(SimpleTestCase):
    def setUp(self):
        # 203 rows (more than ten pages of twenty): a kind and a year each, zero to two units
        chance = random.Random(7)
        self.rows = [
            {
                "pk": 1000 + number,
                "kind": chance.choice(KINDS).value,
                "year": chance.choice([2023, 2024, 2025]),
                "unit": set(chance.sample(sorted(UNITS), chance.choice([0, 1, 2]))),
            }
            for number in range(203)
        ]
        values = {
            name: {value for row in self.rows for value in self.values(row, name)}
            for name in OPTION_NAMES
        }
        bitmaps = {
            name: {
                value: bitmap(
                    at for at, row in enumerate(self.rows) if value in self.values(row, name)
                )
                for value in found
            }
            for name, found in values.items()
        }
        labels = {"kind": {}, "year": {}, "unit": UNITS}
        self.index = FacetIndex([row["pk"] for row in self.rows], bitmaps, labels)

    @staticmethod
    def values(row, name):
        return row[name] if name == "unit" else {row[name]}

    def left(self, active, leaving_out=None):
        return [
            row
            for row in self.rows
            if all(
                value in self.values(row, name)
                for name, value in active.items()
                if name != leaving_out
            )
        ]

    def choices(self):
        kinds = [None, *(kind.value for kind in KINDS), "thesis"]  # thesis: no row holds it
        units = [None, *UNITS, 99]
        for kind, year, unit in itertools.product(kinds, [None, 2024, 2030], units):
            active = {"kind": kind, "year": year, "unit": unit}
            yield {name: value for name, value in active.items() if value is not None}

    def test_each_option_counts_the_rows_the_other_choices_leave_each_once(self):
        for active in self.choices():
            with self.subTest(active=active):
                facets = self.index.options(active, OPTION_NAMES)
                for name in OPTION_NAMES:
                    others = self.left(active, leaving_out=name)
                    expected = {
                        value: sum(value in self.values(row, name) for row in others)
                        for value in {v for row in others for v in self.values(row, name)}
                    }
                    counted = {value: n for value, _label, n in facets[name]}
                    self.assertEqual(counted, expected)

    def test_a_page_of_rows_is_the_chosen_rows_in_the_listings_order(self):
        for active in self.choices():
            chosen = self.index.matching(active)
            expected = [row["pk"] for row in self.left(active)]
            self.assertEqual(chosen.bit_count(), len(expected))
            for start in range(0, len(expected) + 20, 20):
                with self.subTest(active=active, start=start):
                    self.assertEqual(
                        self.index.keys(chosen, start, start + 20), expected[start : start + 20]
                    )

    def test_options_are_named_and_ordered_for_a_visitor(self):
        facets = self.index.options({}, OPTION_NAMES)
        # units in Vietnamese alphabetical order (Đ after D), years the latest first, kinds as
        # their choices are declared, named in the visitor's language
        self.assertEqual(
            [label for _value, label, _n in facets["unit"]],
            ["Ban Đào tạo", "Khoa Dân vận", "Khoa Lý luận cơ sở", "Khoa Xây dựng Đảng"],
        )
        self.assertEqual([value for value, _label, _n in facets["year"]], [2025, 2024, 2023])
        self.assertEqual(
            [value for value, _label, _n in facets["kind"]],
            ["journal_article", "proceedings_paper", "monograph"],
        )
        for language, named in (("vi", "Bài báo tạp chí"), ("en", "Journal article")):
            with translation.override(language):
                self.assertEqual(self.index.options({}, OPTION_NAMES)["kind"][0][1], named)
