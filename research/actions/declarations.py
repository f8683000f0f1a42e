"""Lecturers' own declarations (outputs, fieldwork, event participation) and what the office and
co-authors do with them. A declaration counts in criterion 4 and may be published only once the
research office has verified it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.models import Output, Verification
from research.notifications import notify

from .base import ActionRefused, authorise
from .proposals import require_reason

LOG_ACTION = "research.declaration"


def locked(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


def prepare_declaration(record, user):
    """A lecturer's new or corrected declaration waits for the office (set before it is saved,
    so that nothing reacts to it as verified)."""
    record.verification = Verification.PENDING
    record.declared_by = user
    record.verification_note = ""


def log_declaration(record, user, created):
    log(
        instance=record,
        action=LOG_ACTION,
        user=user,
        data={"event": "declared" if created else "corrected"},
    )


class VerifyDeclaration:
    """The research office accepts a pending declaration, or returns it with the reason."""

    def __init__(self, record, *, user, accept, reason=""):
        self.record, self.user, self.accept, self.reason = record, user, accept, reason

    def execute(self):
        with transaction.atomic():
            record = locked(self.record)
            authorise(self.user, "verify_declarations", record)
            if record.verification != Verification.PENDING:
                raise ActionRefused(_("This declaration is not waiting for verification."))
            reason = "" if self.accept else require_reason(self.reason)
            record.verification = Verification.VERIFIED if self.accept else Verification.RETURNED
            record.verification_note = reason
            record.verified_by = self.user
            record.verified_at = timezone.now()
            record.save()
            log(
                instance=record,
                action=LOG_ACTION,
                user=self.user,
                data={"event": record.verification, "reason": reason},
            )
            if record.declared_by and record.declared_by.email:
                notify(
                    "declaration_decided",
                    [record.declared_by.email],
                    {"record": record, "verified": self.accept, "reason": reason},
                )
        self.record.verification = record.verification
        return record


class ConfirmAuthorship:
    """A co-author named in a declared output confirms that it is theirs."""

    def __init__(self, authorship, *, user):
        self.authorship, self.user = authorship, user

    def execute(self):
        with transaction.atomic():
            authorship = (
                type(self.authorship).objects.select_for_update().get(pk=self.authorship.pk)
            )
            authorise(self.user, "confirm_authorship", authorship)
            if authorship.confirmed_at is None:
                authorship.confirmed_at = timezone.now()
                authorship.save(update_fields=["confirmed_at"])
                log(
                    instance=Output.objects.get(pk=authorship.output_id),
                    action=LOG_ACTION,
                    user=self.user,
                    data={"event": "confirmed", "author": authorship.person.full_name},
                )
        return authorship
