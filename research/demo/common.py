"""What the demo loaders share."""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

DEMO_PASSWORD = "demo-portal-2026"
DEMO_DOMAIN = "truongchinhtri.quangtri.gov.vn"


def pdf_bytes(title):
    """A one-page PDF carrying the title, enough for a real download."""
    text = title.encode("ascii", "replace").decode()
    stream = f"BT /F1 12 Tf 72 720 Td ({text[:90]}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


@contextmanager
def demo_transaction():
    """One transaction for a demo load. Demo addresses are not real people's: the e-mails sent
    when it commits (actions, workflow notices) go nowhere, even where SMTP is configured.
    Refused under production settings: it resets the demo accounts to a published password."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured(
            "Demo data is never loaded under production settings (DEMO_DATA_ALLOWED is off)."
        )
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        # what the records freeze (labels in a decision's minutes) is written in Vietnamese
        translation.override(settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        yield
