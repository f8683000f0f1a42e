import datetime
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from research.core import blind
from research.core.choices import LegalBasis, TeamRole, TopicLevel, TopicOrigin
from research.core.choices import ProposalStatus as P
from research.core.codes import PROPOSAL, CodePrefix, next_code
from research.core.collation import sort_people
from research.core.formatting import format_vnd
from research.core.keywords import KeywordsMixin
from research.core.people import Person, Unit
from research.core.reference import FundingSource, OrderingBody, ResearchField
from research.core.storage import private_file_field
from research.core.teams import principal_problems
from research.core.validators import (
    limit_amount,
    limit_months,
    limit_text,
    validate_proposal_attachment_extension,
)
from research.outputs.models.outputs import ExpectedOutput
from research.topics.models.running import ChangePolicy

# The proposal lifecycle. docs/workflows.md shows the same table; a test keeps them equal.
ALLOWED_PROPOSAL_TRANSITIONS = {
    P.DRAFT: [P.SUBMITTED, P.WITHDRAWN],
    P.SUBMITTED: [P.ELIGIBLE, P.REVISION_REQUESTED, P.REJECTED, P.WITHDRAWN],
    P.ELIGIBLE: [P.IN_REVIEW, P.WITHDRAWN],
    P.IN_REVIEW: [P.APPROVED, P.REVISION_REQUESTED, P.REJECTED, P.WITHDRAWN],
    P.REVISION_REQUESTED: [P.SUBMITTED, P.WITHDRAWN],
    P.APPROVED: [],
    P.REJECTED: [],
    P.WITHDRAWN: [],
}
EDITABLE_STATUSES = [P.DRAFT, P.REVISION_REQUESTED]
DECIDED_STATUSES = [P.APPROVED, P.REVISION_REQUESTED, P.REJECTED]
# Law 93/2025/QH15 applies to proposals submitted from this day (domain.md §3).
REGIME_2025_FROM = datetime.date(2025, 10, 1)


# The automatic eligibility checks (domain.md §5), in the order they are shown.
ELIGIBILITY_CHECKS = {
    "complete": _("Dossier complete"),
    "on_time": _("Submitted within the call's dates"),
    "budget": _("Requested budget within the call's ceiling"),
    "duration": _("Duration within the rules' maximum"),
    "no_overdue_topic": _("Principal investigator has no overdue topic awaiting evaluation"),
    "one_principal": _("One principal investigator"),
}
REQUIRED_TEXT_FIELDS = ["title", "urgency", "objectives", "content_methods", "schedule"]


def legal_basis_on(day):
    return LegalBasis.REGIME_2025 if day >= REGIME_2025_FROM else LegalBasis.REGIME_2013


class ProposalQuerySet(models.QuerySet):
    def of_principal(self, person):
        return self.filter(principal=person)

    def for_listing(self):
        return self.select_related("call", "principal", "unit")


