import datetime
import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from research.core.bounds import plausible_date
from research.core.choices import DeadlineKind, LegalBasis, ReportStatus, TopicLevel


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        """Not done and not waived: what the responsible person still owes."""
        return self.filter(done_on__isnull=True, waived_on__isnull=True)

    def done(self):
        return self.filter(done_on__isnull=False)

    def with_pending_report(self):
        """Mark the deadlines answered by a progress report the office has not decided yet."""
        # through the reports' relation to their deadline (ProgressReport.deadline)
        return self.annotate(
            has_pending_report=models.Exists(
                self.model.objects.filter(
                    pk=models.OuterRef("pk"), progress_reports__status=ReportStatus.SUBMITTED
                )
            )
        )

    def overdue(self, today=None):
        """Open, past due, and not answered by a report that waits for the office: the person
        responsible has done their part."""
        return (
            self.open()
            .filter(due_on__lt=today or timezone.localdate())
            .with_pending_report()
            .filter(has_pending_report=False)
        )

    def for_calendar(self, person=None):
        """Deadlines of the topics `person` works on, or every deadline when `person` is None."""
        deadlines = (
            self.select_related("topic", "responsible")
            .with_pending_report()
            .order_by("due_on", "pk")
        )
        if person is None:
            return deadlines
        return deadlines.filter(
            models.Q(responsible=person) | models.Q(topic__members__person=person)
        ).distinct()

    def due_within(self, days, today=None):
        """Open deadlines due from today up to `days` days ahead (overdue ones excluded)."""
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days))


class Deadline(models.Model):
    """A dated obligation on a topic."""

    topic = ParentalKey("research.Topic", on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    responsible = models.ForeignKey(
        "research.Person",
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
    )
    due_on = models.DateField(_("due date"), validators=[plausible_date])
    done_on = models.DateField(_("done date"), null=True, blank=True, validators=[plausible_date])
    waived_on = models.DateField(_("waived on"), null=True, blank=True, editable=False)
    waive_reason = models.TextField(_("reason for waiving"), blank=True, editable=False)
    # Deadlines made from a rule are remade when the topic's dates change; hand-made ones stay.
    rule = models.ForeignKey(
        "research.DeadlineRule",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    sequence = models.PositiveSmallIntegerField(default=1, editable=False)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.due_on:%d/%m/%Y}"

    @property
    def responsible_name(self):
        return self.responsible.full_name if self.responsible else ""

    @property
    def state(self):
        """done, waived, submitted (a report waits for the office), overdue or open."""
        if self.done_on:
            return "done"
        if self.waived_on:
            return "waived"
        if self.awaiting_review:
            return "submitted"
        return "overdue" if self.due_on < timezone.localdate() else "open"

    @property
    def state_label(self):
        if self.done_on:
            return _("Done on %(date)s") % {"date": self.done_on.strftime("%d/%m/%Y")}
        return {
            "waived": _("Waived"),
            "submitted": _("Submitted, awaiting review"),
            "overdue": _("Overdue"),
            "open": _("Open"),
        }[self.state]

    @property
    def is_open(self):
        return self.done_on is None and self.waived_on is None

    @property
    def awaiting_review(self):
        """A progress report answers it and waits for the office's decision."""
        if hasattr(self, "has_pending_report"):
            return self.has_pending_report
        return self.progress_reports.filter(status=ReportStatus.SUBMITTED).exists()

    @property
    def is_overdue(self):
        return self.state == "overdue"


# However long a topic's dates say it runs, a rule repeats at most this often on it (five years of
# monthly reports): a typo in a date never floods a topic with deadlines.
MAX_REPEATS = 60


class DeadlineAnchor(models.TextChoices):
    START = "start", _("Planned start")
    END = "end", _("Planned end")
    ACCEPTANCE = "acceptance", _("Acceptance")


class DeadlineRuleQuerySet(models.QuerySet):
    def for_topic(self, topic):
        """The rules that apply to a topic; for each kind the most specific rule wins."""
        rules = self.filter(
            models.Q(level="") | models.Q(level=topic.level),
            models.Q(legal_basis="") | models.Q(legal_basis=topic.legal_basis),
        )
        chosen = {}
        for rule in sorted(rules, key=lambda r: bool(r.level) + bool(r.legal_basis)):
            chosen[rule.kind] = rule
        return list(chosen.values())


class DeadlineRule(models.Model):
    """When a topic owes something, per level and legal basis; the office edits these."""

    level = models.CharField(
        _("level"), max_length=20, choices=[("", _("Any"))] + TopicLevel.choices, blank=True
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=4, choices=[("", _("Any"))] + LegalBasis.choices, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    anchor = models.CharField(_("counted from"), max_length=10, choices=DeadlineAnchor.choices)
    offset_days = models.IntegerField(
        _("offset (days)"), default=0, help_text=_("Negative: before the anchor date.")
    )
    every_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"),
        null=True,
        blank=True,
        help_text=_(
            "For recurring obligations such as progress reports, counted from the start until the end."
        ),
    )

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "level", "legal_basis"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "legal_basis", "kind"],
                name="research_deadlinerule_one_per_kind",
                violation_error_message=_(
                    "There is already a rule for this kind, level and legal basis."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(every_months__isnull=True) | models.Q(every_months__gte=1),
                name="research_deadlinerule_repeat_positive",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_level_display() or _('Any')})"

    def dates_for(self, topic):
        """The due dates this rule gives a topic; none yet for a date the topic has not reached."""
        start, end = topic.planned_start, topic.planned_end
        if self.every_months:
            dates, step = [], 1
            while (due := start + relativedelta(months=self.every_months * step)) < end:
                dates.append(due)
                step += 1
                if step > MAX_REPEATS:
                    break
            return dates
        anchor = {
            DeadlineAnchor.START: start,
            DeadlineAnchor.END: end,
            DeadlineAnchor.ACCEPTANCE: topic.accepted_on,
        }[self.anchor]
        return [anchor + datetime.timedelta(days=self.offset_days)] if anchor else []


