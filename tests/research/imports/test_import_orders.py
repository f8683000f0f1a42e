"""The province's orders from Excel (research/imports/kinds/orders.py)."""

import datetime

from django.test import TestCase

from research.imports.batches import start_batch
from research.imports.engine import Status, apply_batch
from research.models import Order, OrderStatus
from tests.factories import OfficeStaffFactory, TopicFactory
from tests.research.imports.helpers import xlsx


def order_row(**overrides):
    row = {
        "Cơ quan đặt hàng": "Ban Tổ chức Tỉnh ủy",
        "Hình thức": "Giao nhiệm vụ",
        "Số quyết định": "1452-QĐ/TU",
        "Ngày quyết định": "10/01/2024",
        "Tên nhiệm vụ": "Nâng cao chất lượng sinh hoạt chi bộ nông thôn",
        "Mã đề tài": "QT-2024-01",
        "Cơ quan ứng dụng kết quả": "Ban Tổ chức Tỉnh ủy",
        "Nguồn kinh phí": "Ngân sách sự nghiệp khoa học tỉnh",
        "Kinh phí theo năm": "2024: 150.000.000; 2025: 200.000.000",
        "Ngày bàn giao": "01/07/2025",
        "Số biên bản bàn giao": "05/BB-BG",
        "Ngày xác nhận ứng dụng": "01/09/2025",
        "Nội dung ứng dụng": "Ban hành Hướng dẫn",
    }
    row.update(overrides)
    return row


class OrderImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.topic = TopicFactory(code="QT-2024-01", status="accepted", grade="good")

    def start(self, rows):
        return start_batch(
            "orders", xlsx("orders", rows), user=self.office, file_name="dat-hang.xlsx"
        )

    def test_an_applied_order_with_its_funding_and_topic(self):
        batch, preview = self.start([order_row()])
        self.assertEqual([r.status for r in preview.results], [Status.NEW])
        apply_batch(batch, user=self.office)
        order = Order.objects.get()
        self.assertEqual(order.status, OrderStatus.APPLIED)
        self.assertEqual(order.kind, "assignment")
        self.assertEqual(list(order.topics.all()), [self.topic])
        self.assertEqual(
            sorted(order.funding.values_list("year", "amount")),
            [(2024, 150_000_000), (2025, 200_000_000)],
        )
        self.assertEqual(order.applied_on, datetime.date(2025, 9, 1))
        # the same file again changes nothing; a changed amount updates the order
        _batch, preview = self.start([order_row()])
        self.assertEqual([r.status for r in preview.results], [Status.UNCHANGED])
        batch, preview = self.start([order_row(**{"Kinh phí theo năm": "2024: 150.000.000"})])
        self.assertEqual([r.status for r in preview.results], [Status.UPDATE])
        apply_batch(batch, user=self.office)
        self.assertEqual(Order.objects.get().funding_total, 150_000_000)

    def test_every_fault_of_a_row_at_once(self):
        _batch, preview = self.start(
            [
                order_row(
                    **{
                        "Mã đề tài": "QT-1999-99",
                        "Ngày bàn giao": "01/01/2023",
                        "Kinh phí theo năm": "hai trăm triệu",
                        "Cơ quan đặt hàng": "Bộ Ngoại giao",
                    }
                ),
                order_row(**{"Ngày bàn giao": "", "Ngày xác nhận ứng dụng": "01/09/2025"}),
            ]
        )
        first, second = preview.results
        self.assertEqual((first.status, second.status), (Status.ERROR, Status.ERROR))
        for piece in ("QT-1999-99", "Kinh phí theo năm", "Bộ Ngoại giao"):
            self.assertIn(piece, first.reason)
        self.assertIn("Ngày bàn giao", second.reason)
        self.assertFalse(Order.objects.exists())
