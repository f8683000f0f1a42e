"""Upload checks shared by every model that stores a file, and limits on numbers and text.

Limits come from settings so that an operator can change them without a migration.
"""

import zipfile

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


# What a file of each accepted type starts with (or, for the ZIP-based office formats, contains):
# an HTML page or an SVG named “.pdf” is refused.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel and PowerPoint before 2007
SIGNATURES = {"pdf": b"%PDF-", "doc": OLE2, "xls": OLE2, "ppt": OLE2}
ZIP_MEMBERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OPENDOCUMENT = {"odt": b"application/vnd.oasis.opendocument.text"}


def content_matches(file, extension):
    """Whether the bytes are a file of that type; an unknown type passes on its extension alone."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if extension in SIGNATURES:
        return head.startswith(SIGNATURES[extension])
    if extension not in ZIP_MEMBERS and extension not in OPENDOCUMENT and extension != "zip":
        return True
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if extension in ZIP_MEMBERS:
                return "[Content_Types].xml" in names and any(
                    name.startswith(ZIP_MEMBERS[extension]) for name in names
                )
            if extension in OPENDOCUMENT:
                return archive.read("mimetype").strip() == OPENDOCUMENT[extension]
            return True
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        file.seek(0)


@deconstructible
class AttachmentExtensionValidator:
    """The extension is one of the allowed types and the content is a file of that type."""

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
        if not content_matches(file, extension):
            raise ValidationError(
                _("The file is not a real %(extension)s file: its content is of another type."),
                code="invalid_content",
                params={"extension": extension.upper()},
            )

    def __eq__(self, other):
        return (
            isinstance(other, AttachmentExtensionValidator)
            and other.setting_name == self.setting_name
        )


def validate_photo(file):
    """Open the upload with Pillow: the extension alone proves nothing. The size in pixels is
    read from the header, before anything is decoded: a huge image is refused unopened."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
            if max(width, height) <= settings.IMAGE_MAX_SIDE:
                image.verify()
    except Image.DecompressionBombError as error:
        raise too_many_pixels() from error
    except Exception as error:
        raise ValidationError(_("The photo is not a valid image."), code="invalid_image") from error
    finally:
        file.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("Photos must be JPEG, PNG or WebP images."), code="invalid_image_format"
        )
    validate_pixel_size(width, height)


def too_many_pixels():
    return ValidationError(_("The image has too many pixels."), code="image_too_large")


def validate_pixel_size(width, height):
    limit = settings.IMAGE_MAX_SIDE
    if max(width, height) > limit:
        raise ValidationError(
            _("The image is %(width)d × %(height)d pixels; the largest allowed side is %(limit)d."),
            code="image_too_large",
            params={"width": width, "height": height, "limit": limit},
        )


@deconstructible
class SettingLimitValidator:
    """A number or a text no larger than a setting (VND amounts, months, comment lengths), so
    that a typo or a hostile form never stores 9,223,372,036,854,775,807 đ."""

    def __init__(self, setting_name):
        self.setting_name = setting_name

    def __call__(self, value):
        limit = getattr(settings, self.setting_name)
        if isinstance(value, str):
            if len(value) > limit:
                raise ValidationError(
                    _("This text has %(length)d characters; the most allowed is %(limit)d."),
                    code="text_too_long",
                    params={"length": len(value), "limit": limit},
                )
        elif value is not None and value > limit:
            raise ValidationError(
                _("This number is too large: the largest allowed is %(limit)s."),
                code="number_too_large",
                params={"limit": f"{limit:,}".replace(",", ".")},
            )

    def __eq__(self, other):
        return isinstance(other, SettingLimitValidator) and other.setting_name == self.setting_name


validate_photo_size = MaxFileSizeValidator("PHOTO_MAX_UPLOAD_SIZE")
validate_attachment_size = MaxFileSizeValidator("ATTACHMENT_MAX_UPLOAD_SIZE")
validate_attachment_extension = AttachmentExtensionValidator()
validate_proposal_attachment_extension = AttachmentExtensionValidator(
    "PROPOSAL_ATTACHMENT_EXTENSIONS"
)
limit_amount = SettingLimitValidator("MAX_AMOUNT_VND")
limit_months = SettingLimitValidator("MAX_DURATION_MONTHS")
limit_text = SettingLimitValidator("MAX_TEXT_LENGTH")


def validate_docx_file(file):
    """A Word document by its content (the office's templates, the documents issued)."""
    if not content_matches(file, "docx"):
        raise ValidationError(_("The file is not a Word document (.docx)."), code="invalid_docx")


def validate_pdf_file(file):
    if not content_matches(file, "pdf"):
        raise ValidationError(_("The file is not a PDF document."), code="invalid_pdf")
