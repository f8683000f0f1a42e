"""Wagtail's image and document upload forms with the portal's upload checks
(WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

from django.core.files.uploadedfile import UploadedFile
from PIL import Image
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from research.core.images import reencode
from research.core.validators import (
    AttachmentExtensionValidator,
    too_many_pixels,
    validate_pixel_size,
)

validate_document = AttachmentExtensionValidator("WAGTAILDOCS_EXTENSIONS")


class CappedImageField(WagtailImageField):
    """Reads the size from the header and refuses a huge image before Wagtail decodes it (its
    own pixel check comes after decoding the whole image into memory)."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            try:
                data.seek(0)
                with Image.open(data) as image:
                    validate_pixel_size(*image.size)
            except Image.DecompressionBombError as error:
                raise too_many_pixels() from error
            except OSError:
                pass  # not an image: Wagtail's own check says so
            finally:
                data.seek(0)
        return super().to_python(data)


class ReencodedImageForm(BaseImageForm):
    """An image is stored re-encoded: no metadata, nothing appended, no side over the limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            original = self.fields["file"]
            self.fields["file"] = CappedImageField(
                required=original.required, label=original.label, help_text=original.help_text
            )
            self.fields["file"].widget = original.widget

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
