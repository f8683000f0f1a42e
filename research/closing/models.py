"""The end of a topic's life as records: recognition of results, settlement, contract close-out and
registration/deposit of results. Which of them a topic needs before it is closed is data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from research.core.choices import ClosingKind, TopicLevel, TopicStatus
from research.core.storage import private_file_field

# The outcomes after which a topic is closed, and the only statuses a record may be made in.
CLOSABLE_STATUSES = [TopicStatus.ACCEPTED, TopicStatus.FAILED, TopicStatus.TERMINATED]


class ClosingRequirementQuerySet(models.QuerySet):
    def kinds_for(self, topic):
        """The record kinds the topic needs before it is closed, in the kinds' order."""
        wanted = set(
            self.filter(Q(level="") | Q(level=topic.level), outcome=topic.status).values_list(
                "kind", flat=True
            )
        )
        return [kind for kind in ClosingKind.values if kind in wanted]


class ClosingRequirement(models.Model):
    """One record a topic of a level (any when blank) needs after an outcome before it closes."""

    level = models.CharField(
        _("level"), max_length=20, choices=[("", _("Any")), *TopicLevel.choices], blank=True
    )
    outcome = models.CharField(
        _("after"),
        max_length=20,
        choices=[(status, TopicStatus(status).label) for status in CLOSABLE_STATUSES],
    )
    kind = models.CharField(_("record"), max_length=20, choices=ClosingKind.choices)

    objects = ClosingRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["outcome", "kind", "level"]
        verbose_name = _("closing requirement")
        verbose_name_plural = _("closing requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "outcome", "kind"],
                name="research_closingrequirement_once",
                violation_error_message=_("This requirement already exists."),
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} → {self.get_kind_display()} ({self.get_level_display() or _('Any')})"


def closing_file_path(instance, filename):
    return f"closing/{filename}"


class ClosingRecord(models.Model):
    """A dated, numbered record of one step of a topic's close, with its signed file."""

    topic = models.ForeignKey(
        "research.Topic", on_delete=models.CASCADE, related_name="closing_records"
    )
    kind = models.CharField(_("record"), max_length=20, choices=ClosingKind.choices)
    number = models.CharField(
        _("document number"), max_length=100, help_text=_("Number and symbol, e.g. 45-QĐ/TCT.")
    )
    signed_on = models.DateField(_("date"))
    amount = models.PositiveBigIntegerField(
        _("amount settled (VND)"), null=True, blank=True, help_text=_("Only for a settlement.")
    )
    agency = models.CharField(
        _("agency"),
        max_length=300,
        blank=True,
        help_text=_("For a registration: the science and technology agency that registered it."),
    )
    note = models.TextField(_("note"), blank=True)
    file = private_file_field(_("signed file"), closing_file_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["topic", "signed_on", "pk"]
        verbose_name = _("closing record")
        verbose_name_plural = _("closing records")
        constraints = [
            models.UniqueConstraint(fields=["topic", "kind"], name="research_closingrecord_once"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(kind=ClosingKind.SETTLEMENT),
                name="research_closingrecord_amount_only_for_settlement",
                violation_error_message=_("Only a settlement records an amount."),
            ),
        ]

    def __str__(self):
        return f"{self.topic.code}: {self.get_kind_display()} {self.number} ({self.signed_on:%d/%m/%Y})"
