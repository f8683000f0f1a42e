"""The restricted files of every capability, served at one URL (research/urls.py): a wiring module,
like research/models.py, so it may import the capabilities' models."""

from django.http import Http404

from portal.operations.files import serve_file
from research.core import permissions
from research.orders.models import Order, SharedReport
from research.outputs.models.declarations import EventParticipation
from research.outputs.models.outputs import OutputFile
from research.outputs.models.records import BulletinIssue, Fieldwork, ScientificEvent
from research.proposals.models import ProposalAttachment
from research.topics.models.running import ProgressReport, SelfEvaluation


def neutral_name(item):
    """The topic's code and the record's number: the uploaded name may carry the team's names."""
    name = item.file.name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    return f"{item.topic.code}-{type(item).__name__.lower()}-{item.pk}.{extension}"


# Every kind of restricted file: its model and file field, what to load with it, the rule that
# opens it (asked about the object `owner` returns), and the name it goes out under (None: its
# stored name).
PRIVATE_FILES = [
    (OutputFile, "file", "output", "download_output_file", lambda item: item, None),
    (
        ProposalAttachment,
        "file",
        "proposal__call",
        "view_proposal",
        lambda item: item.proposal,
        # a neutral name: the uploaded one may carry the team's names, which blind review hides
        lambda item: f"{item.proposal.code}-{item.pk}.{item.extension}",
    ),
    # neutral names too: a blind acceptance council reads these
    (ProgressReport, "file", "topic", "view_topic_files", lambda item: item.topic, neutral_name),
    (SelfEvaluation, "file", "topic", "view_topic_files", lambda item: item.topic, neutral_name),
    # Declaration evidence the verification queue links to (records/, participation/).
    (Fieldwork, "report", "declared_by", "view_record_file", lambda item: item, None),
    (EventParticipation, "certificate", "person", "view_record_file", lambda item: item, None),
    (ScientificEvent, "proceedings", None, "view_record_file", lambda item: item, None),
    (BulletinIssue, "pdf", None, "view_record_file", lambda item: item, None),
    # An order's papers: the office and the ordering body's liaison (research.orders).
    (Order, "handover_file", None, "follow_order", lambda item: item, None),
    (Order, "application_file", None, "follow_order", lambda item: item, None),
    (SharedReport, "file", "order", "follow_order", lambda item: item.order, None),
]


def private_file(request, name):
    """Serve a restricted file to whoever may see it; a refused file looks like a missing one."""
    for model, field, related, rule, owner, download_name in PRIVATE_FILES:
        rows = model.objects.select_related(related) if related else model.objects.all()
        item = rows.filter(**{field: name}).first()
        if item is None:
            continue
        if not permissions.check(request.user, rule, owner(item)):
            raise Http404
        return serve_file(
            getattr(item, field), filename=download_name(item) if download_name else None
        )
    raise Http404
