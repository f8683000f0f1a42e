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

INDEXES = [
    (
        ResearchIndexPage,
        "Đề tài nghiên cứu",
        "de-tai",
        "Các đề tài khoa học đã nghiệm thu và đang thực hiện, với kinh phí và sản phẩm.",
    ),
    (
        LibraryIndexPage,
        "Thư viện điện tử",
        "thu-vien",
        "Bài báo, kỷ yếu, sách chuyên khảo, bản tin Thông tin Lý luận và thực tiễn.",
    ),
    (
        PeopleIndexPage,
        "Giảng viên",
        "giang-vien",
        "Đội ngũ giảng viên và hướng nghiên cứu của từng người.",
    ),
    (NewsIndexPage, "Tin tức", "tin-tuc", "Tin hoạt động khoa học của Nhà trường."),
]
NEWS = [
    (
        "Hội thảo khoa học cấp tỉnh về tư tưởng Lê Duẩn",
        "Nhà trường phối hợp Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức hội thảo với 42 tham luận.",
    ),
    (
        "Nghiệm thu 6 đề tài khoa học cấp cơ sở năm 2025",
        "Hội đồng khoa học Nhà trường đã nghiệm thu 6 đề tài, trong đó 2 đề tài xếp loại Xuất sắc.",
    ),
    (
        "Phát hành Thông tin Lý luận và thực tiễn số cuối năm",
        "Số cuối năm gồm 18 bài viết của giảng viên và cán bộ cơ sở.",
    ),
]
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
        home = HomePage.objects.get()
        indexes = {
            page_model: child(
                home, page_model, title=title, slug=slug, intro=intro, show_in_menus=True
            )
            for page_model, title, slug, intro in INDEXES
        }
        settings = SiteSettings.load()
        settings.address = "Số 1 đường Trần Hưng Đạo, phường Đông Hà, tỉnh Quảng Trị"
        settings.phone = "0233 3852 xxx"
        settings.email = "nckh@truongchinhtri.quangtri.gov.vn"
        settings.save()

        people = PeopleIndexPage.objects.get()
        for person in Person.objects.filter(kind=PersonKind.LECTURER).order_by("pk"):
            child(people, PersonPage, title=person.full_name, slug=f"gv-{person.pk}", person=person)

        research = indexes[ResearchIndexPage]
        editor = get_user_model().objects.filter(username="bientap").first()
        topics = Topic.objects.filter(status__in=PUBLISHED_STATUSES).order_by("code")
        for number, topic in enumerate(topics):
            if TopicPage.objects.filter(topic=topic).exists():
                continue
            # Not live until published: Wagtail makes a page live on creation unless told.
            page = TopicPage(title=topic.title, slug=slug_of(topic.code), topic=topic, live=False)
            research.add_child(instance=page)
            revision = page.save_revision(user=editor)
            if number % 10 == 9:
                continue  # a draft: never public
            if number % 10 == 4 and editor:
                page.get_workflow().start(page, editor)  # waits for the office's approval
            else:
                revision.publish()

        library = indexes[LibraryIndexPage]
        for output in Output.objects.filter(is_public=True).order_by("pk"):
            if OutputPage.objects.filter(output=output).exists():
                continue
            cover = cover_for(output) if output.kind in BOOK_KINDS else None
            child(
                library,
                OutputPage,
                title=output.title,
                slug=f"sp-{output.pk}",
                output=output,
                cover=cover,
            )

        for issue in BulletinIssue.objects.filter(page__isnull=True).order_by("year", "number"):
            child(
                library,
                BulletinIssuePage,
                title=str(issue),
                slug=f"ban-tin-{issue.number}-{issue.year}",
                issue=issue,
            )
        for event in ScientificEvent.objects.filter(page__isnull=True).order_by("held_on"):
            child(library, EventPage, title=event.title, slug=f"hoi-thao-{event.pk}", event=event)

        news = indexes[NewsIndexPage]
        for days, (title, intro) in enumerate(NEWS):
            child(
                news,
                NewsPage,
                title=title,
                slug=f"tin-{days + 1}",
                intro=intro,
                date=self.today - datetime.timedelta(days=7 * days + 3),
            )
