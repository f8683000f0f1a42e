"""What the portal tells people: every e-mail waits in the outbox until it is sent, and lands in
the recipient's inbox in the workspace."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (retries exhausted)")


class OutgoingEmailQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=EmailStatus.QUEUED)

    def due(self, now):
        """Queued e-mails whose next attempt has come."""
        return self.waiting().filter(next_attempt_at__lte=now).order_by("next_attempt_at", "pk")

    def failed(self):
        return self.filter(status=EmailStatus.FAILED)

    def in_trouble(self):
        """What the office should look at: given up, or queued after at least one failed try."""
        return self.filter(
            Q(status=EmailStatus.FAILED) | Q(status=EmailStatus.QUEUED, attempts__gt=0)
        )


class OutgoingEmail(models.Model):
    """One e-mail to one address, rendered when it was queued; a failed send is retried later."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    template = models.CharField(_("message kind"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outbox")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="research_outbox_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENT) | Q(sent_at__isnull=False),
                name="research_outgoingemail_sent_has_time",
            )
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class InboxMessageQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class InboxMessage(models.Model):
    """A copy of a notification in its recipient's inbox, with the page where they act on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_messages"
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    template = models.CharField(_("message kind"), max_length=100)
    email = models.ForeignKey(
        OutgoingEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = InboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox")
        indexes = [models.Index(fields=["user", "read_at"], name="research_inbox_unread")]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def state_label(self):
        return _("Read") if self.is_read else _("Unread")

    @property
    def link_in_workspace(self):
        """Opening the message in the workspace marks it read and offers its link."""
        return reverse("research:inbox-message", args=[self.pk])
