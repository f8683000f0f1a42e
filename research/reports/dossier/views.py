from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from research.core import permissions
from research.reports.dossier.builder import dossier_zip, zip_name
from research.topics.models.topics import Topic


class DossierDownloadView(View):
    """The topic's archive dossier as a ZIP, streamed as it is built."""

    def get(self, request, pk):
        topic = get_object_or_404(Topic, pk=pk)
        permissions.require(request.user, "export_dossier", topic)
        response = StreamingHttpResponse(dossier_zip(topic), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{zip_name(topic)}"'
        return response
