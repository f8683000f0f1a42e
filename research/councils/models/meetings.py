"""When and where a council sits for one round of a proposal's selection or a topic's acceptance,
and by when its members' score sheets are due."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CouncilMeetingQuerySet(models.QuerySet):
    def of_round(self, subject):
        """The meeting of the subject's current round, or None."""
        field = "proposal" if subject._meta.model_name == "proposal" else "topic"
        return self.filter(**{field: subject, "round": subject.current_round}).first()


class CouncilMeeting(models.Model):
    proposal = models.ForeignKey(
        "research.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    topic = models.ForeignKey(
        "research.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    held_on = models.DateField(_("meeting date"))
    starts_at = models.TimeField(_("start time"))
    venue = models.CharField(_("venue"), max_length=300)
    reviews_due_on = models.DateField(
        _("score sheets due"),
        null=True,
        blank=True,
        help_text=_("Members are reminded before this day; empty: the call's review date."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CouncilMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-starts_at"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round"], name="research_councilmeeting_once_per_round"
            ),
            models.UniqueConstraint(
                fields=["topic", "round"], name="research_councilmeeting_once_per_acceptance"
            ),
            models.CheckConstraint(
                condition=Q(proposal__isnull=True, topic__isnull=False)
                | Q(proposal__isnull=False, topic__isnull=True),
                name="research_councilmeeting_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(reviews_due_on__isnull=True)
                | Q(reviews_due_on__lte=models.F("held_on")),
                name="research_councilmeeting_sheets_due_by_meeting",
                violation_error_message=_("Score sheets are due on or before the meeting."),
            ),
        ]

    def __str__(self):
        subject = self.proposal or self.topic
        return f"{subject.code} — {self.held_on:%d/%m/%Y} {self.starts_at:%H:%M}, {self.venue}"

    @property
    def subject(self):
        return self.proposal if self.proposal_id else self.topic
