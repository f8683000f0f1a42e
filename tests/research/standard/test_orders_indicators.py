"""Indicators that ask for province-ordered topics or applied results (research.orders)."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase

from research.models import Indicator, OrderStatus
from research.standard.counting import evidence
from tests.factories import TopicFactory
from tests.factories.orders import OrderFactory


def topic(start, **fields):
    return TopicFactory(
        planned_start=start, planned_end=start.replace(year=start.year + 1), **fields
    )


class OrderIndicatorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plain = topic(datetime.date(2024, 2, 1))
        cls.ordered = topic(datetime.date(2024, 3, 1))
        cls.applied = topic(datetime.date(2022, 3, 1), status="accepted", grade="good")
        cls.cancelled = topic(datetime.date(2024, 4, 1))
        OrderFactory(topics=[cls.ordered])
        OrderFactory(
            topics=[cls.applied],
            status=OrderStatus.APPLIED,
            decision_date=datetime.date(2022, 1, 10),
            handed_over_on=datetime.date(2024, 5, 1),
            applied_on=datetime.date(2025, 2, 1),
        )
        OrderFactory(topics=[cls.cancelled], status=OrderStatus.CANCELLED)

    def test_ordered_topics_started_in_the_window(self):
        indicator = Indicator(
            code="T",
            name="Đặt hàng",
            rule_kind="topics",
            window_years=5,
            parameters={"orders": ["ordered"]},
        )
        indicator.full_clean()
        self.assertEqual(set(evidence(indicator, 2025)), {self.ordered, self.applied})

    def test_results_applied_in_the_window(self):
        indicator = Indicator(
            code="T",
            name="Ứng dụng",
            rule_kind="topics",
            window_years=1,
            parameters={"orders": ["applied"], "placement": ["applied"]},
        )
        indicator.full_clean()
        self.assertEqual(list(evidence(indicator, 2025)), [self.applied])
        self.assertEqual(list(evidence(indicator, 2024)), [])
        # counted up to a day: a confirmation dated later does not count yet
        self.assertEqual(list(evidence(indicator, 2025, until=datetime.date(2025, 1, 31))), [])

    def test_an_unknown_order_state_is_refused(self):
        indicator = Indicator(
            code="T", name="Sai", rule_kind="topics", parameters={"orders": ["paid"]}
        )
        with self.assertRaises(ValidationError):
            indicator.full_clean()
