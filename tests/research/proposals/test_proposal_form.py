"""The proposal form's lists grow, shrink and reorder without JavaScript (the browser journey in
tests/e2e covers the same with it); amounts are typed and shown as “20.000.000 đ”; submitting shows
what will be frozen first."""

from django.test import TestCase
from django.urls import reverse

from research.core.permissions import Roles
from research.models import Proposal, ProposalStatus
from tests.factories import (
    CallFactory,
    PersonWithLoginFactory,
    ProposalFactory,
    ResearchFieldFactory,
    funding_source,
)


def management(name, total, initial=0):
    return {
        f"{name}-TOTAL_FORMS": str(total),
        f"{name}-INITIAL_FORMS": str(initial),
        f"{name}-MIN_NUM_FORMS": "0",
        f"{name}-MAX_NUM_FORMS": "1000",
    }


class GrowingFormTests(TestCase):
    def setUp(self):
        self.person = PersonWithLoginFactory(user__role=Roles.LECTURER)
        self.client.force_login(self.person.user)
        self.call = CallFactory()

    def draft(self, budget):
        """A draft saved through the form with the given (item, amount typed) budget rows."""
        data = {"title": "Đề tài thử", "duration_months": "12"}
        for name in ("members", "expected_outputs", "attachments"):
            data.update(management(name, 0))
        data.update(management("budget_items", len(budget)))
        for index, (item, amount) in enumerate(budget):
            data.update(
                {
                    f"budget_items-{index}-item": item,
                    f"budget_items-{index}-source": funding_source().pk,
                    f"budget_items-{index}-amount": amount,
                    f"budget_items-{index}-ORDER": str(index + 1),
                }
            )
        url = reverse("research:proposal-create") + f"?call={self.call.pk}"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        return Proposal.objects.get(title="Đề tài thử")

    def edit_data(self, proposal, **changes):
        """What the edit page posts back unchanged, with `changes` on top."""
        response = self.client.get(reverse("research:proposal-edit", args=[proposal.pk]))
        form = response.context["form"]
        data = {"title": proposal.title, "duration_months": "12"}
        for name, formset in form.formsets.items():
            data.update(management(name, len(formset.initial_forms), len(formset.initial_forms)))
            for index, subform in enumerate(formset.initial_forms):
                for field in subform.fields:
                    value = subform[field].value()
                    if value not in (None, False):
                        data[f"{name}-{index}-{field}"] = value
        data.update(changes)
        return data

    def test_amounts_are_typed_and_shown_the_vietnamese_way(self):
        proposal = self.draft([("Thuê khoán", "20.000.000 đ"), ("Khảo sát", "6 500 000")])
        self.assertEqual(
            list(proposal.budget_items.values_list("amount", flat=True)), [20_000_000, 6_500_000]
        )
        page = self.client.get(reverse("research:proposal-edit", args=[proposal.pk]))
        self.assertContains(page, 'value="20.000.000 đ"')
        self.assertContains(page, 'value="6.500.000 đ"')
        self.assertContains(self.client.get(proposal.get_absolute_url()), "26.500.000 đ")

    def test_the_order_field_is_not_shown_and_each_list_has_one_empty_row(self):
        page = self.client.get(reverse("research:proposal-create") + f"?call={self.call.pk}")
        self.assertNotContains(page, "Thứ tự")
        for name in ("members", "expected_outputs", "budget_items", "attachments"):
            self.assertContains(page, f'name="{name}-TOTAL_FORMS" value="1"')

    def test_adding_a_row_without_javascript_saves_and_offers_one_more(self):
        proposal = self.draft([("Thuê khoán", "20000000")])
        response = self.client.post(
            reverse("research:proposal-edit", args=[proposal.pk]),
            self.edit_data(proposal, add="budget_items"),
        )
        target = reverse("research:proposal-edit", args=[proposal.pk])
        self.assertRedirects(
            response, f"{target}?add=budget_items#budget_items", fetch_redirect_response=False
        )
        page = self.client.get(f"{target}?add=budget_items")
        self.assertContains(page, 'name="budget_items-TOTAL_FORMS" value="3"')  # 1 saved, 2 empty

    def test_removing_and_moving_rows_without_javascript(self):
        proposal = self.draft([("Một", "1000000"), ("Hai", "2000000"), ("Ba", "3000000")])
        one, two, three = proposal.budget_items.all()
        response = self.client.post(
            reverse("research:proposal-edit", args=[proposal.pk]),
            self.edit_data(proposal, move=f"budget_items:{three.pk}:up"),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(proposal.budget_items.values_list("item", flat=True)), ["Một", "Ba", "Hai"]
        )
        data = self.edit_data(proposal)
        index = next(i for i in range(3) if data.get(f"budget_items-{i}-item") == "Một")
        data[f"budget_items-{index}-DELETE"] = "on"
        self.client.post(reverse("research:proposal-edit", args=[proposal.pk]), data)
        self.assertEqual(list(proposal.budget_items.values_list("item", flat=True)), ["Ba", "Hai"])

    def test_submitting_shows_what_will_be_frozen_first(self):
        proposal = ProposalFactory(complete=True, principal=self.person)
        url = reverse("research:proposal-submit", args=[proposal.pk])
        self.assertContains(self.client.get(proposal.get_absolute_url()), f'href="{url}"')
        page = self.client.get(url)
        self.assertContains(page, "phiên bản 1")
        self.assertContains(page, "24.000.000 đ")
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.DRAFT)  # looking changes nothing
        self.client.post(url)
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.SUBMITTED)

    def test_the_proposal_page_shows_its_field_and_keywords(self):
        proposal = ProposalFactory(
            principal=self.person,
            field=ResearchFieldFactory(name="Xây dựng Đảng"),
            keyword_list=["chi bộ"],
        )
        page = self.client.get(proposal.get_absolute_url())
        self.assertContains(page, "Xây dựng Đảng")
        self.assertContains(page, "chi bộ")
