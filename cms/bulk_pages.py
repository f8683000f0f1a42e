"""The pages of a whole import made at once: what `cms.publishing.ensure_page` does for one record
(Wagtail's `add_child`, `save_revision`, `publish`, and the English alias `cms.i18n` makes on
publish), done for every record under one parent with a few bulk queries instead of some two
hundred per page — 12,000 records took hours one by one (docs/performance.md).

The rows written are those Wagtail writes, field for field (tests/cms/test_bulk_pages.py makes
pages both ways and compares them): the pages with their treebeard positions (`path`, `depth`,
the parents' `numchild` raised once), `url_path`, locale and `translation_key`; the first
revision and, when live, its publication; the English aliases; the audit log (`PageLogEntry`);
Wagtail's admin search index and reference index. What the site's own reactions to
`page_published` do per page (the public search entries, OAI datestamps, the menu's cache) they
do here once for the whole set, on `pages_published_in_bulk`."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

# Pages of `sender` (a page model) published in bulk, without `page_published`: `pages` the
# default language's, `aliases` their counterparts in the other languages. Sent inside the
# transaction that made them.
pages_published_in_bulk = Signal()

BATCH = 500


def create_pages(page_model, parent, fields, *, live):
    """Make one page of `page_model` under `parent` (the default language's index page, locked by
    the caller) for each dict of `fields` (title, a free slug and the record's foreign key), with a
    first revision, published when `live` and then with an alias in every other language under the
    parent's counterpart. Returns the pages."""
    if not fields:
        return []
    now = timezone.now()
    pages = [page_model(live=False, **values) for values in fields]
    for page in pages:
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.url_path = f"{parent.url_path}{page.slug}/"
    insert_children(parent, pages)
    revisions = [
        Revision(
            content_type_id=page.content_type_id,
            base_content_type_id=page.get_base_content_type().pk,
            object_id=str(page.pk),
            user=None,
            approved_go_live_at=None,
            content=page.serializable_data(),
            object_str=str(page)[:255],
            created_at=now,
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.latest_revision_created_at = revision.created_at
        page.has_unpublished_changes = not live
        if live:
            page.live, page.live_revision = True, revision
            page.first_published_at = page.last_published_at = now
    # one UPDATE per batch: each page's revision found by the index on (type, object id), where
    # a bulk_update would write a CASE per row and field
    own_revision = Subquery(
        Revision.objects.filter(
            base_content_type_id=revisions[0].base_content_type_id,
            object_id=Cast(OuterRef("pk"), models.CharField()),
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    published = (
        {"live": True, "live_revision_id": own_revision, "first_published_at": now} if live else {}
    )
    for start in range(0, len(pages), BATCH):
        Page.objects.filter(pk__in=[page.pk for page in pages[start : start + BATCH]]).update(
            latest_revision_id=own_revision,
            latest_revision_created_at=now,
            has_unpublished_changes=not live,
            **published,
            **({"last_published_at": now} if live else {}),
        )
    entries = [
        entry
        for page, revision in zip(pages, revisions, strict=True)
        for entry in [
            log_entry(page, "wagtail.create", now, content_changed=True),
            log_entry(page, "wagtail.edit", now, revision=revision, content_changed=True),
            *(
                [log_entry(page, "wagtail.publish", now, revision=revision, content_changed=True)]
                if live
                else []
            ),
        ]
    ]
    aliases = create_aliases(page_model, parent, pages, now) if live else []
    PageLogEntry.objects.bulk_create(
        [*entries, *(entry for alias in aliases for entry in alias.log_entries)],
        batch_size=BATCH,
    )
    index_for_admin(page_model, [*pages, *aliases])
    if live:
        pages_published_in_bulk.send(sender=page_model, pages=pages, aliases=aliases)
    return pages


def insert_children(parent, pages):
    """Insert `pages` as the last children of `parent`, as treebeard's `add_child` would one at a
    time: consecutive paths after the last child's, the parent's `numchild` raised once. The
    specific rows go into their own table under the ids the page rows were given."""
    depth = parent.depth + 1
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last[-Page.steplen :]) if last else 0
    for number, page in enumerate(pages, start=step + 1):
        page.path, page.depth, page.numchild = Page._get_path(parent.path, depth, number), depth, 0
        page.language = language_code(page.locale_id)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages]
    Page.objects.bulk_create(bases, batch_size=BATCH)
    model = type(pages[0])
    link = model._meta.get_ancestor_link(Page)
    own_fields = [f for f in model._meta.concrete_fields if f.model is not Page]
    for page, base in zip(pages, bases, strict=True):
        page.pk = base.pk
        setattr(page, link.attname, base.pk)
        page._state.adding, page._state.db = False, base._state.db
    tables = [m for m in model._meta.get_parent_list() if m is not Page and m._meta.concrete_model]
    for table in [*tables, model]:
        columns = [f for f in own_fields if f.model is table]
        for start in range(0, len(pages), BATCH):
            table._base_manager._insert(pages[start : start + BATCH], fields=columns, raw=True)
    Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(pages))
    parent.numchild += len(pages)


def create_aliases(page_model, parent, pages, now):
    """The pages' aliases in every other language, under the parent's counterparts: what
    `copy_for_translation(alias=True)` then `update_aliases` leave (no revision of their own,
    the original's publication)."""
    aliases = []
    copied = [f for f in Page._meta.concrete_fields if not f.primary_key] + [
        f for f in page_model._meta.concrete_fields if f.model is not Page
    ]
    skipped = {"path", "depth", "numchild", "url_path", "latest_revision_id", "live_revision_id"}
    for locale in Locale.objects.exclude(pk=parent.locale_id):
        counterpart = parent.get_translation_or_none(locale)
        if counterpart is None:
            counterpart = parent.copy_for_translation(locale, copy_parents=True, alias=True)
        in_use = set(counterpart.get_children().values_list("slug", flat=True))
        made = []
        for page in pages:
            alias = page_model(
                **{
                    f.attname: getattr(page, f.attname)
                    for f in copied
                    if f.attname not in skipped and not f.primary_key
                }
            )
            alias.alias_of_id, alias.locale_id = page.pk, locale.pk
            alias.draft_title, alias.has_unpublished_changes = page.title, not page.live
            alias.slug = available(in_use, page.slug)
            alias.url_path = f"{counterpart.url_path}{alias.slug}/"
            made.append(alias)
        insert_children(counterpart, made)
        data = {
            "source": {
                "id": parent.pk,
                "title": parent.specific_deferred.get_admin_display_title(),
            },
            "destination": {
                "id": counterpart.pk,
                "title": counterpart.specific_deferred.get_admin_display_title(),
            },
        }
        for alias in made:
            alias.log_entries = [
                log_entry(alias, "wagtail.create", now, content_changed=True),
                log_entry(
                    alias,
                    "wagtail.create_alias",
                    now,
                    data={"page": {"id": alias.pk, "title": alias.title}, **data},
                ),
            ]
        aliases += made
    return aliases


def available(in_use, slug):
    """Wagtail's `find_available_slug` against the slugs in use, which it then holds."""
    wanted, number = slug, 1
    while slug in in_use:
        slug, number = f"{wanted}-{number}", number + 1
    in_use.add(slug)
    return slug


def log_entry(page, action, moment, *, revision=None, content_changed=False, data=None):
    context = get_active_log_context()
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=page.get_admin_display_title(),
        action=action,
        timestamp=moment,
        data=data or {},
        user=context.user,
        uuid=context.uuid,
        revision=revision,
        content_changed=content_changed,
        page_id=page.pk,
    )


def index_for_admin(page_model, pages):
    """Wagtail's own indexes, which its post_save handlers would fill page by page: the admin's
    search and the reference index (what each page links to: its record, its image)."""
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pages), BATCH):
            backend.add_bulk(page_model, pages[start : start + BATCH])
    if not ReferenceIndex.is_indexed(page_model):
        return
    content_type = ContentType.objects.get_for_model(page_model, for_concrete_model=False)
    base = ContentType.objects.get_for_model(Page, for_concrete_model=False)
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def language_code(locale_id):
    from cms.i18n import language_of

    return language_of(locale_id) or settings.LANGUAGE_CODE
