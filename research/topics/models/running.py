"""What a running topic produces: progress reports and change requests, and the rules for them."""

import datetime
import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from research.core.choices import ChangeKind, LegalBasis, ReportStatus, RequestStatus, TopicLevel
from research.core.storage import private_file_field
from research.core.validators import limit_months, limit_text


class ChangePolicyQuerySet(models.QuerySet):
    def for_scope(self, level, legal_basis):
        """The most specific policy for a level and a legal basis."""
        policies = self.filter(
            Q(level="") | Q(level=level), Q(legal_basis="") | Q(legal_basis=legal_basis)
        )
        return max(policies, key=lambda p: bool(p.level) + bool(p.legal_basis), default=None)

    def for_topic(self, topic):
        return self.for_scope(topic.level, topic.legal_basis)


class ChangePolicy(models.Model):
    """How long a topic may run and how far it may be extended, per level and legal basis (a
    school's own rules may differ)."""

    level = models.CharField(
        _("level"), max_length=20, choices=[("", _("Any")), *TopicLevel.choices], blank=True
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=4, choices=[("", _("Any")), *LegalBasis.choices], blank=True
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("longest duration (months)"),
        default=24,
        help_text=_("From the planned start to the planned end, before any extension."),
    )
    max_extensions = models.PositiveSmallIntegerField(_("extensions allowed"), default=1)
    max_extension_months = models.PositiveSmallIntegerField(
        _("longest extension (months)"), default=12
    )

    objects = ChangePolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("change policy")
        verbose_name_plural = _("change policies")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "legal_basis"], name="research_changepolicy_one_per_scope"
            )
        ]

    def __str__(self):
        return _("%(count)d extension(s) of at most %(months)d months") % {
            "count": self.max_extensions,
            "months": self.max_extension_months,
        }

    def latest_end(self, start, extended_months=0):
        """The last day a topic starting on `start` may run, with the extensions it was granted."""
        months = self.max_duration_months + extended_months
        return start + relativedelta(months=months) - datetime.timedelta(days=1)


def report_file_path(instance, filename):
    """A random stored name: the uploaded one may carry the team's names, which a blind
    acceptance council must not read (the file's address is in the pages it opens)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reports/{uuid.uuid4().hex}.{extension}"


class ProgressReport(models.Model):
    topic = models.ForeignKey(
        "research.Topic", on_delete=models.CASCADE, related_name="progress_reports"
    )
    deadline = models.ForeignKey(
        "research.Deadline",
        verbose_name=_("deadline answered"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_reports",
    )
    text = models.TextField(_("progress so far"), validators=[limit_text])
    percent_done = models.PositiveSmallIntegerField(
        _("percentage done"), validators=[MaxValueValidator(100)]
    )
    outputs = models.ManyToManyField(
        "research.Output", verbose_name=_("outputs so far"), blank=True, related_name="+"
    )
    file = private_file_field(_("file"), report_file_path, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    office_comment = models.TextField(
        _("comment of the research office"), blank=True, validators=[limit_text]
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_done__lte=100),
                name="research_progressreport_percent_at_most_100",
            )
        ]

    def __str__(self):
        return f"{self.topic.code} — {self.submitted_at:%d/%m/%Y} ({self.percent_done}%)"


class ChangeRequest(models.Model):
    topic = models.ForeignKey(
        "research.Topic", on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeKind.choices)
    reason = models.TextField(_("reason"), validators=[limit_text])
    months = models.PositiveSmallIntegerField(
        _("extension (months)"),
        null=True,
        blank=True,
        help_text=_("Only for an extension."),
        validators=[limit_months],
    )
    details = models.TextField(_("what changes"), blank=True, validators=[limit_text])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        editable=False,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ChangeKind.EXTENSION) | Q(months__gte=1),
                name="research_changerequest_extension_has_months",
                violation_error_message=_("An extension request says by how many months."),
            )
        ]

    def __str__(self):
        return f"{self.topic.code}: {self.get_kind_display()} ({self.get_status_display()})"


class SelfEvaluation(models.Model):
    """The team's own evaluation (tự đánh giá) before the acceptance council."""

    topic = models.OneToOneField(
        "research.Topic", on_delete=models.CASCADE, related_name="self_evaluation"
    )
    text = models.TextField(_("self-evaluation"), validators=[limit_text])
    file = private_file_field(_("report file"), report_file_path, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    class Meta:
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")

    def __str__(self):
        return f"{self.topic.code} — {self.submitted_at:%d/%m/%Y}"
