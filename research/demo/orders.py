"""The demo's order cycle (research.orders): a proposal list to the province with its answers,
an order whose result was applied, an order being carried out, and the ordering body's liaison
login. Dates hang from the topics' own dates, never after the day the demo is loaded."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from research.core.choices import (
    OrderKind,
    OrderStatus,
    ProvinceAnswer,
    SubmissionKind,
    SubmissionStatus,
    TopicLevel,
    TopicStatus,
)
from research.orders.actions import order_recorded
from research.orders.models import (
    Liaison,
    Order,
    OrderFunding,
    OrderSubmission,
    ProposedTopic,
    SharedReport,
)
from research.standard.models import Indicator
from research.topics.models.topics import Topic

from .common import pdf_bytes

LIAISON_USERNAME = "dathang"
# The ordering body of the demo's orders: the provincial Party committee's commission.
BODY_NAME = "Ban Tổ chức Tỉnh ủy"
INDICATORS = [
    (
        "4.13",
        "Đề tài do tỉnh đặt hàng, giao nhiệm vụ (5 năm)",
        {"orders": ["ordered"]},
    ),
    (
        "4.14",
        "Đề tài có kết quả được cơ quan đặt hàng xác nhận ứng dụng (5 năm)",
        {"orders": ["applied"], "placement": ["applied"]},
    ),
]


def days(n):
    return datetime.timedelta(days=n)


class OrdersDemo:
    def load_orders(self):
        from research.core.reference import OrderingBody

        body = OrderingBody.objects.get(name=BODY_NAME)
        provincial = Topic.objects.filter(level=TopicLevel.PROVINCIAL)
        done = (
            provincial.in_statuses([TopicStatus.ACCEPTED])
            .filter(accepted_on__lte=self.today - days(120))
            .order_by("-accepted_on")
            .first()
        )
        running = (
            provincial.filter(status__in=[TopicStatus.IN_PROGRESS, TopicStatus.EXTENDED])
            .order_by("planned_start")
            .first()
        )
        self.load_liaison(body)
        running_order = self.load_running_order(body, running) if running else None
        if done:
            self.load_applied_order(body, done)
        if running_order:
            self.load_submission(body, running, running_order)
        for order, (code, name, parameters) in enumerate(INDICATORS):
            Indicator.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "unit_label": "đề tài",
                    "window_years": 5,
                    "rule_kind": "topics",
                    "parameters": parameters,
                    "sort_order": 100 + order,
                },
            )

    def load_liaison(self, body):
        user = get_user_model().objects.get(username=LIAISON_USERNAME)
        user.first_name, user.last_name = "Hoàng Văn Nam", ""
        user.save(update_fields=["first_name", "last_name"])
        Liaison.objects.update_or_create(
            user=user,
            defaults={
                "ordering_body": body,
                "full_name": "Hoàng Văn Nam",
                "position": "Phó Trưởng ban Tổ chức Tỉnh ủy",
                "phone": "0233 3852 114",
            },
        )

    def funding(self, order, topic):
        order.funding.all().delete()
        total = topic.approved_total or 350_000_000
        years = list(range(topic.planned_start.year, topic.planned_end.year + 1))
        share = total // len(years)
        for index, year in enumerate(years):
            amount = share if index < len(years) - 1 else total - share * (len(years) - 1)
            OrderFunding.objects.create(
                order=order,
                source=self.sources["ngan-sach-tinh"],
                year=year,
                amount=amount,
                sort_order=index,
            )

    def load_running_order(self, body, topic):
        decided = topic.planned_start - days(30)
        order, _ = Order.objects.update_or_create(
            ordering_body=body,
            decision_number=f"{decided.year % 100 + 1450}-QĐ/BTCTU",
            defaults={
                "kind": OrderKind.ASSIGNMENT,
                "title": topic.title,
                "decision_date": decided,
                "requirements": (
                    "Đánh giá thực trạng, đề xuất giải pháp khả thi; báo cáo kiến nghị gửi "
                    "Ban Thường vụ Tỉnh ủy."
                ),
                "expected_products": ("Báo cáo tổng hợp; báo cáo kiến nghị; 02 bài báo khoa học."),
                "applied_by": "Ban Tổ chức Tỉnh ủy; các huyện ủy, thị ủy",
                "contract_number": topic.contract_number,
                "contract_date": topic.contract_date,
                "handover_due_on": topic.planned_end + days(60),
                "status": OrderStatus.ORDERED,
            },
        )
        order.topics.set([topic])
        self.funding(order, topic)
        order.shared_reports.all().delete()
        report = SharedReport(
            order=order,
            title="Báo cáo tiến độ thực hiện đề tài (đợt 1)",
            shared_on=min(self.today, topic.planned_start + days(180)),
        )
        report.file.save("bao-cao-tien-do.pdf", ContentFile(pdf_bytes(report.title)), save=True)
        order_recorded(order, None, created=True)
        return order

    def load_applied_order(self, body, topic):
        decided = topic.planned_start - days(30)
        handed = min(self.today - days(60), topic.accepted_on + days(30))
        applied = min(self.today - days(7), handed + days(45))
        order, _ = Order.objects.update_or_create(
            ordering_body=body,
            decision_number=f"{decided.year % 100 + 1200}-QĐ/BTCTU",
            defaults={
                "kind": OrderKind.ASSIGNMENT,
                "title": topic.title,
                "decision_date": decided,
                "requirements": "Đề xuất giải pháp áp dụng trên địa bàn tỉnh.",
                "expected_products": "Báo cáo tổng hợp; báo cáo tóm tắt; kiến nghị chính sách.",
                "applied_by": "Ban Tổ chức Tỉnh ủy",
                "contract_number": topic.contract_number,
                "contract_date": topic.contract_date,
                "handover_due_on": topic.planned_end + days(90),
                "status": OrderStatus.APPLIED,
                "handed_over_on": handed,
                "handover_number": f"{handed.month:02d}/BB-BG",
                "applied_on": applied,
                "application_number": "215-CV/BTCTU",
                "application_note": (
                    "Ban Tổ chức Tỉnh ủy sử dụng kết quả đề tài để xây dựng Hướng dẫn nâng cao "
                    "chất lượng sinh hoạt chi bộ trên địa bàn tỉnh."
                ),
                "confirmed_by": get_user_model().objects.get(username=LIAISON_USERNAME),
            },
        )
        if not order.handover_file:
            order.handover_file.save(
                "bien-ban-ban-giao.pdf", ContentFile(pdf_bytes("Bien ban ban giao")), save=True
            )
        order.topics.set([topic])
        self.funding(order, topic)
        order_recorded(order, None, created=True)
        return order

    def load_submission(self, body, topic, order):
        sent = order.decision_date - days(90)
        submission, _ = OrderSubmission.objects.update_or_create(
            title=f"Tờ trình đề xuất đặt hàng đề tài khoa học cấp tỉnh năm {order.decision_date.year}",
            year=sent.year,
            defaults={
                "ordering_body": body,
                "kind": SubmissionKind.SUBMISSION,
                "number": f"{sent.month + 20}-TTr/TCT",
                "sent_on": sent,
                "status": SubmissionStatus.ANSWERED,
            },
        )
        submission.lines.all().delete()
        answered = order.decision_date - days(10)
        lines = [
            (topic.title, ProvinceAnswer.ORDERED, ""),
            (
                "Giải pháp thu hút người có uy tín trong đồng bào dân tộc thiểu số tham gia "
                "công tác dân vận ở Quảng Trị",
                ProvinceAnswer.DEFERRED,
                "Xem xét trong kế hoạch năm sau.",
            ),
            (
                "Đánh giá 10 năm thực hiện quy chế dân chủ ở cơ sở tỉnh Quảng Trị",
                ProvinceAnswer.DECLINED,
                "Trùng với nhiệm vụ đã giao cho cơ quan khác.",
            ),
        ]
        for index, (title, answer, note) in enumerate(lines):
            line = ProposedTopic.objects.create(
                submission=submission,
                title=title,
                rationale="Đáp ứng yêu cầu của Nghị quyết Đại hội Đảng bộ tỉnh.",
                expected_products="Báo cáo tổng hợp, báo cáo kiến nghị",
                duration_months=24,
                estimated_budget=350_000_000 - index * 50_000_000,
                answer=answer,
                answered_on=answered,
                answer_note=note,
                sort_order=index,
            )
            if answer == ProvinceAnswer.ORDERED:
                Order.objects.filter(pk=order.pk).update(proposed_topic=line)
