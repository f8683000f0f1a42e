from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.urls import reverse

from research.core.validators import validate_attachment_extension, validate_attachment_size


class PrivateFileSystemStorage(FileSystemStorage):
    """Files kept outside MEDIA_ROOT; their URL is the permission-checked download view."""

    def url(self, name):
        return reverse("research:private-file", args=[name])


def private_storage():
    """The restricted-files storage, looked up when used so that settings can point it elsewhere."""
    return storages["private"]


def private_file_field(verbose_name, upload_to, *, extensions=None, **kwargs):
    """A restricted attachment: private storage, extension and size checked."""
    return models.FileField(
        verbose_name,
        storage=private_storage,
        upload_to=upload_to,
        validators=[extensions or validate_attachment_extension, validate_attachment_size],
        **kwargs,
    )
