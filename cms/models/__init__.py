"""The public site. Pages are thin: editorial content plus a link to the research record they
publish. A topic, an output or a person is public when its page is live and public (and, for an
output, the output itself is public); publishing goes through Wagtail's moderation workflow.

One module per kind of page (base → records → indexes → editorial), each importing only those
before it; every model is re-exported here, so the app label stays `cms` and `cms.models.X`
keeps working."""

from cms.models.base import (
    LATEST,
    PAGE_SIZE,
    YEARS_CHARTED,
    FilteredIndexPage,
    RecordPage,
    SitePage,
    SitePageForm,
    index_url,
    paginate,
    published,
)
from cms.models.editorial import HomePage, NewsIndexPage, NewsPage, StandardPage
from cms.models.harvesting import DeletedRecord, RecordStamp
from cms.models.indexes import LibraryIndexPage, PeopleIndexPage, ResearchIndexPage
from cms.models.records import (
    BulletinIssuePage,
    EventPage,
    OutputPage,
    PersonPage,
    PublicationPage,
    TopicPage,
)
from cms.models.site_settings import AutoPublish, SiteSettings
from cms.stats.models import DailyCount, Hit  # models of this app, defined with the statistics

__all__ = [
    "LATEST",
    "PAGE_SIZE",
    "YEARS_CHARTED",
    "AutoPublish",
    "BulletinIssuePage",
    "DailyCount",
    "DeletedRecord",
    "EventPage",
    "FilteredIndexPage",
    "Hit",
    "HomePage",
    "LibraryIndexPage",
    "NewsIndexPage",
    "NewsPage",
    "OutputPage",
    "PeopleIndexPage",
    "PersonPage",
    "PublicationPage",
    "RecordPage",
    "RecordStamp",
    "ResearchIndexPage",
    "SiteSettings",
    "SitePage",
    "SitePageForm",
    "StandardPage",
    "TopicPage",
    "index_url",
    "paginate",
    "published",
]
