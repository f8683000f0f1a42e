from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse


class PrivateFileSystemStorage(FileSystemStorage):
    """Files kept outside MEDIA_ROOT; their URL is the permission-checked download view."""

    def url(self, name):
        return reverse("research:private-file", args=[name])


def private_storage():
    """The restricted-files storage, looked up when used so that settings can point it elsewhere."""
    return storages["private"]
