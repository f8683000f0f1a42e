"""Persona and state factories. Reference rows seeded by migrations are reused, not duplicated."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from research.core.permissions import Roles
from research.models import (
    Call,
    Council,
    CouncilMember,
    CouncilRole,
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
    Proposal,
    ProposalAttachment,
    ProposalBudgetItem,
    ProposalMember,
    ProposalOutput,
    ResearchField,
    Rubric,
    RubricKind,
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


class LeadershipFactory(UserFactory):
    role = with_role(Roles.LEADERSHIP)


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
    # A topic made closed outright was closed after its termination (it needs no grade).
    closed_from = factory.LazyAttribute(
        lambda topic: TopicStatus.TERMINATED if topic.status == TopicStatus.CLOSED else ""
    )

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


# --- proposals and councils -------------------------------------------------------------------


def selection_rubric():
    return Rubric.objects.get(kind=RubricKind.SELECTION)


class PersonWithLoginFactory(PersonFactory):
    """A person who can log in to the workspace."""

    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..email"))


class CouncilMemberPersonFactory(PersonWithLoginFactory):
    user = factory.SubFactory(CouncilMemberFactory, username=factory.SelfAttribute("..email"))


COUNCIL_ROLES = [
    CouncilRole.CHAIR,
    CouncilRole.VICE_CHAIR,
    CouncilRole.REVIEWER,
    CouncilRole.REVIEWER,
    CouncilRole.SECRETARY,
    CouncilRole.MEMBER,
    CouncilRole.MEMBER,
]


class CouncilFactory(DjangoModelFactory):
    """A seven-member council with every role, each member able to log in."""

    class Meta:
        model = Council
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hội đồng xét duyệt số {n}")
    rubric = factory.LazyFunction(selection_rubric)

    @factory.post_generation
    def members(council, create, extracted, **kwargs):
        for order, role in enumerate(extracted or COUNCIL_ROLES):
            CouncilMember.objects.create(
                council=council, person=CouncilMemberPersonFactory(), role=role, sort_order=order
            )


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Đợt đăng ký đề tài cấp cơ sở số {n}")
    year = 2026
    level = TopicLevel.SCHOOL
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    budget_ceiling = 30_000_000
    rubric = factory.LazyFunction(selection_rubric)


class ProposalFactory(DjangoModelFactory):
    """A draft; `complete=True` fills the dossier so that it can be submitted."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    level = TopicLevel.SCHOOL
    principal = factory.SubFactory(PersonWithLoginFactory, user__role=Roles.LECTURER)
    unit = factory.SelfAttribute("principal.unit")
    title = factory.Sequence(lambda n: f"Nghiên cứu nâng cao chất lượng sinh hoạt chi bộ số {n}")

    class Params:
        complete = factory.Trait(
            urgency="Cấp thiết vì chất lượng sinh hoạt chi bộ còn hạn chế.",
            objectives="Đề xuất giải pháp nâng cao chất lượng sinh hoạt chi bộ.",
            content_methods="Khảo sát, phỏng vấn sâu, tổng kết thực tiễn.",
            schedule="12 tháng, từ tháng 1 đến tháng 12.",
        )

    @factory.post_generation
    def dossier(proposal, create, extracted, **kwargs):
        if not proposal.urgency:
            return
        ProposalMember.objects.create(
            proposal=proposal, person=proposal.principal, role=TeamRole.PRINCIPAL
        )
        ProposalOutput.objects.create(proposal=proposal, kind=OutputKind.FINAL_REPORT, count=1)
        ProposalOutput.objects.create(proposal=proposal, kind=OutputKind.JOURNAL_ARTICLE, count=2)
        ProposalBudgetItem.objects.create(
            proposal=proposal,
            item="Thuê khoán chuyên môn",
            source=funding_source(),
            amount=18_000_000,
        )
        ProposalBudgetItem.objects.create(
            proposal=proposal, item="Khảo sát thực địa", source=funding_source(), amount=6_000_000
        )
        attachment = ProposalAttachment(proposal=proposal, title="Thuyết minh đề tài")
        attachment.file.save(
            "thuyet-minh-nguyen-van-a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True
        )


def proposal_in_review(office=None, council=None, **proposal_kwargs):
    """A complete proposal taken through submission, eligibility and council assignment by the real actions."""
    from research.proposals.actions import AssignCouncil, RunEligibilityCheck, SubmitProposal

    office = office or OfficeStaffFactory()
    proposal = ProposalFactory(complete=True, **proposal_kwargs)
    SubmitProposal(proposal, user=proposal.principal.user).execute()
    RunEligibilityCheck(proposal, user=office).execute()
    AssignCouncil(proposal, council or CouncilFactory(), user=office).execute()
    proposal.refresh_from_db()
    return proposal
