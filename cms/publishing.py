"""Publishing without hand work: a topic that is accepted, an output that is public and verified,
a bulletin issue or a scientific event gets its public page, as a draft for the editors or live
(SiteSettings.publish_automatically); an output made private or unverified loses it. A page so
made follows its record: a corrected title reaches it, in every language, until an editor
changes the page by hand (a revision saved by a person), after which it is the editors'.

A reaction of the public site to saves of research records (post_save, and research's
`records_imported` for bulk imports), connected in CmsConfig.ready(): research never imports cms.
Pages are made after the record's transaction commits, so a refused action publishes nothing.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from research.core.formatting import ascii_slug
from research.models import BulletinIssue, Output, ScientificEvent, Topic, TopicStatus
from research.signals import records_imported

SLUG_LENGTH = 80


def in_default_language(pages):
    """The pages of the default language's tree: the other languages' counterparts follow them
    (cms.i18n), so a record's page is made, published and withdrawn there only."""
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE)


def unique_slug(parent, title, taken=None):
    """A free address under `parent`; `taken` (the children's slugs, read once for a whole
    import under the parent's lock) is updated with it."""
    base = ascii_slug(title, SLUG_LENGTH) or "trang"
    if taken is None:
        taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def page_spec(record):
    """(page model, parent index model, page field, title) of a record that may have a page."""
    from cms.models import (
        BulletinIssuePage,
        EventPage,
        LibraryIndexPage,
        OutputPage,
        ResearchIndexPage,
        TopicPage,
    )

    if isinstance(record, Topic):
        return TopicPage, ResearchIndexPage, "topic", record.title
    if isinstance(record, Output):
        return OutputPage, LibraryIndexPage, "output", record.title
    if isinstance(record, BulletinIssue):
        return BulletinIssuePage, LibraryIndexPage, "issue", str(record)
    return EventPage, LibraryIndexPage, "event", record.title


def deserves_page(record):
    if isinstance(record, Topic):
        # closed after acceptance too; a topic the school keeps internal gets no page
        return record.outcome == TopicStatus.ACCEPTED and record.is_public
    if isinstance(record, Output):
        return record.is_publishable
    return True


def locked(parent):
    """The parent page, its row locked until the transaction ends: two requests making pages
    under it at once (an import's job, a verified output) take their turns, so neither picks
    the address or the tree position the other is taking."""
    from wagtail.models import Page

    Page.objects.select_for_update().filter(pk=parent.pk).values_list("pk", flat=True).first()
    return parent


def mode():
    from cms.models import SiteSettings

    return SiteSettings.load().publish_automatically


def ensure_page(record, setting=None, parent=None, taken=None):
    """Create the record's page (draft, or live per the site setting) if it has none; a page
    that exists follows the record (`follow_record`), whatever the setting. `setting`, `parent`
    and `taken` (the addresses in use) save queries when many records are handled at once."""
    from cms.models import AutoPublish

    page_model, index_model, field, title = page_spec(record)
    existing = in_default_language(page_model.objects.filter(**{field: record})).first()
    if existing is not None:
        follow_record(existing, record)
    setting = setting or mode()
    if setting == AutoPublish.OFF:
        return existing
    if existing is not None:
        if setting == AutoPublish.LIVE and not existing.live:
            existing.get_latest_revision().publish(log_action=True)
        return existing
    parent = parent or in_default_language(index_model.objects.all()).first()
    if parent is None:
        return None
    with transaction.atomic():
        locked(parent)
        page = page_model(
            title=title[:255], slug=unique_slug(parent, title, taken), live=False, **{field: record}
        )
        parent.add_child(instance=page)
        revision = page.save_revision(log_action=True)
        if setting == AutoPublish.LIVE:
            revision.publish(log_action=True)
    return page


def edited_by_hand(page):
    """Whether a person has saved a revision of the page (the portal's own revisions have no
    user): from then on the page's title is the editors' choice, not the record's."""
    return page.revisions.exclude(user=None).exists()


def title_in(record, language, title):
    """The record's public title in `language`: its English title on English pages when it has
    one, else the title it was made with."""
    if language == "en" and getattr(record, "title_en", ""):
        return record.title_en
    return title


def follow_record(page, record):
    """Give the record's automatically made page, and each of its counterparts that is a page of
    its own (aliases mirror their original), the record's current title — unless an editor
    changed that page by hand. A live page is republished, a draft stays a draft."""
    _model, _index, _field, title = page_spec(record)
    for counterpart in [page, *page.get_translations().specific()]:
        if counterpart.alias_of_id or edited_by_hand(counterpart):
            continue
        wanted = title_in(record, counterpart.locale.language_code, title)[:255]
        if counterpart.title == wanted:
            continue
        counterpart.title = wanted
        revision = counterpart.save_revision(log_action=True)
        if counterpart.live:
            revision.publish(log_action=True)


def withdraw_page(record):
    """Unpublish the record's page when it is live (the page stays, as a draft)."""
    page_model, _index, field, _title = page_spec(record)
    page = in_default_language(page_model.objects.filter(**{field: record}, live=True)).first()
    if page is not None:
        page.unpublish(log_action=True)
    return page


def react(record):
    if deserves_page(record):
        ensure_page(record)
    else:
        withdraw_page(record)


@receiver(post_save, sender=Topic)
@receiver(post_save, sender=Output)
@receiver(post_save, sender=BulletinIssue)
@receiver(post_save, sender=ScientificEvent)
def record_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, Topic) and instance.outcome != TopicStatus.ACCEPTED:
        return  # a topic not (yet) accepted has nothing to publish or withdraw
    transaction.on_commit(lambda: react(instance))


@receiver(records_imported)
def records_were_imported(sender, created, updated, **kwargs):
    """The import's job sends its records a chunk at a time, inside the transaction that records
    its progress: the pages are made there, so a chunk is made whole or made again."""
    if sender not in (Topic, Output, BulletinIssue, ScientificEvent):
        return
    react_to_many([*created, *updated])


def react_to_many(records):
    """`react` for a whole import: which records have a page, the setting and the parent are
    read once, and the new pages are made together (cms.bulk_pages)."""
    from cms.bulk_pages import create_pages
    from cms.models import AutoPublish

    if not records:
        return
    page_model, index_model, field, _title = page_spec(records[0])
    with_page = set(
        in_default_language(page_model.objects.filter(**{f"{field}__in": records})).values_list(
            f"{field}_id", flat=True
        )
    )
    setting, parent = mode(), in_default_language(index_model.objects.all()).first()
    creating = setting != AutoPublish.OFF and parent is not None
    taken = None
    if creating:
        locked(parent)
        taken = set(parent.get_children().values_list("slug", flat=True))
    new = []
    for record in records:
        if deserves_page(record):
            if creating and record.pk not in with_page:
                new.append(record)
            elif record.pk in with_page:
                page = in_default_language(page_model.objects.filter(**{field: record})).first()
                follow_record(page, record)
        elif record.pk in with_page:
            withdraw_page(record)
    if new:
        create_pages(
            page_model,
            parent,
            [page_fields(record, field, parent, taken) for record in new],
            live=setting == AutoPublish.LIVE,
        )


def page_fields(record, field, parent, taken):
    """What `ensure_page` gives a new page of the record: its title, a free address, the record."""
    title = page_spec(record)[3]
    return {"title": title[:255], "slug": unique_slug(parent, title, taken), field: record}
