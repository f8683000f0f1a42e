"""Upload checks shared by every model that stores a file.

Limits come from settings so that an operator can change them without a migration.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


@deconstructible
class MaxFileSizeValidator:
    def __init__(self, setting_name):
        self.setting_name = setting_name

    def __call__(self, file):
        limit = getattr(settings, self.setting_name)
        if file.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest allowed is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator) and other.setting_name == self.setting_name


@deconstructible
class AttachmentExtensionValidator:
    def __init__(self, setting_name="ATTACHMENT_EXTENSIONS"):
        self.setting_name = setting_name

    def __call__(self, file):
        extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
        allowed = getattr(settings, self.setting_name)
        if extension not in allowed:
            raise ValidationError(
                _("Files of type “%(extension)s” are not accepted. Allowed types: %(allowed)s."),
                code="invalid_extension",
                params={"extension": extension or "?", "allowed": ", ".join(allowed)},
            )

    def __eq__(self, other):
        return (
            isinstance(other, AttachmentExtensionValidator)
            and other.setting_name == self.setting_name
        )


def validate_photo(file):
    """Open the upload with Pillow: the extension alone proves nothing."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
            image_format = image.format
    except Exception as error:
        raise ValidationError(_("The photo is not a valid image."), code="invalid_image") from error
    finally:
        file.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("Photos must be JPEG, PNG or WebP images."), code="invalid_image_format"
        )


validate_photo_size = MaxFileSizeValidator("PHOTO_MAX_UPLOAD_SIZE")
validate_attachment_size = MaxFileSizeValidator("ATTACHMENT_MAX_UPLOAD_SIZE")
validate_attachment_extension = AttachmentExtensionValidator()
validate_proposal_attachment_extension = AttachmentExtensionValidator(
    "PROPOSAL_ATTACHMENT_EXTENSIONS"
)


def validate_docx_file(file):
    """A Word document by its content: a zip holding word/document.xml, not just a name."""
    import zipfile

    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise ValidationError(
            _("The file is not a Word document (.docx)."), code="invalid_docx"
        ) from error
    finally:
        file.seek(0)


def validate_pdf_file(file):
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("The file is not a PDF document."), code="invalid_pdf")
