"""Persona and state factories. Reference rows seeded by migrations are reused, not duplicated."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from research.models import (
    Deadline,
    DeadlineKind,
    FundingLine,
    FundingSource,
    OrderingBody,
    Output,
    OutputAuthor,
    OutputKind,
    Person,
    PersonKind,
    ResearchField,
    TeamRole,
    Topic,
    TopicLevel,
    TopicMember,
    TopicOrigin,
    TopicStatus,
    Tranche,
    Unit,
    UnitKind,
)
from research.permissions import Roles


def with_role(default=None):
    """A post-generation hook that puts the user in a role group (`role=` overrides it)."""

    def add_role(user, create, extracted, **kwargs):
        role = extracted or default
        if role:
            user.groups.add(Group.objects.get(name=role))
        user.save()

    return factory.PostGeneration(add_role)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "password")
    role = with_role()


class OfficeStaffFactory(UserFactory):
    role = with_role(Roles.RESEARCH_OFFICE)


class LecturerUserFactory(UserFactory):
    role = with_role(Roles.LECTURER)


class CouncilMemberFactory(UserFactory):
    role = with_role(Roles.COUNCIL_MEMBER)


class EditorFactory(UserFactory):
    role = with_role(Roles.EDITOR)


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Khoa số {n}")
    kind = UnitKind.FACULTY


class ResearchFieldFactory(DjangoModelFactory):
    class Meta:
        model = ResearchField
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Giảng{n}")
    kind = PersonKind.LECTURER
    unit = factory.SubFactory(UnitFactory)
    email = factory.Sequence(lambda n: f"gv{n}@example.vn")


LecturerFactory = PersonFactory


class OutsidePersonFactory(PersonFactory):
    kind = PersonKind.OUTSIDE
    unit = None
    affiliation = "Học viện Chính trị quốc gia Hồ Chí Minh"


def funding_source(code="ngan-sach-truong"):
    return FundingSource.objects.get(code=code)


def ordering_body():
    return OrderingBody.objects.order_by("sort_order").first()


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"CS-2025-{n:03d}")
    title = factory.Sequence(lambda n: f"Nghiên cứu xây dựng Đảng ở cơ sở số {n}")
    summary = "Tóm tắt đề tài."
    level = TopicLevel.SCHOOL
    origin = TopicOrigin.PROPOSED
    unit = factory.SubFactory(UnitFactory)
    planned_start = datetime.date(2025, 1, 1)
    planned_end = datetime.date(2025, 12, 31)
    status = TopicStatus.APPROVED

    class Params:
        in_progress = factory.Trait(status=TopicStatus.IN_PROGRESS)
        provincial = factory.Trait(
            level=TopicLevel.PROVINCIAL,
            origin=TopicOrigin.ORDERED,
            ordering_body=factory.LazyFunction(ordering_body),
        )

    @factory.post_generation
    def principal(topic, create, extracted, **kwargs):
        """`TopicFactory(principal=person)` puts that person at the head of the team."""
        if extracted:
            TopicMember.objects.create(topic=topic, person=extracted, role=TeamRole.PRINCIPAL)


class TopicMemberFactory(DjangoModelFactory):
    class Meta:
        model = TopicMember

    topic = factory.SubFactory(TopicFactory)
    person = factory.SubFactory(PersonFactory)
    role = TeamRole.MEMBER


class FundingLineFactory(DjangoModelFactory):
    class Meta:
        model = FundingLine

    topic = factory.SubFactory(TopicFactory)
    source = factory.LazyFunction(funding_source)
    approved_amount = 20_000_000


class TrancheFactory(DjangoModelFactory):
    class Meta:
        model = Tranche

    topic = factory.SubFactory(TopicFactory)
    source = factory.LazyFunction(funding_source)
    number = factory.Sequence(lambda n: n + 1)
    planned_on = datetime.date(2025, 2, 1)
    planned_amount = 10_000_000


class DeadlineFactory(DjangoModelFactory):
    class Meta:
        model = Deadline

    topic = factory.SubFactory(TopicFactory)
    kind = DeadlineKind.PROGRESS_REPORT
    due_on = datetime.date(2025, 7, 1)


class OutputFactory(DjangoModelFactory):
    class Meta:
        model = Output

    kind = OutputKind.JOURNAL_ARTICLE
    title = factory.Sequence(lambda n: f"Bài báo về đại học số {n}")
    published_on = datetime.date(2025, 5, 1)
    venue = "Tạp chí Lý luận chính trị"


class OutputAuthorFactory(DjangoModelFactory):
    class Meta:
        model = OutputAuthor

    output = factory.SubFactory(OutputFactory)
    person = factory.SubFactory(PersonFactory)
