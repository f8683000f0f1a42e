"""The province's order, end to end (research.orders): the office sends a proposal list, records
the province's answer and its order; the topic runs and is accepted; the office hands the results
over; the ordering body's liaison signs in and confirms application; the public topic page, the
criterion dashboard and the annual report show it."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import TopicPage
from research.core.permissions import Roles
from research.models import (
    Indicator,
    Order,
    OrderingBody,
    OrderStatus,
    Rubric,
    RubricKind,
    TopicLevel,
    TopicStatus,
    regenerate_deadlines,
)
from tests.cms.site import build_site, publish
from tests.e2e.conftest import log_in
from tests.factories import (
    CouncilFactory,
    FundingLineFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    TopicFactory,
)
from tests.factories.lifecycle import (
    MEETING,
    AssignAcceptanceCouncil,
    RecordAcceptance,
    ScheduleMeeting,
    SubmitSelfEvaluation,
    score_round,
)
from tests.factories.orders import LiaisonUserFactory

BODY = "Ban Tổ chức Tỉnh ủy"


def accept(topic, office):
    """The topic's acceptance, as tests/e2e/test_topic_journey.py drives it in the browser."""
    principal = topic.members.get(role="principal").person
    SubmitSelfEvaluation(topic, user=principal.user, text="Hoàn thành đủ sản phẩm").execute()
    council = CouncilFactory(rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE))
    AssignAcceptanceCouncil(topic, council, user=office).execute()
    topic.refresh_from_db()
    ScheduleMeeting(topic, user=office, **MEETING).execute()
    score_round(topic, office, 9)
    RecordAcceptance(topic, user=office, note="Đạt yêu cầu").execute()


