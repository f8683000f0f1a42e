import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from .choices import DeadlineKind


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def done(self):
        return self.filter(done_on__isnull=False)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

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
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done date"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.due_on:%d/%m/%Y}"

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()
