"""What “My contribution” shows of a lecturer's declarations, and what waits for them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from research.outputs.models.declarations import EventParticipation, Verification
from research.outputs.models.outputs import Output, OutputAuthor
from research.outputs.models.records import Fieldwork

# (model, what it is called, the URL name that corrects it)
KINDS = [
    (Output, _("Output"), "research:declare-output-edit"),
    (Fieldwork, _("Fieldwork"), "research:declare-fieldwork-edit"),
    (EventParticipation, _("Event participation"), "research:declare-event-edit"),
]


@dataclass
class Declaration:
    record: object
    label: str
    edit_url_name: str

    @property
    def editable(self):
        return not self.record.is_verified


def declarations_of(user):
    """{status: [Declaration]} of the user's own declarations, newest first."""
    grouped = {status: [] for status in Verification.values}
    for model, label, url_name in KINDS:
        for record in model.objects.declared_by(user).order_by("-pk"):
            grouped[record.verification].append(Declaration(record, label, url_name))
    return [(Verification(status).label, status, rows) for status, rows in grouped.items()]


def authorships_to_confirm(person):
    """Outputs another lecturer declared that name `person` and that `person` has not confirmed."""
    return (
        OutputAuthor.objects.filter(
            person=person, confirmed_at__isnull=True, output__declared_by__isnull=False
        )
        .exclude(output__declared_by__person=person)
        .select_related("output", "output__declared_by__person")
    )
