"""Lecturers' own declarations (outputs, fieldwork, event participation) and what the office and
co-authors do with them. A declaration counts in criterion 4 and may be published only once the
research office has verified it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core.actions import ActionRefused, authorise, require_reason
from research.inbox.notifications import notify, people_emails
from research.outputs.models.declarations import Verification
from research.outputs.models.outputs import Output, OutputAuthor, OutputFile

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
            if self.accept and isinstance(record, Output):
                same = Output.objects.verified().same_as(record).first()
                if same is not None:
                    # Another co-author, an import or the office already holds this work: it
                    # stays one record with all its authors, and counts once.
                    merged = merge_output(record, into=same, user=self.user)
                    self.notify_declarer(record, merged, reason)
                    self.record.verification = Verification.VERIFIED
                    return merged
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
            self.notify_declarer(record, record, reason)
        self.record.verification = record.verification
        return record

    def notify_declarer(self, declared, record, reason):
        if declared.declared_by and declared.declared_by.email:
            notify(
                "declaration_decided",
                [declared.declared_by.email],
                {"record": record, "verified": self.accept, "reason": reason},
            )


# What a merged declaration brings to the record it joins when that record has none.
MERGED_FIELDS = [
    "abstract",
    "venue",
    "volume",
    "issue",
    "pages",
    "issn",
    "isbn",
    "publisher",
    "url",
]


def merge_output(duplicate, *, into, user):
    """Fold a declared output into the existing record of the same work: its authors (with their
    confirmations) and files join, its blank details are filled, and the duplicate goes. Runs
    inside the caller's transaction, with both rows locked."""
    into = Output.objects.select_for_update().get(pk=into.pk)
    present = {author.person_id: author for author in into.authors.all()}
    order = max((author.sort_order or 0 for author in present.values()), default=0)
    added = []
    for author in duplicate.authors.select_related("person").order_by("sort_order"):
        kept = present.get(author.person_id)
        if kept is None:
            order += 1
            OutputAuthor.objects.create(
                output=into,
                person=author.person,
                sort_order=order,
                confirmed_at=author.confirmed_at,
            )
            added.append(author.person.full_name)
        elif kept.confirmed_at is None and author.confirmed_at is not None:
            kept.confirmed_at = author.confirmed_at
            kept.save(update_fields=["confirmed_at"])
    filled = []
    for name in MERGED_FIELDS:
        if not getattr(into, name) and getattr(duplicate, name):
            setattr(into, name, getattr(duplicate, name))
            filled.append(name)
    if into.topic_id is None and duplicate.topic_id:
        into.topic_id = duplicate.topic_id
        filled.append("topic")
    if filled:
        into.save(update_fields=filled)
    OutputFile.objects.filter(output=duplicate).update(output=into)
    log(
        instance=into,
        action=LOG_ACTION,
        user=user,
        data={
            "event": "merged",
            "duplicate": duplicate.title,
            "declared_by": getattr(duplicate.declared_by, "username", ""),
            "authors_added": added,
            "filled": filled,
        },
    )
    duplicate.delete()
    return into


def notify_coauthors(output, declarer):
    """Ask the co-authors a lecturer named in a declared output to confirm it is theirs (they
    confirm from their contribution page; the confirmation is recorded on the authorship)."""
    people = [
        author.person
        for author in output.authors.select_related("person")
        if author.person_id != declarer.pk
        and author.confirmed_at is None
        and author.person.user_id  # an outside co-author has no workspace to confirm from
    ]
    notify("authorship_to_confirm", people_emails(people), {"output": output, "declarer": declarer})


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
