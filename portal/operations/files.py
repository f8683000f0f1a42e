"""Permission-checked downloads leave through nginx: the view decides, then hands nginx an
internal path (X-Accel-Redirect) and nginx sends the bytes. Without nginx (development, tests)
Django streams them. Either way the answer is private and never stored by a shared cache."""

import mimetypes
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

# nginx's internal locations (docs/deploy/nginx/portal.conf): internal prefix → folder setting.
ACCEL_LOCATIONS = {"/_protected/private/": "PRIVATE_MEDIA_ROOT", "/_protected/media/": "MEDIA_ROOT"}


def accel_path(path):
    """The internal nginx URL of a file under one of the served folders, or None."""
    path = Path(path).resolve()
    for prefix, setting in ACCEL_LOCATIONS.items():
        root = Path(getattr(settings, setting)).resolve()
        if path.is_relative_to(root):
            return prefix + quote(path.relative_to(root).as_posix())
    return None


def private_download(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def serve_file(field_file, filename=None):
    """A download of a stored file (a FieldFile), as an attachment named `filename`."""
    if not field_file:
        raise Http404
    name = filename or Path(field_file.name).name
    if settings.X_ACCEL_REDIRECT:
        try:
            internal = accel_path(field_file.path)
        except NotImplementedError:  # a storage without local paths
            internal = None
        if internal:
            response = HttpResponse(content_type=guess_type(name))
            response["X-Accel-Redirect"] = internal
            response["Content-Disposition"] = content_disposition_header(True, name)
            return private_download(response)
    try:
        opened = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return private_download(FileResponse(opened, as_attachment=True, filename=name))


def sendfile(request, filename, **kwargs):
    """Wagtail's document serving backend (SENDFILE_BACKEND): nginx sends the checked file."""
    internal = accel_path(filename) if settings.X_ACCEL_REDIRECT else None
    if internal is None:
        from wagtail.utils.sendfile_streaming_backend import sendfile as stream

        return private_download(stream(request, filename, **kwargs))
    response = HttpResponse()
    response["X-Accel-Redirect"] = internal
    return private_download(response)


def guess_type(name):
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