class Proposal(KeywordsMixin, ClusterableModel):
    """A research proposal (thuyết minh). Each submission freezes a numbered version."""

    code = models.CharField(_("code"), max_length=30, unique=True, editable=False)
    call = models.ForeignKey(
        "research.Call",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("Empty for topics ordered by the province, which enter without a call."),
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=TopicOrigin.choices, default=TopicOrigin.PROPOSED
    )
    ordering_body = models.ForeignKey(
        OrderingBody,
        verbose_name=_("ordering body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    level = models.CharField(_("level"), max_length=20, choices=TopicLevel.choices)
    principal = models.ForeignKey(
        Person,
        verbose_name=_("principal investigator"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="proposals"
    )
    field = models.ForeignKey(
        ResearchField,
        verbose_name=_("research field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=500)
    urgency = models.TextField(_("urgency"), blank=True, validators=[limit_text])
    objectives = models.TextField(_("objectives"), blank=True, validators=[limit_text])
    content_methods = models.TextField(
        _("content and methods"), blank=True, validators=[limit_text]
    )
    schedule = models.TextField(_("schedule"), blank=True, validators=[limit_text])
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), default=12, validators=[limit_months]
    )

    status = models.CharField(
        _("status"), max_length=20, choices=P.choices, default=P.DRAFT, editable=False
    )
    version = models.PositiveSmallIntegerField(_("version"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    legal_basis = models.CharField(
        _("legal basis"), max_length=4, choices=LegalBasis.choices, blank=True, editable=False
    )
    eligibility = models.JSONField(
        _("eligibility checks"), default=list, blank=True, editable=False
    )
    eligibility_override = models.TextField(
        _("reason for overriding eligibility"), blank=True, editable=False
    )
    council = models.ForeignKey(
        "research.Council",
        verbose_name=_("council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        editable=False,
    )
    topic = models.OneToOneField(
        "research.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin=TopicOrigin.ORDERED) | Q(ordering_body__isnull=False),
                name="research_proposal_ordered_has_body",
                violation_error_message=_(
                    "A topic ordered by the province needs its ordering body."
                ),
            ),
            models.CheckConstraint(
                condition=Q(duration_months__gte=1),
                name="research_proposal_duration_positive",
                violation_error_message=_("A topic lasts at least one month."),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def save(self, *args, **kwargs):
        if self.code:
            return super().save(*args, **kwargs)
        # the code's counter stays locked until the proposal is saved with it
        with transaction.atomic():
            self.code = self.next_code()
            super().save(*args, **kwargs)

    @staticmethod
    def next_code(year=None):
        year = year or timezone.localdate().year
        return next_code(Proposal, f"proposal-{year}", CodePrefix.of(PROPOSAL), year, width=3)

    def get_absolute_url(self):
        return reverse("research:proposal-detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    # What a council needs of the thing it reviews (a topic at acceptance offers the same).
    @property
    def current_round(self):
        return self.version

    @property
    def review_rubric(self):
        return self.rubric

    @property
    def has_decision(self):
        return self.decisions.exists()

    @property
    def review_open(self):
        return self.status == P.IN_REVIEW

    @property
    def is_blind(self):
        return bool(self.call and self.call.blind_review)

    def blind_copy(self, source=None):
        """This proposal (or `source`, one of its versions) as a blind reviewer reads it."""
        return blind.redacted(self, source)

    @property
    def requested_total(self):
        return sum(item.amount for item in self.budget_items.all())

    @property
    def rubric(self):
        return self.call.rubric if self.call else (self.council.rubric if self.council else None)

    @property
    def eligibility_passed(self):
        return bool(self.eligibility) and all(check["passed"] for check in self.eligibility)

    @property
    def allowed_transitions(self):
        return ALLOWED_PROPOSAL_TRANSITIONS[self.status]

    def check_transition(self, to_status):
        from research.topics.models.topics import InvalidTransition

        if to_status not in ALLOWED_PROPOSAL_TRANSITIONS[self.status]:
            raise InvalidTransition(
                _("A proposal that is “%(current)s” cannot become “%(target)s”.")
                % {"current": self.get_status_display(), "target": P(to_status).label}
            )

    def missing_parts(self):
        """Names of the dossier's empty parts, for the lecturer and the eligibility check."""
        missing = [
            str(self._meta.get_field(name).verbose_name)
            for name in REQUIRED_TEXT_FIELDS
            if not getattr(self, name).strip()
        ]
        for relation, label in (
            (self.expected_outputs, _("expected outputs")),
            (self.budget_items, _("requested budget")),
            (self.attachments, _("attachments")),
        ):
            if not relation.exists():
                missing.append(str(label))
        return missing

    def eligibility_checks(self):
        """Run the automatic checks; each result keeps its reason for the lecturer and the office."""
        from research.topics.models.topics import Topic

        missing = self.missing_parts()
        results = [("complete", not missing, ", ".join(missing))]
        if self.call:
            on_time = self.call.opens_at <= self.submitted_at <= self.call.closes_at
            results.append(
                (
                    "on_time",
                    on_time,
                    timezone.localtime(self.submitted_at).strftime("%d/%m/%Y %H:%M"),
                )
            )
        ceiling = self.call.budget_ceiling if self.call else None
        total = self.requested_total
        results.append(
            (
                "budget",
                ceiling is None or total <= ceiling,
                f"{format_vnd(total)} / {format_vnd(ceiling)}",
            )
        )
        policy = ChangePolicy.objects.for_scope(self.level, self.legal_basis)
        if policy:
            results.append(
                (
                    "duration",
                    self.duration_months <= policy.max_duration_months,
                    f"{self.duration_months} / {policy.max_duration_months}",
                )
            )
        overdue = list(
            Topic.objects.led_by(self.principal)
            .not_evaluated()
            .overdue()
            .values_list("code", flat=True)
        )
        results.append(("no_overdue_topic", not overdue, ", ".join(overdue)))
        team = [(member.person, member.role) for member in self.members.select_related("person")]
        problems = principal_problems(team, self.principal)
        results.append(("one_principal", not problems, " ".join(str(p) for p in problems)))
        return [
            {"code": code, "passed": passed, "detail": detail} for code, passed, detail in results
        ]

    def office_returns(self):
        """The research office's returns of the submitted dossier (for revision or rejected), with
        who, when and why, newest first — from the audit log, which records every move."""
        from wagtail.models import ModelLogEntry

        return (
            ModelLogEntry.objects.for_instance(self)
            .filter(action="research.proposal.status", data__from=P.SUBMITTED)
            .filter(data__to__in=[P.REVISION_REQUESTED, P.REJECTED])
            .select_related("user")
            .order_by("-timestamp", "-pk")
        )

    @property
    def eligibility_display(self):
        return [{**check, "label": ELIGIBILITY_CHECKS[check["code"]]} for check in self.eligibility]

    def team_people(self):
        """The principal investigator, then the rest of the team in Vietnamese name order."""
        rest = [m.person for m in self.members.all() if m.person_id != self.principal_id]
        return [self.principal, *sort_people(rest)]


class ProposalMember(Orderable):
    proposal = ParentalKey(Proposal, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER
    )

    class Meta(Orderable.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team")

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class ProposalOutput(ExpectedOutput):
    proposal = ParentalKey(Proposal, on_delete=models.CASCADE, related_name="expected_outputs")


class ProposalBudgetItem(Orderable):
    proposal = ParentalKey(Proposal, on_delete=models.CASCADE, related_name="budget_items")
    item = models.CharField(_("budget item"), max_length=300)
    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"), validators=[limit_amount])

    class Meta(Orderable.Meta):
        verbose_name = _("budget item")
        verbose_name_plural = _("requested budget")

    def __str__(self):
        return f"{self.item}: {self.amount}"


def proposal_file_path(instance, filename):
    """A random stored name: the uploaded one may carry the team's names, which blind review hides."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"proposals/{uuid.uuid4().hex}.{extension}"


class ProposalAttachment(Orderable):
    proposal = ParentalKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = private_file_field(
        _("file"),
        proposal_file_path,
        extensions=validate_proposal_attachment_extension,
        help_text=_("PDF or DOCX."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].lower()


class ProposalVersion(models.Model):
    """What was submitted, frozen: a snapshot of the proposal with its team, outputs, budget and files."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="research_proposalversion_number_once"
            )
        ]

    def __str__(self):
        return f"{self.proposal.code} v{self.number}"

    def as_proposal(self):
        """The proposal as it was submitted, with its child rows, unsaved."""
        return Proposal.from_serializable_data(self.snapshot, check_fks=False, strict_fks=False)
