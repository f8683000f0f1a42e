"""What lecturers declare themselves (outputs, fieldwork, event participation) waits for the
research office: only verified records count in criterion 4 or reach the public site."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from research.core.storage import private_file_field


class Verification(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned for correction")


class DeclaredQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification=Verification.VERIFIED)

    def pending(self):
        return self.filter(verification=Verification.PENDING)

    def declared_by(self, user):
        return self.filter(declared_by=user)


class Declared(models.Model):
    """A record that may come from a lecturer's declaration. What the office enters or imports
    is verified from the start."""

    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.VERIFIED,
        editable=False,
        db_index=True,
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    verification_note = models.TextField(_("reason for returning"), blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_verified(self):
        return self.verification == Verification.VERIFIED


class ParticipationRole(models.TextChoices):
    PRESENTER = "presenter", _("Presented a paper")
    PARTICIPANT = "participant", _("Took part")
    CHAIR = "chair", _("Chaired a session")


def participation_file_path(instance, filename):
    return f"participation/{filename}"


class EventParticipation(Declared):
    """A lecturer's part in a scientific event, the school's own or another organiser's."""

    person = models.ForeignKey(
        "research.Person",
        verbose_name=_("lecturer"),
        on_delete=models.CASCADE,
        related_name="event_participations",
    )
    event = models.ForeignKey(
        "research.ScientificEvent",
        verbose_name=_("event of the school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    event_title = models.CharField(
        _("event"), max_length=500, blank=True, help_text=_("For an event of another organiser.")
    )
    organiser = models.CharField(_("organiser"), max_length=300, blank=True)
    held_on = models.DateField(_("date"))
    role = models.CharField(_("role"), max_length=20, choices=ParticipationRole.choices)
    paper_title = models.CharField(_("paper"), max_length=500, blank=True)
    certificate = private_file_field(
        _("certificate or programme"), participation_file_path, blank=True
    )

    objects = DeclaredQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("event participation")
        verbose_name_plural = _("event participation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__isnull=False) | ~models.Q(event_title=""),
                name="research_eventparticipation_names_its_event",
                violation_error_message=_("Choose an event of the school or name the event."),
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.event.title if self.event_id else self.event_title}"
