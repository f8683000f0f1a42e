"""Uploaded images are re-encoded before they are stored: the pixels are kept, everything else
(EXIF with GPS positions, comments, bytes appended after the image such as a <script>) is not,
and no side is larger than IMAGE_MAX_SIDE. Used by the photo fields here and by Wagtail's image
form (cms.forms)."""

import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps

from research.core.validators import validate_pixel_size

SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
}


def reencode(file):
    """The image in `file` written afresh in its own format, as a ContentFile of the same name."""
    file.seek(0)
    with Image.open(file) as image:
        validate_pixel_size(*image.size)
        image_format = image.format if image.format in SAVE_OPTIONS else "PNG"
        image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF tag gave
        if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        output = io.BytesIO()
        image.save(output, image_format, **SAVE_OPTIONS[image_format])
    file.seek(0)
    name = Path(file.name).name
    if image_format == "PNG" and not name.lower().endswith(".png"):
        name = f"{Path(name).stem}.png"
    return ContentFile(output.getvalue(), name=name)


class ReencodedImageField(models.ImageField):
    """An ImageField whose new uploads are re-encoded on save (validators have run by then)."""

    def pre_save(self, model_instance, add):
        field_file = getattr(model_instance, self.attname)
        if field_file and not field_file._committed:
            field_file.file = reencode(field_file.file)
        return super().pre_save(model_instance, add)
