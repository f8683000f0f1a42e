import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import URLPattern, reverse
from django.utils import timezone

from research import urls as workspace_urls
from research.models import OrderingBody, OrderStatus, TopicStatus
from research.orders.actions import HandOverResults
from tests.factories import (
    EditorFactory,
    LeadershipFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputFactory,
    TopicFactory,
)
from tests.factories.orders import LiaisonUserFactory, OrderFactory, days_ago

OK, DENIED, MISSING, REDIRECT = 200, 403, 404, 302


def accepted_topic():
    return TopicFactory(
        status=TopicStatus.ACCEPTED,
        grade="good",
        accepted_on=days_ago(20),
        planned_start=days_ago(500),
        planned_end=days_ago(30),
    )


class LiaisonPermissionMatrixTests(TestCase):
    """The liaison's pages × every role; and the liaison refused on every other workspace view."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.liaison = LiaisonUserFactory()
        cls.topic = accepted_topic()
        cls.order = OrderFactory(
            topics=[cls.topic], ordering_body=cls.liaison.liaison.ordering_body
        )
        other_body = OrderingBody.objects.exclude(pk=cls.order.ordering_body_id).first()
        cls.stranger = LiaisonUserFactory(body=other_body)
        cls.users = {
            "anonymous": None,
            "lecturer": LecturerUserFactory(),
            "editor": EditorFactory(),
            "leadership": LeadershipFactory(),
            "office": cls.office,
            "liaison": cls.liaison,
            "other_liaison": cls.stranger,
        }

    def outcome(self, url):
        return self.client.get(url).status_code

    def test_liaison_pages(self):
        matrix = {
            reverse("research:order-list"): {"liaison": OK, "other_liaison": OK},
            reverse("research:order-detail", args=[self.order.pk]): {"liaison": OK, "office": OK},
        }
        for role, user in self.users.items():
            self.client.logout()
            if user:
                self.client.force_login(user)
            for url, outcomes in matrix.items():
                with self.subTest(role=role, url=url):
                    response = self.client.get(url)
                    if role == "anonymous":
                        self.assertEqual(response.status_code, 302)
                        self.assertTrue(response["Location"].startswith(reverse("login")))
                    else:
                        self.assertEqual(response.status_code, outcomes.get(role, DENIED))

    def test_every_other_workspace_view_refuses_a_liaison(self):
        self.client.force_login(self.liaison)
        allowed = {
            "dashboard": REDIRECT,  # to their orders
            "order-list": OK,
            "order-detail": MISSING,  # no order 1 of theirs here; the view answers
            "private-file": MISSING,
        }
        for pattern in workspace_urls.urlpatterns:
            self.assertIsInstance(pattern, URLPattern)
            kwargs = {
                name: (
                    "x"
                    if converter.__class__.__name__ in ("StringConverter", "PathConverter")
                    else 999999
                )
                for name, converter in pattern.pattern.converters.items()
            }
            url = reverse(f"research:{pattern.name}", kwargs=kwargs)
            with self.subTest(url=url):
                self.assertEqual(self.outcome(url), allowed.get(pattern.name, DENIED))
        self.assertRedirects(
            self.client.get(reverse("research:dashboard")),
            reverse("research:order-list"),
        )

    def test_the_admin_refuses_a_liaison(self):
        self.client.force_login(self.liaison)
        for url in (reverse("wagtailadmin_home"), reverse("research_order:index")):
            with self.subTest(url=url):
                self.assertEqual(self.outcome(url), DENIED)

    def test_the_list_shows_only_their_bodys_orders(self):
        OrderFactory(
            ordering_body=self.stranger.liaison.ordering_body, title="Nhiệm vụ của cơ quan khác"
        )
        self.client.force_login(self.liaison)
        response = self.client.get(reverse("research:order-list"))
        self.assertContains(response, self.order.title)
        self.assertNotContains(response, "Nhiệm vụ của cơ quan khác")


class ConfirmInTheWorkspaceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.liaison = LiaisonUserFactory()
        cls.topic = accepted_topic()
        OutputFactory(topic=cls.topic, title="Báo cáo tổng hợp kết quả nghiên cứu")
        cls.order = OrderFactory(
            topics=[cls.topic], ordering_body=cls.liaison.liaison.ordering_body, funding=300_000_000
        )
        HandOverResults(
            cls.order,
            user=cls.office,
            handed_over_on=days_ago(5),
            number="05/BB-BG",
            file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban"),
        ).execute()

    def setUp(self):
        self.client.force_login(self.liaison)
        self.url = reverse("research:order-detail", args=[self.order.pk])

    def test_the_page_shows_progress_products_handover_and_the_form(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Báo cáo tổng hợp kết quả nghiên cứu")
        self.assertContains(response, "05/BB-BG")
        self.assertContains(response, "300.000.000")
        self.assertContains(response, "data-confirm-form")
        # the hand-over record opens for the liaison
        self.order.refresh_from_db()
        self.assertEqual(self.client.get(self.order.handover_file.url).status_code, 200)

    def test_bad_input_is_a_translated_error_never_a_500(self):
        for data in (
            {"applied_on": "", "note": "x"},
            {"applied_on": "31/02/2026", "note": "x"},
            {"applied_on": "01/01/1900", "note": "x"},
            {"applied_on": timezone.localdate().isoformat(), "note": ""},
            {"applied_on": timezone.localdate().isoformat(), "note": "x" * 100_000},
            {"applied_on": days_ago(30).isoformat(), "note": "trước bàn giao"},
            {"applied_on": (timezone.localdate() + datetime.timedelta(3)).isoformat(), "note": "x"},
        ):
            with self.subTest(data=data):
                response = self.client.post(self.url, data, HTTP_ACCEPT_LANGUAGE="vi")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'role="alert"')
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, OrderStatus.HANDED_OVER)

    def test_the_liaison_confirms(self):
        response = self.client.post(
            self.url,
            {
                "applied_on": timezone.localdate().isoformat(),
                "note": "Tỉnh ủy ban hành Kế hoạch",
                "number": "12-CV/BTC",
            },
        )
        self.assertRedirects(response, self.url)
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, OrderStatus.APPLIED)
        self.assertNotContains(self.client.get(self.url), "data-confirm-form")

    def test_another_body_cannot_post(self):
        other = LiaisonUserFactory(
            body=OrderingBody.objects.exclude(pk=self.order.ordering_body_id).first()
        )
        self.client.force_login(other)
        response = self.client.post(
            self.url, {"applied_on": timezone.localdate().isoformat(), "note": "x"}
        )
        self.assertEqual(response.status_code, 403)
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, OrderStatus.HANDED_OVER)


class OfficeOrderPageTests(TestCase):
    def test_the_office_cancels_from_the_orders_page_with_a_reason(self):
        office = OfficeStaffFactory()
        order = OrderFactory()
        self.client.force_login(office)
        page = self.client.get(reverse("research_order:inspect", args=[order.pk]))
        self.assertContains(page, reverse("research_order:cancel", args=[order.pk]))
        url = reverse("research_order:cancel", args=[order.pk])
        self.assertEqual(self.client.post(url, {"cancel-reason": ""}).status_code, 302)
        order.refresh_from_db()
        self.assertEqual(order.status, OrderStatus.ORDERED)
        self.client.post(url, {"cancel-reason": "Quyết định hủy"})
        order.refresh_from_db()
        self.assertEqual(order.status, OrderStatus.CANCELLED)
        self.client.force_login(LecturerUserFactory())
        self.assertEqual(self.client.post(url, {"cancel-reason": "x"}).status_code, 302)
