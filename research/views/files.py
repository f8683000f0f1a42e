from django.http import Http404

from research import permissions
from research.models import OutputFile, ProgressReport, ProposalAttachment, SelfEvaluation
from research.operations.files import serve_file

# Every kind of restricted file: where it is stored, the rule that opens it (asked about the
# object `owner` returns), and the name it goes out under (None: its stored name).
PRIVATE_FILES = [
    (OutputFile, "output", "download_output_file", lambda item: item, None),
    (
        ProposalAttachment,
        "proposal__call",
        "view_proposal",
        lambda item: item.proposal,
        # a neutral name: the uploaded one may carry the team's names, which blind review hides
        lambda item: f"{item.proposal.code}-{item.pk}.{item.extension}",
    ),
    (ProgressReport, "topic", "view_topic_files", lambda item: item.topic, None),
    (SelfEvaluation, "topic", "view_topic_files", lambda item: item.topic, None),
]


def private_file(request, name):
    """Serve a restricted file to whoever may see it; a refused file looks like a missing one."""
    for model, related, rule, owner, download_name in PRIVATE_FILES:
        item = model.objects.select_related(related).filter(file=name).first()
        if item is None:
            continue
        if not permissions.check(request.user, rule, owner(item)):
            raise Http404
        return serve_file(item.file, filename=download_name(item) if download_name else None)
    raise Http404
