from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse
from django.utils.functional import LazyObject


class PrivateFileSystemStorage(FileSystemStorage):
    """Files kept outside MEDIA_ROOT; their URL is the permission-checked download view."""

    def url(self, name):
        return reverse("research:private-file", args=[name])


class PrivateStorage(LazyObject):
    """Resolved lazily so that test settings can point it elsewhere."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()
