"""The demo public site over the demo research data: index pages, published topic, library and
profile pages, news. Safe to run twice. A few topic pages are left as drafts and one waits in
moderation, so the workflow and the visibility rules can be seen at work."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.models import Locale

from cms.bulk_pages import create_pages
from cms.i18n import translate_page
from cms.models import (
    BulletinIssuePage,
    EventPage,
    HomePage,
    LibraryIndexPage,
    NewsIndexPage,
    NewsPage,
    OutputPage,
    PeopleIndexPage,
    PersonPage,
    ResearchIndexPage,
    SiteSettings,
    TopicPage,
)
from cms.stats.demo import load_library_statistics
from research.core.formatting import ascii_slug
from research.demo.common import demo_transaction
from research.models import (
    BulletinIssue,
    Output,
    OutputKind,
    Person,
    PersonKind,
    ScientificEvent,
    Topic,
    TopicStatus,
)

# (page model, Vietnamese title, slug, introduction, then the same in English)
INDEXES = [
    (
        ResearchIndexPage,
        "Đề tài nghiên cứu",
        "de-tai",
        "Các đề tài khoa học đã nghiệm thu và đang thực hiện, với kinh phí và sản phẩm.",
        (
            "Research topics",
            "research",
            "Accepted and running research topics, with their funding and outputs.",
        ),
    ),
    (
        LibraryIndexPage,
        "Thư viện điện tử",
        "thu-vien",
        "Bài báo, kỷ yếu, sách chuyên khảo, bản tin Thông tin Lý luận và thực tiễn.",
        (
            "Digital library",
            "library",
            "Articles, proceedings, monographs and the school's bulletin.",
        ),
    ),
    (
        PeopleIndexPage,
        "Giảng viên",
        "giang-vien",
        "Đội ngũ giảng viên và hướng nghiên cứu của từng người.",
        ("Lecturers", "lecturers", "The school's lecturers and their fields of research."),
    ),
    (
        NewsIndexPage,
        "Tin tức",
        "tin-tuc",
        "Tin hoạt động khoa học của Nhà trường.",
        ("News", "news", "News of the school's research."),
    ),
]
HOME_EN = (
    "Research portal",
    "Research and practice reviews of Le Duan Political School, Quang Tri province.",
)
# (Vietnamese title, introduction, and the English ones or None: the last is not translated)
NEWS = [
    (
        "Hội thảo khoa học cấp tỉnh về tư tưởng Lê Duẩn",
        "Nhà trường phối hợp Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức hội thảo với 42 tham luận.",
        (
            "Provincial conference on the thought of Le Duan",
            "The school and the Provincial Party Committee's commission held a conference with 42 papers.",
        ),
    ),
    (
        "Nghiệm thu 6 đề tài khoa học cấp cơ sở năm 2025",
        "Hội đồng khoa học Nhà trường đã nghiệm thu 6 đề tài, trong đó 2 đề tài xếp loại Xuất sắc.",
        (
            "Six school-level topics accepted in 2025",
            "The school's science council accepted six topics, two of them graded Excellent.",
        ),
    ),
    (
        "Phát hành Thông tin Lý luận và thực tiễn số cuối năm",
        "Số cuối năm gồm 18 bài viết của giảng viên và cán bộ cơ sở.",
        None,
    ),
]
IDENTITY = {
    "school_name": "Trường Chính trị Lê Duẩn tỉnh Quảng Trị",
    "school_name_en": "Le Duan Political School, Quang Tri Province",
    "governing_body": "Tỉnh ủy Quảng Trị",
    "governing_body_en": "Quang Tri Provincial Party Committee",
    "address": "Số 1 đường Trần Hưng Đạo, phường Đông Hà, tỉnh Quảng Trị",
    "phone": "0233 3852 xxx",
    "email": "nckh@truongchinhtri.quangtri.gov.vn",
}
BOOK_KINDS = {OutputKind.MONOGRAPH, OutputKind.TEXTBOOK}
COVER_COLOURS = [(163, 20, 28), (20, 70, 120), (30, 100, 60)]
PUBLISHED_STATUSES = {TopicStatus.ACCEPTED, TopicStatus.IN_PROGRESS, TopicStatus.EXTENDED}


def child(parent, page_model, **fields):
    """The parent's child of `page_model` (matched by slug), created and published once."""
    existing = page_model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if existing:
        return existing
    page = page_model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def cover_font():
    """DejaVu (Debian's fonts-dejavu-core) draws Vietnamese; Pillow's own font otherwise."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", 30)
    except OSError:
        return ImageFont.load_default(30)


def cover_for(output):
    """A book cover drawn with Pillow, stored as a Wagtail image (its renditions do the rest)."""
    title = f"Bìa: {output.title}"[:255]
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PILImage.new("RGB", (600, 840), COVER_COLOURS[output.pk % len(COVER_COLOURS)])
    drawing = ImageDraw.Draw(picture)
    drawing.rectangle((40, 40, 560, 800), outline=(240, 220, 160), width=6)
    font = cover_font()
    line, y = "", 320
    for word in output.title.upper().split():
        if len(line) + len(word) > 22:
            drawing.text((80, y), line, fill=(255, 255, 255), font=font)
            line, y = "", y + 44
        line = f"{line} {word}".strip()
    drawing.text((80, y), line, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="bia.png"))


def slug_of(code):
    return code.lower()


def in_english(page, title, slug, intro):
    """The page's English counterpart, translated once (an editor's later changes are kept)."""
    counterpart = page.get_translation_or_none(Locale.objects.get(language_code="en"))
    if counterpart is None or counterpart.alias_of_id:
        slug = {"slug": slug} if slug else {}  # the home pages' slugs are their own
        translate_page(page, "en", title=title, intro=intro, **slug)


class DemoSite:
    def __init__(self, today=None):
        self.today = today or timezone.localdate()

    def load(self):
        with demo_transaction():
            self.load_pages()
            load_library_statistics(
                [*OutputPage.objects.live(), *TopicPage.objects.live()], self.today
            )

    def load_pages(self):
        home = HomePage.objects.get(locale=Locale.get_default())
        indexes = {}
        for page_model, title, slug, intro, english in INDEXES:
            indexes[page_model] = child(
                home, page_model, title=title, slug=slug, intro=intro, show_in_menus=True
            )
            in_english(indexes[page_model], *english)
        in_english(home, HOME_EN[0], None, HOME_EN[1])
        settings = SiteSettings.load()
        for field, value in IDENTITY.items():
            setattr(settings, field, value)
        settings.save()

        people = indexes[PeopleIndexPage]
        lecturers = Person.objects.filter(kind=PersonKind.LECTURER, site_pages__isnull=True)
        create_pages(
            PersonPage,
            people,
            [
                {"title": person.full_name, "slug": f"gv-{person.pk}", "person": person}
                for person in lecturers.order_by("pk")
            ],
            live=True,
        )

        research = indexes[ResearchIndexPage]
        editor = get_user_model().objects.filter(username="bientap").first()
        topics = Topic.objects.filter(status__in=PUBLISHED_STATUSES).order_by("code")
        with_page = set(TopicPage.objects.values_list("topic_id", flat=True))
        topics = [topic for topic in topics if topic.pk not in with_page]
        # Nine in ten are published, made together as an import's are (cms.bulk_pages); the tenth
        # and the fifth of each ten are made one by one: a draft and one awaiting approval.
        create_pages(
            TopicPage,
            research,
            [
                {"title": topic.title, "slug": slug_of(topic.code), "topic": topic}
                for number, topic in enumerate(topics)
                if number % 10 not in (4, 9)
            ],
            live=True,
        )
        for number, topic in enumerate(topics):
            if number % 10 not in (4, 9):
                continue
            # Not live until published: Wagtail makes a page live on creation unless told.
            page = TopicPage(title=topic.title, slug=slug_of(topic.code), topic=topic, live=False)
            research.add_child(instance=page)
            revision = page.save_revision(user=editor)
            if number % 10 == 4 and editor:
                page.get_workflow().start(page, editor)  # waits for the office's approval
            elif number % 10 == 4:
                revision.publish()
            # number % 10 == 9: a draft, never public

        library = indexes[LibraryIndexPage]
        outputs = Output.objects.filter(is_public=True, site_pages__isnull=True).order_by("pk")
        create_pages(
            OutputPage,
            library,
            [
                {
                    "title": output.title,
                    "slug": f"sp-{output.pk}",
                    "output": output,
                    "cover": cover_for(output) if output.kind in BOOK_KINDS else None,
                }
                for output in outputs
            ],
            live=True,
        )

        for issue in BulletinIssue.objects.filter(site_pages__isnull=True).order_by(
            "year", "number"
        ):
            child(
                library,
                BulletinIssuePage,
                title=str(issue),
                slug=f"ban-tin-{issue.number}-{issue.year}",
                issue=issue,
            )
        for event in ScientificEvent.objects.filter(site_pages__isnull=True).order_by("held_on"):
            child(library, EventPage, title=event.title, slug=f"hoi-thao-{event.pk}", event=event)

        news = indexes[NewsIndexPage]
        for days, (title, intro, english) in enumerate(NEWS):
            page = child(
                news,
                NewsPage,
                title=title,
                slug=ascii_slug(title),
                intro=intro,
                date=self.today - datetime.timedelta(days=7 * days + 3),
            )
            if english:
                in_english(page, english[0], ascii_slug(english[0]), english[1])