def regenerate_deadlines(topic):
    """Bring the rule-made deadlines in line with the topic's dates and rules.

    Deadlines already done or waived stay as they are; hand-made ones are never touched.
    Returns the number of open rule-made deadlines after the change.
    """
    settled = set(
        topic.deadlines.filter(rule__isnull=False)
        .exclude(done_on__isnull=True, waived_on__isnull=True)
        .values_list("rule_id", "sequence")
    )
    topic.deadlines.filter(rule__isnull=False).open().delete()
    principal = topic.principal
    created = [
        Deadline(
            topic=topic,
            rule=rule,
            sequence=sequence,
            kind=rule.kind,
            due_on=due,
            responsible=principal,
        )
        for rule in DeadlineRule.objects.for_topic(topic)
        for sequence, due in enumerate(rule.dates_for(topic), start=1)
        if (rule.pk, sequence) not in settled
    ]
    Deadline.objects.bulk_create(created)
    return len(created)


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due date")
    OVERDUE = "overdue", _("Overdue, escalated to the office")


class DeadlineReminder(models.Model):
    """A reminder that was sent, so that none is sent twice."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    days_before = models.SmallIntegerField(default=0)
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "days_before"], name="research_deadlinereminder_once"
            )
        ]

    def __str__(self):
        return f"{self.deadline} — {self.kind} {self.days_before} ({self.sent_on:%d/%m/%Y})"


class OfficeDigest(models.Model):
    """The weekly digest sent to the research office, one per ISO week."""

    week = models.CharField(max_length=8, unique=True)
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")

    def __str__(self):
        return self.week


class CalendarToken(models.Model):
    """The secret in a person's iCal feed address; replacing it revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(self.user)

    @classmethod
    def renew(cls, user):
        token, _created = cls.objects.update_or_create(
            user=user, defaults={"token": secrets.token_urlsafe(32)}
        )
        return token
