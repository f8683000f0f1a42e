"""Uploading a file as a batch: the same path for the admin and the command line."""

import os

from django.core.files.base import File

from research.models import ImportBatch

from .engine import build_preview


def start_batch(kind, upload, *, user, file_name, choices=None):
    """(batch, preview): the preview is built first, so a refused file is never stored."""
    preview = build_preview(kind, upload, choices)
    upload.seek(0)
    batch = ImportBatch(kind=kind, file_name=os.path.basename(file_name), uploaded_by=user)
    batch.file.save(os.path.basename(file_name), File(upload), save=True)
    return batch, preview


def preview_batch(batch, choices=None):
    with batch.file.open("rb") as handle:
        return build_preview(batch.kind, handle, choices)