def test_an_order_from_proposal_to_confirmed_application(browse):
    today = timezone.localdate()
    office = OfficeStaffFactory(username="phongnckh")
    body = OrderingBody.objects.get(name=BODY)
    liaison = LiaisonUserFactory(username="dathang", body=body)
    site = build_site()
    principal = PersonWithLoginFactory(user__role=Roles.LECTURER)
    topic = TopicFactory(
        in_progress=True,
        level=TopicLevel.PROVINCIAL,
        title="Nâng cao chất lượng sinh hoạt chi bộ nông thôn",
        planned_start=today - datetime.timedelta(days=300),
        planned_end=today + datetime.timedelta(days=60),
        principal=principal,
    )
    FundingLineFactory(topic=topic, approved_amount=300_000_000)
    regenerate_deadlines(topic)
    public_page = publish(
        site.research, TopicPage, title=topic.title, slug="sinh-hoat-chi-bo", topic=topic
    )
    Indicator.objects.create(
        code="4.14",
        name="Đề tài có kết quả được cơ quan đặt hàng xác nhận ứng dụng",
        rule_kind="topics",
        window_years=1,
        parameters={"orders": ["applied"], "placement": ["applied"]},
        sort_order=99,
    )
    standard = reverse("research_reports:standard") + f"?year={today.year}"
    annual = reverse("research_annual:index") + f"?year={today.year}"
    decided = (today - datetime.timedelta(days=2)).strftime("%d/%m/%Y")

    def propose_and_order(page):
        log_in(page, office.username)
        page.goto("/admin/research/order-submissions/new/")
        page.fill("#id_title", "Tờ trình đề xuất đặt hàng đề tài cấp tỉnh")
        page.fill("#id_year", str(today.year))
        page.select_option("#id_ordering_body", label=BODY)
        page.fill("#id_lines-0-title", topic.title)
        page.fill("#id_lines-0-rationale", "Yêu cầu của Nghị quyết Đại hội Đảng bộ tỉnh.")
        page.fill("#id_lines-0-expected_products", "Báo cáo tổng hợp, kiến nghị")
        page.fill("#id_lines-0-duration_months", "12")
        page.fill("#id_lines-0-estimated_budget", "300000000")
        page.get_by_role("button", name="Tạo", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("Tờ trình đề xuất")

        page.goto("/admin/research/order-submissions/")
        page.get_by_role("link", name="Tờ trình đề xuất đặt hàng đề tài cấp tỉnh").click()
        page.get_by_label("Số, ký hiệu văn bản").fill("21-TTr/TCT")
        page.get_by_role("button", name="Gửi", exact=True).click()
        expect(page.get_by_text("Đã ghi nhận.")).to_be_visible()
        expect(page.locator("[data-submission-status]")).to_contain_text("Đã gửi")

        line = page.locator("article.order-line").first
        line.locator("select").select_option("ordered")
        line.get_by_role("button", name="Ghi ý kiến trả lời").click()
        expect(page.locator("[data-answer]").first).to_contain_text("Đặt hàng")
        expect(page.locator("[data-submission-status]")).to_contain_text("Đã có ý kiến trả lời")

        page.get_by_role("link", name="Ghi nhận quyết định đặt hàng của tỉnh").click()
        page.fill("#id_decision_number", "1452-QĐ/TU")
        page.fill("#id_decision_date", decided)
        page.select_option("#id_topics", label=str(topic))
        page.get_by_role("button", name="Thêm kinh phí được phê duyệt").click()
        page.select_option("#id_funding-0-source", label="Ngân sách sự nghiệp khoa học tỉnh")
        page.fill("#id_funding-0-year", str(today.year))
        page.fill("#id_funding-0-amount", "300000000")
        page.get_by_role("button", name="Tạo", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("1452-QĐ/TU")

    browse(propose_and_order)
    order = Order.objects.get(decision_number="1452-QĐ/TU")
    assert order.ordering_body == body and list(order.topics.all()) == [topic]
    assert order.proposed_topic is not None
    assert order.funding_total == 300_000_000
    topic.refresh_from_db()
    assert (topic.origin, topic.ordering_body) == ("ordered", body)

    accept(topic, office)  # the topic runs and its council accepts it
    topic.refresh_from_db()
    assert topic.status == TopicStatus.ACCEPTED

    topic_url = public_page.url
    order_url = order.get_admin_url()

    def hand_over_and_confirm(page):
        log_in(page, office.username)
        page.goto(order_url)
        page.get_by_label("Số biên bản bàn giao").fill("05/BB-BG")
        page.get_by_label("Biên bản bàn giao", exact=True).set_input_files(
            files=[
                {
                    "name": "bien-ban.pdf",
                    "mimeType": "application/pdf",
                    "buffer": b"%PDF-1.4\n%%EOF\n",
                }
            ]
        )
        page.get_by_role("button", name="Ghi nhận bàn giao").click()
        expect(page.get_by_text("Đã ghi nhận.")).to_be_visible()
        expect(page.locator("[data-handed-over]")).to_contain_text("05/BB-BG")

        # the liaison signs in, sees their order only, and confirms
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.fill("#id_username", liaison.username)
        page.fill("#id_password", "password")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/workspace/orders/")
        expect(page.get_by_text("Chờ cơ quan xác nhận")).to_be_visible()
        page.get_by_role("link", name=topic.title).click()
        expect(page.locator("[data-handed-over]")).to_contain_text("05/BB-BG")
        page.get_by_label("Kết quả đã được ứng dụng như thế nào").fill(
            "Ban Tổ chức Tỉnh ủy ban hành Hướng dẫn sinh hoạt chi bộ dựa trên kết quả đề tài."
        )
        page.get_by_role("button", name="Xác nhận ứng dụng").click()
        expect(page.get_by_text("việc ứng dụng kết quả đã được ghi nhận")).to_be_visible()
        expect(page.locator("[data-applied]")).to_be_visible()
        assert page.goto("/admin/").status == 403  # nothing else
        assert page.goto("/workspace/proposals/").status == 403

        # the public page says who ordered it and that the result was applied
        page.context.clear_cookies()
        page.goto(topic_url)
        expect(page.locator("[data-order]")).to_contain_text("1452-QĐ/TU")
        expect(page.locator("[data-order]")).to_contain_text(BODY)
        expect(page.locator("[data-applied]")).to_contain_text(today.strftime("%d/%m/%Y"))

        # the criterion and the annual report move
        log_in(page, office.username)
        page.goto(standard)
        expect(page.locator('tr[data-indicator="4.14"] [data-value]')).to_have_text("1")
        page.goto(annual)
        section = page.locator('[data-table="province_orders"]')
        expect(section).to_contain_text("Đề tài do tỉnh đặt hàng")
        expect(section.locator("tbody tr").first).to_contain_text("300.000.000")

    browse(hand_over_and_confirm)
    order.refresh_from_db()
    assert order.status == OrderStatus.APPLIED
    assert order.confirmed_by == liaison
