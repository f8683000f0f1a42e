"""Real files of each type for upload tests, made in memory (no binary fixtures)."""

import io
import struct
import zipfile
import zlib

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def office_bytes(folder="word/", main="document.xml"):
    """A minimal Office Open XML package (.docx with word/, .xlsx with xl/, .pptx with ppt/)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(folder + main, '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def image_bytes(fmt="PNG", size=(40, 40), exif=None):
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, "red").save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_with_gps_and_script():
    """A JPEG carrying GPS coordinates in its EXIF and a <script> appended after its end."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (16.0, 45.0, 0.0), 3: "E", 4: (107.0, 11.0, 0.0)}  # GPSInfo
    exif[0x010E] = "Ảnh chụp tại nhà riêng"  # ImageDescription
    return image_bytes("JPEG", size=(64, 48), exif=exif) + b"<script>alert(1)</script>"


def png_claiming(width, height):
    """A PNG whose header announces width × height pixels, without the memory they would take:
    what an attacker uploads to make the server decode a huge image."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
