"""The proposal form's lists grow, shrink and reorder in the browser, at desktop and phone width;
amounts are typed the Vietnamese way."""

import pytest
from playwright.sync_api import expect

from research.core.permissions import Roles
from research.models import Proposal
from tests.e2e.conftest import log_in_workspace
from tests.factories import CallFactory, PersonWithLoginFactory, funding_source


@pytest.mark.parametrize("width", [1280, 390])
def test_rows_are_added_removed_and_reordered(browse, width):
    lecturer = PersonWithLoginFactory(user__role=Roles.LECTURER)
    call = CallFactory()
    school = funding_source()

    def journey(page):
        page.set_viewport_size({"width": width, "height": 900})
        log_in_workspace(page, lecturer.user.username)
        page.goto(f"/workspace/proposals/new/?call={call.pk}")
        page.fill('[name="title"]', "Đề tài thử danh sách")
        budget = page.locator('[data-formset="budget_items"]')
        expect(budget.locator("[data-row]")).to_have_count(1)
        expect(page.get_by_text("Thứ tự")).to_have_count(0)
        for _ in range(2):
            budget.get_by_role("button", name="Thêm một dòng").click()
        expect(budget.locator("[data-row]")).to_have_count(3)
        for index, (item, amount) in enumerate(
            [("Khảo sát", "6.000.000 đ"), ("Thuê khoán", "20 000 000"), ("Bỏ đi", "1")]
        ):
            page.fill(f'[name="budget_items-{index}-item"]', item)
            page.select_option(f'[name="budget_items-{index}-source"]', str(school.pk))
            page.fill(f'[name="budget_items-{index}-amount"]', amount)
        rows = budget.locator("[data-row]")
        rows.nth(2).get_by_role("button", name="Xoá dòng này").click()
        expect(rows.nth(2)).to_be_hidden()
        rows.nth(1).get_by_role("button", name="Chuyển lên").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_text("Đã lưu thuyết minh dưới dạng bản nháp.")).to_be_visible()
        expect(page.locator("[data-requested-total]")).to_have_text("26.000.000 đ")

    browse(journey)
    proposal = Proposal.objects.get(title="Đề tài thử danh sách")
    assert list(proposal.budget_items.values_list("item", "amount")) == [
        ("Thuê khoán", 20_000_000),
        ("Khảo sát", 6_000_000),
    ]
