"""E-mails of the portal, in Vietnamese, sent only once the transaction that caused them commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def notify(template, recipients, context):
    """Queue `templates/research/email/<template>.{subject.txt,txt,html}` for each address."""
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return
    context = {"site_url": settings.SITE_BASE_URL, **context}

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string(f"research/email/{template}.subject.txt", context).strip()
            text = render_to_string(f"research/email/{template}.txt", context)
            html = render_to_string(f"research/email/{template}.html", context)
        for address in addresses:
            message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
            message.attach_alternative(html, "text/html")
            message.send()

    transaction.on_commit(send)


def people_emails(people):
    return [person.email for person in people if person is not None]
