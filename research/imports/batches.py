"""Uploading a file as a batch: the same path for the admin and the command line. The file is
read once, here; the batch keeps its rows for the preview and the import."""

import os

from django.core.files.base import File

from research.imports.models import ImportBatch

from .engine import batch_rows, encode_rows, plan_rows, read_kind_rows


def start_batch(kind, upload, *, user, file_name, choices=None):
    """(batch, preview): the file is read and previewed first, so a refused file is never
    stored."""
    rows = read_kind_rows(kind, upload)
    preview = plan_rows(kind, rows, choices)
    upload.seek(0)
    batch = ImportBatch(
        kind=kind,
        file_name=os.path.basename(file_name),
        uploaded_by=user,
        rows=encode_rows(rows),
        summary=preview.counts,
    )
    batch.file.save(os.path.basename(file_name), File(upload), save=True)
    return batch, preview


def preview_batch(batch, choices=None):
    """The batch's preview from the rows read at upload: the file is not parsed again."""
    return plan_rows(batch.kind, batch_rows(batch), choices)
