"""E-mails of the portal, in Vietnamese. `notify` writes them to the outbox and to each
recipient's inbox in the same transaction as the change that caused them, so a rolled-back action
sends nothing and a failed send is retried (research/inbox/outbox.py), never lost. Sending is the
outbox's job (`send_outbox`, every minute), never the user's request: a hung mail server cannot
hold up an action that notifies."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from research.inbox.models import InboxMessage, OutgoingEmail


def render(template, context):
    """(subject, text, html, link) of `templates/research/email/<template>.*`; the link is the
    path where the recipient acts, shared by the e-mail and the inbox."""
    with translation.override(settings.LANGUAGE_CODE):
        link = render_to_string(f"research/email/{template}.link.txt", context).strip()
        context = {**context, "link": link}
        subject = render_to_string(f"research/email/{template}.subject.txt", context).strip()
        text = render_to_string(f"research/email/{template}.txt", context)
        html = render_to_string(f"research/email/{template}.html", context)
    return subject, text, html, link


def users_by_address(addresses):
    """{address: [active users]} for the addresses of user accounts or of their staff records."""
    found = defaultdict(list)
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(email__in=addresses) | Q(person__email__in=addresses))
        .select_related("person")
    )
    for user in users:
        person_email = getattr(getattr(user, "person", None), "email", "")
        for address in {user.email, person_email} & set(addresses):
            found[address].append(user)
    return found


def notify(template, recipients, context):
    """Queue `templates/research/email/<template>.{subject.txt,txt,html,link.txt}` for each address
    and put it in the inbox of the users behind it. `send_outbox` sends them; only with
    OUTBOX_SEND_ON_COMMIT (the tests' in-memory backend) is a first send tried on commit."""
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return []
    subject, text, html, link = render(template, {"site_url": settings.SITE_BASE_URL, **context})
    now = timezone.now()
    emails = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to=address,
            subject=subject[:300],
            text=text,
            html=html,
            template=template,
            next_attempt_at=now,
        )
        for address in addresses
    )
    by_address = {email.to: email for email in emails}
    # One inbox copy per person, however many of their addresses the e-mail went to.
    first_address = {}
    for address, users in sorted(users_by_address(addresses).items()):
        for user in users:
            first_address.setdefault(user, address)
    InboxMessage.objects.bulk_create(
        InboxMessage(
            user=user,
            subject=subject[:300],
            body=text,
            link=link,
            template=template,
            email=by_address[address] if by_address[address].pk else None,
        )
        for user, address in first_address.items()
    )
    ids = [email.pk for email in emails if email.pk]

    def send():
        from research.inbox.outbox import deliver

        deliver(ids or None)

    if settings.OUTBOX_SEND_ON_COMMIT:
        transaction.on_commit(send)
    return emails


def people_emails(people):
    return [person.email for person in people if person is not None]
