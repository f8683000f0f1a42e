"""The province's orders from a spreadsheet (research.orders): one row per decision, matched by
its ordering body and decision number; the topics carrying it out by their codes, the funding the
province approved by year from one source, and the hand-over and application when they are past."""

import re

from django.utils.translation import gettext as _

from research.core.choices import OrderKind, OrderStatus
from research.core.reference import FundingSource, OrderingBody
from research.imports import cells
from research.imports.kinds.base import Column, Kind, RowError, people_list
from research.imports.models import ImportKind
from research.orders.models import Order, OrderFunding
from research.topics.models.topics import Topic

YEAR_AMOUNT = re.compile(r"^\s*(\d{4})\s*:\s*(.+?)\s*$")


def year_amounts(value):
    """“2025: 150.000.000; 2026: 200.000.000” → {2025: 150000000, 2026: 200000000}."""
    found = {}
    for part in people_list(value):
        match = YEAR_AMOUNT.match(part)
        if not match:
            raise cells.CellError(
                _("write each year and its amount as “2025: 150.000.000”, separated by “;”.")
            )
        year, amount = cells.year(match.group(1)), cells.amount(match.group(2))
        if year in found:
            raise cells.CellError(_("the year %(year)s appears twice.") % {"year": year})
        found[year] = amount
    return found


class OrderKindImport(Kind):
    code = ImportKind.ORDERS
    model = Order
    sheet_title = "Đặt hàng"
    children = {"funding": OrderFunding}
    columns = [
        Column(
            "Cơ quan đặt hàng", required=True, example="Ban Tổ chức Tỉnh ủy", note="ordering_bodies"
        ),
        Column(
            "Hình thức", cells.choice(OrderKind), choices=OrderKind, example=OrderKind.ASSIGNMENT
        ),
        Column("Số quyết định", required=True, example="1452-QĐ/TU"),
        Column("Ngày quyết định", cells.date, True, example="10/01/2024"),
        Column(
            "Tên nhiệm vụ", required=True, example="Nâng cao chất lượng sinh hoạt chi bộ nông thôn"
        ),
        Column("Mã đề tài", people_list, example="QT-2024-01"),
        Column("Yêu cầu"),
        Column("Sản phẩm dự kiến"),
        Column("Cơ quan ứng dụng kết quả", example="Ban Tổ chức Tỉnh ủy"),
        Column("Số hợp đồng"),
        Column("Ngày hợp đồng", cells.date),
        Column("Hạn bàn giao", cells.date, example="31/03/2026"),
        Column(
            "Nguồn kinh phí", example="Ngân sách sự nghiệp khoa học tỉnh", note="funding_sources"
        ),
        Column("Kinh phí theo năm", year_amounts, example="2024: 150.000.000; 2025: 200.000.000"),
        Column("Ngày bàn giao", cells.date),
        Column("Số biên bản bàn giao"),
        Column("Ngày xác nhận ứng dụng", cells.date),
        Column("Nội dung ứng dụng"),
    ]

    def load(self):
        self.topics = {topic.code: topic for topic in Topic.objects.only("pk", "code")}
        self.existing = {(o.ordering_body_id, o.decision_number): o for o in Order.objects.all()}
        self.funding = {}
        for order_id, source_id, year, amount in OrderFunding.objects.values_list(
            "order_id", "source_id", "year", "amount"
        ):
            self.funding.setdefault(order_id, {})[(source_id, year)] = amount
        self.linked = {}
        for order_id, topic_id in Order.topics.through.objects.values_list("order_id", "topic_id"):
            self.linked.setdefault(order_id, []).append(topic_id)

    def plan(self, values):
        body = self.guarded(
            self.reference, OrderingBody, values["Cơ quan đặt hàng"], _("ordering bodies")
        )
        number = values["Số quyết định"]
        key = (body.pk if body else None, number)
        if key in self.context.seen_codes:
            self.fault(_("This decision appears twice in the file."))
        self.context.seen_codes.add(key)
        decided = values["Ngày quyết định"]
        handed, applied = values["Ngày bàn giao"], values["Ngày xác nhận ứng dụng"]
        if handed and decided and handed < decided:
            self.fault(_("Results are handed over after the decision."))
        if applied and not handed:
            self.fault(_("Ngày xác nhận ứng dụng: write the hand-over first (Ngày bàn giao)."))
        elif applied and handed and applied < handed:
            self.fault(_("Application is confirmed after the hand-over."))
        if values["Ngày hợp đồng"] and decided and values["Ngày hợp đồng"] < decided:
            self.fault(_("The contract is signed on or after the decision date."))
        topics = []
        for code in values["Mã đề tài"] or []:
            if code not in self.topics:
                self.fault(
                    _("There is no topic with the code %(code)s; import the topics first.")
                    % {"code": code}
                )
            else:
                topics.append(self.topics[code])
        amounts = values["Kinh phí theo năm"] or {}
        source = self.guarded(
            self.reference, FundingSource, values["Nguồn kinh phí"], _("funding sources")
        )
        if amounts and source is None and not values["Nguồn kinh phí"]:
            self.fault(_("Nguồn kinh phí: say which source the amounts come from."))
        if self.faults or body is None:
            raise RowError()
        funding = [
            OrderFunding(source=source, year=year, amount=amount, sort_order=index)
            for index, (year, amount) in enumerate(sorted(amounts.items()))
        ]
        status = (
            OrderStatus.APPLIED
            if applied
            else OrderStatus.HANDED_OVER
            if handed
            else OrderStatus.ORDERED
        )
        wanted = {
            "ordering_body": body,
            "decision_number": number,
            "kind": values["Hình thức"] or OrderKind.ORDER,
            "decision_date": decided,
            "title": values["Tên nhiệm vụ"],
            "requirements": values["Yêu cầu"],
            "expected_products": values["Sản phẩm dự kiến"],
            "applied_by": values["Cơ quan ứng dụng kết quả"],
            "contract_number": values["Số hợp đồng"],
            "contract_date": values["Ngày hợp đồng"],
            "handover_due_on": values["Hạn bàn giao"],
            "status": status,
            "handed_over_on": handed,
            "handover_number": values["Số biên bản bàn giao"],
            "applied_on": applied,
            "application_note": values["Nội dung ứng dụng"],
        }
        record = self.existing.get(key) or Order()
        return self.compare(record, wanted, {"funding": funding}, {"topics": topics})

    def child_signature(self, name, rows):
        return {(row.source.pk, row.year): row.amount for row in rows}

    def existing_signature(self, instance, name):
        return self.funding.get(instance.pk, {})

    def existing_m2m(self, instance, name):
        return self.linked.get(instance.pk, [])
