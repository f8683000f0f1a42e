from django.core.files.storage import storages
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    """The storage for restricted files, resolved lazily so tests can point it elsewhere."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()
