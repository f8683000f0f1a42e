from django.http import Http404

from research import permissions
from research.models import OutputFile, ProposalAttachment
from research.operations.files import serve_file


def private_file(request, name):
    """Serve a restricted file to whoever may see it; a refused file looks like a missing one.

    Proposal attachments go out under a neutral name, so a blind review stays blind.
    """
    output_file = OutputFile.objects.select_related("output").filter(file=name).first()
    if output_file is not None:
        if not permissions.check(request.user, "download_output_file", output_file):
            raise Http404
        return serve_file(output_file.file)
    attachment = (
        ProposalAttachment.objects.select_related("proposal__call").filter(file=name).first()
    )
    if attachment is None or not permissions.check(
        request.user, "view_proposal", attachment.proposal
    ):
        raise Http404
    return serve_file(
        attachment.file,
        filename=f"{attachment.proposal.code}-{attachment.pk}.{attachment.extension}",
    )
