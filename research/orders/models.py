"""The province's orders (đặt hàng / giao nhiệm vụ): the school's proposal list to an ordering
body and the body's answer per line, the order with its decision, funding and topics, the
hand-over of results and the body's confirmation that they were applied (domain.md §8b)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from research.core.actions import InvalidTransition
from research.core.bounds import plausible_date
from research.core.choices import (
    OrderKind,
    OrderStatus,
    ProvinceAnswer,
    SubmissionKind,
    SubmissionStatus,
    TopicOrderState,
)
from research.core.reference import FundingSource, OrderingBody
from research.core.storage import private_file_field
from research.core.validators import limit_amount, limit_text

# The order's life (docs/workflows.md shows the same table).
ORDER_TRANSITIONS = {
    OrderStatus.ORDERED: [OrderStatus.HANDED_OVER, OrderStatus.CANCELLED],
    OrderStatus.HANDED_OVER: [OrderStatus.APPLIED],
    OrderStatus.APPLIED: [],
    OrderStatus.CANCELLED: [],
}
# A proposed topic may run at most this long (months): the longest provincial task.
MAX_DURATION_MONTHS = 60


def order_file_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"orders/{uuid.uuid4().hex}.{extension}"


class OrderSubmission(ClusterableModel):
    """The list of topics the school asks an ordering body to order (đề xuất đặt hàng), sent as
    a submission (tờ trình) or an official letter (công văn)."""

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    ordering_body = models.ForeignKey(
        OrderingBody,
        verbose_name=_("ordering body"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    kind = models.CharField(
        _("document"),
        max_length=12,
        choices=SubmissionKind.choices,
        default=SubmissionKind.SUBMISSION,
    )
    number = models.CharField(_("document number"), max_length=100, blank=True)
    sent_on = models.DateField(
        _("sent on"), null=True, blank=True, editable=False, validators=[plausible_date]
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("proposal list to the province")
        verbose_name_plural = _("proposal lists to the province")

    def __str__(self):
        return self.title

    def get_admin_url(self):
        return reverse("research_order_submission:inspect", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == SubmissionStatus.DRAFT

    @property
    def code(self):
        """How the list is named in a file name."""
        return f"DXDH-{self.year}-{self.pk}"

    @property
    def estimated_total(self):
        return sum(line.estimated_budget or 0 for line in self.lines.all())


class ProposedTopic(Orderable):
    """One line of a proposal list: a topic the school asks to be ordered, and the answer."""

    submission = ParentalKey(OrderSubmission, on_delete=models.CASCADE, related_name="lines")
    title = models.CharField(_("proposed topic"), max_length=500)
    proposal = models.ForeignKey(
        "research.Proposal",
        verbose_name=_("from a submitted proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_line = models.ForeignKey(
        "research.PlannedTopics",
        verbose_name=_("from a line of the research plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_topics",
        limit_choices_to={"plan__status": "approved"},  # planning.PlanStatus.APPROVED
    )
    proposed_by = models.ForeignKey(
        "research.Person",
        verbose_name=_("idea of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rationale = models.TextField(_("rationale"), validators=[limit_text])
    expected_products = models.TextField(_("expected products"), validators=[limit_text])
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MONTHS)],
    )
    estimated_budget = models.PositiveBigIntegerField(
        _("estimated budget (VND)"), validators=[limit_amount]
    )
    answer = models.CharField(
        _("answer of the province"),
        max_length=10,
        choices=ProvinceAnswer.choices,
        default=ProvinceAnswer.PENDING,
        editable=False,
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True, editable=False)
    answer_note = models.TextField(_("note on the answer"), blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("proposed topic")
        verbose_name_plural = _("proposed topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_months__gte=1),
                name="research_proposedtopic_duration_positive",
            )
        ]

    def __str__(self):
        return self.title


class OrderQuerySet(models.QuerySet):
    def for_body(self, ordering_body_id):
        return self.filter(ordering_body_id=ordering_body_id)

    def open(self):
        return self.filter(status__in=[OrderStatus.ORDERED, OrderStatus.HANDED_OVER])

    def handover_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=OrderStatus.ORDERED, handover_due_on__lt=today)

    def awaiting_confirmation(self):
        return self.filter(status=OrderStatus.HANDED_OVER)

    def for_listing(self):
        return self.select_related("ordering_body").prefetch_related("topics")


class Order(ClusterableModel):
    """The ordering body's decision (quyết định đặt hàng / giao nhiệm vụ) and what follows it."""

    ordering_body = models.ForeignKey(
        OrderingBody,
        verbose_name=_("ordering body"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    kind = models.CharField(
        _("kind of order"), max_length=12, choices=OrderKind.choices, default=OrderKind.ORDER
    )
    title = models.CharField(_("task"), max_length=500)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"), validators=[plausible_date])
    requirements = models.TextField(_("requirements"), blank=True, validators=[limit_text])
    expected_products = models.TextField(
        _("expected products"), blank=True, validators=[limit_text]
    )
    applied_by = models.CharField(
        _("who applies the result"),
        max_length=300,
        blank=True,
        help_text=_("The body or bodies that will put the result to use."),
    )
    proposed_topic = models.OneToOneField(
        ProposedTopic,
        verbose_name=_("answering the proposed topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order",
    )
    topics = models.ManyToManyField(
        "research.Topic",
        verbose_name=_("topics carrying it out"),
        blank=True,
        related_name="orders",
    )
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    contract_date = models.DateField(
        _("contract date"), null=True, blank=True, validators=[plausible_date]
    )
    handover_due_on = models.DateField(
        _("results due to be handed over by"),
        null=True,
        blank=True,
        validators=[plausible_date],
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=OrderStatus.choices,
        default=OrderStatus.ORDERED,
        editable=False,
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True, editable=False)
    handover_number = models.CharField(
        _("hand-over record number"), max_length=100, blank=True, editable=False
    )
    handover_file = private_file_field(
        _("hand-over record (biên bản bàn giao)"), order_file_path, blank=True, editable=False
    )
    confirmation_due_on = models.DateField(
        _("confirmation of application expected by"), null=True, blank=True, editable=False
    )
    applied_on = models.DateField(
        _("application confirmed on"), null=True, blank=True, editable=False
    )
    application_note = models.TextField(_("how the result was applied"), blank=True, editable=False)
    application_number = models.CharField(
        _("confirmation document number"), max_length=100, blank=True, editable=False
    )
    application_file = private_file_field(
        _("confirmation of application (xác nhận ứng dụng)"),
        order_file_path,
        blank=True,
        editable=False,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = _("province order")
        verbose_name_plural = _("province orders")
        constraints = [
            models.UniqueConstraint(
                fields=["ordering_body", "decision_number"],
                name="research_order_decision_once",
                violation_error_message=_(
                    "This ordering body already has a decision with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(handed_over_on__isnull=True)
                | Q(handed_over_on__gte=models.F("decision_date")),
                name="research_order_handover_after_decision",
                violation_error_message=_("Results are handed over after the decision."),
            ),
            models.CheckConstraint(
                condition=Q(applied_on__isnull=True)
                | Q(handed_over_on__isnull=False, applied_on__gte=models.F("handed_over_on")),
                name="research_order_applied_after_handover",
                violation_error_message=_("Application is confirmed after the hand-over."),
            ),
        ]

    def __str__(self):
        return f"{self.decision_number} — {self.title}"

    def get_admin_url(self):
        return reverse("research_order:inspect", args=[self.pk])

    def get_workspace_url(self):
        return reverse("research:order-detail", args=[self.pk])

    def check_transition(self, to_status):
        if to_status not in ORDER_TRANSITIONS[OrderStatus(self.status)]:
            raise InvalidTransition(
                _("An order that is “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": self.get_status_display(),
                    "target": OrderStatus(to_status).label,
                }
            )

    def _waits_past(self, status, due_on):
        return self.status == status and due_on is not None and due_on < timezone.localdate()

    @property
    def is_handover_overdue(self):
        return self._waits_past(OrderStatus.ORDERED, self.handover_due_on)

    @property
    def is_confirmation_overdue(self):
        return self._waits_past(OrderStatus.HANDED_OVER, self.confirmation_due_on)

    @property
    def funding_total(self):
        return self.funding.aggregate(total=Sum("amount"))["total"] or 0

    def clean(self):
        if self.contract_date and self.decision_date and self.contract_date < self.decision_date:
            raise ValidationError(
                {"contract_date": _("The contract is signed on or after the decision date.")}
            )


class OrderFunding(Orderable):
    """What the ordering body approves, by source and by year."""

    order = ParentalKey(Order, on_delete=models.CASCADE, related_name="funding")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.PositiveBigIntegerField(_("approved amount (VND)"), validators=[limit_amount])

    class Meta(Orderable.Meta):
        verbose_name = _("approved funding")
        verbose_name_plural = _("approved funding")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "source", "year"],
                name="research_orderfunding_source_year_once",
                violation_error_message=_("Each source appears once per year."),
            )
        ]

    def __str__(self):
        return f"{self.source} {self.year}: {self.amount}"


class SharedReport(models.Model):
    """A document the office shares with the ordering body's liaison (a progress report, the
    acceptance record …): only what is shared here leaves the school."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shared_reports")
    title = models.CharField(_("title"), max_length=300)
    file = private_file_field(_("file"), order_file_path)
    shared_on = models.DateField(_("shared on"), default=timezone.localdate)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-shared_on", "-pk"]
        verbose_name = _("report shared with the ordering body")
        verbose_name_plural = _("reports shared with the ordering body")

    def __str__(self):
        return self.title


class Liaison(models.Model):
    """A sign-in of an ordering body (cán bộ đầu mối của cơ quan đặt hàng): sees that body's
    orders and confirms application, nothing else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="liaison",
    )
    ordering_body = models.ForeignKey(
        OrderingBody,
        verbose_name=_("ordering body"),
        on_delete=models.CASCADE,
        related_name="liaisons",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["ordering_body", "full_name"]
        verbose_name = _("liaison of an ordering body")
        verbose_name_plural = _("liaisons of ordering bodies")

    def __str__(self):
        return f"{self.full_name} ({self.ordering_body})"


def public_order(topic):
    """The order a topic carries out, as the public site, OAI-PMH and the API read it (None when
    it has none). Callers prefetch `orders__ordering_body`."""
    for order in topic.orders.all():
        if order.status != OrderStatus.CANCELLED:
            return order
    return None


def public_order_fields(order):
    """The fields of an order that leave the school: who ordered it, under which decision, and
    when its result was handed over and confirmed applied — never the funding, the requirements,
    the contract or the documents."""
    if order is None:
        return None
    return {
        "ordering_body": order.ordering_body.name,
        "kind": order.kind,
        "decision_number": order.decision_number,
        "decision_date": order.decision_date,
        "status": order.status,
        "handed_over_on": order.handed_over_on,
        "applied_on": order.applied_on,
    }


def public_order_sentence(order):
    """One sentence for a harvester's description (Dublin Core)."""
    text = _("Ordered by %(body)s under decision %(number)s of %(date)s.") % {
        "body": order.ordering_body.name,
        "number": order.decision_number,
        "date": order.decision_date.strftime("%d/%m/%Y"),
    }
    if order.applied_on:
        text += " " + _("The ordering body confirmed on %(date)s that the result was applied.") % {
            "date": order.applied_on.strftime("%d/%m/%Y")
        }
    return text


# The criterion's questions about orders (research.standard.counting): topic ids, as subqueries.
ORDER_STATES = {
    TopicOrderState.ORDERED: [OrderStatus.ORDERED, OrderStatus.HANDED_OVER, OrderStatus.APPLIED],
    TopicOrderState.HANDED_OVER: [OrderStatus.HANDED_OVER, OrderStatus.APPLIED],
    TopicOrderState.APPLIED: [OrderStatus.APPLIED],
}


def topics_in_order_state(states):
    """The ids of the topics whose order is in any of `states` (TopicOrderState values)."""
    statuses = {status for state in states for status in ORDER_STATES[TopicOrderState(state)]}
    return Order.objects.filter(status__in=statuses, topics__isnull=False).values("topics")


def topics_applied_between(start, end):
    """The ids of the topics whose ordering body confirmed application between the two days."""
    return Order.objects.filter(
        status=OrderStatus.APPLIED, applied_on__gte=start, applied_on__lte=end, topics__isnull=False
    ).values("topics")
