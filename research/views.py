from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from research import permissions
from research.models import OutputFile


def private_file(request, name):
    """Serve a restricted file to whoever may see it; a refused file looks like a missing one."""
    output_file = get_object_or_404(OutputFile.objects.select_related("output"), file=name)
    if not permissions.check(request.user, "download_output_file", output_file):
        raise Http404
    return FileResponse(output_file.file.open("rb"), as_attachment=True)
