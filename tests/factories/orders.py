"""The order cycle's records (research.orders): a proposal list, an order, a liaison."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from research.core.permissions import Roles
from research.models import Liaison, Order, OrderFunding, OrderSubmission, ProposedTopic
from tests.factories import UserFactory, funding_source, ordering_body


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = OrderSubmission

    title = "Đề xuất đặt hàng nhiệm vụ KH&CN cấp tỉnh"
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    ordering_body = factory.LazyFunction(ordering_body)


class ProposedTopicFactory(DjangoModelFactory):
    class Meta:
        model = ProposedTopic

    submission = factory.SubFactory(SubmissionFactory)
    title = factory.Sequence(lambda n: f"Nâng cao chất lượng sinh hoạt chi bộ số {n}")
    rationale = "Yêu cầu của Nghị quyết."
    expected_products = "Báo cáo tổng hợp, kiến nghị"
    duration_months = 18
    estimated_budget = 350_000_000


class OrderFactory(DjangoModelFactory):
    class Meta:
        model = Order
        skip_postgeneration_save = True

    ordering_body = factory.LazyFunction(ordering_body)
    title = factory.Sequence(lambda n: f"Nhiệm vụ đặt hàng số {n}")
    decision_number = factory.Sequence(lambda n: f"{n + 100}/QĐ-UBND")
    decision_date = factory.LazyFunction(lambda: days_ago(400))
    expected_products = "Báo cáo tổng hợp"
    applied_by = "Ban Tổ chức Tỉnh ủy"

    @factory.post_generation
    def topics(order, create, extracted, **kwargs):
        if extracted:
            order.topics.set(extracted)

    @factory.post_generation
    def funding(order, create, extracted, **kwargs):
        if extracted:
            OrderFunding.objects.create(
                order=order,
                source=funding_source("ngan-sach-tinh"),
                year=order.decision_date.year,
                amount=extracted,
            )


class LiaisonUserFactory(UserFactory):
    role = factory.PostGeneration(lambda user, create, extracted, **kw: None)

    @factory.post_generation
    def body(user, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get(name=Roles.LIAISON))
        Liaison.objects.create(
            user=user, ordering_body=extracted or ordering_body(), full_name="Trần Thị Liên"
        )
        user.save()
