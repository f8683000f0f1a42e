"""Wagtail's image and document upload forms with the portal's upload checks
(WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from research.images import reencode
from research.validators import AttachmentExtensionValidator

validate_document = AttachmentExtensionValidator("WAGTAILDOCS_EXTENSIONS")


class ReencodedImageForm(BaseImageForm):
    """An image is stored re-encoded: no metadata, nothing appended, no side over the limit."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new upload, already checked by Wagtail's field
            file = reencode(file)
        return file


class CheckedDocumentForm(BaseDocumentForm):
    """A document's content must be what its extension says (an HTML page named .pdf is not)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_document(file)
        return file
