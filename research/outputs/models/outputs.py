import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from research.core.bilingual import Bilingual, EnglishKeywords
from research.core.bounds import plausible_date
from research.core.choices import OutputKind
from research.core.keywords import KeywordsMixin
from research.core.people import Person
from research.core.storage import private_file_field
from research.core.text import fold
from research.outputs.models.declarations import Declared, DeclaredQuerySet

validate_issn = RegexValidator(
    r"^\d{4}-\d{3}[\dX]$", _("An ISSN is written 1234-567X."), code="invalid_issn"
)
validate_isbn = RegexValidator(
    r"^(?:\d[- ]?){9}[\dX]$|^(?:\d[- ]?){12}\d$",
    _("An ISBN has 10 or 13 digits."),
    code="invalid_isbn",
)


DOI = re.compile(r"10\.\d{4,9}/[^\s?#]+", re.IGNORECASE)


def doi_of(output):
    """The DOI in the output's link (https://doi.org/10.…), lower case, or ""."""
    match = DOI.search(output.url or "")
    return match.group(0).rstrip(".").lower() if match else ""


def isbn_digits(value):
    return re.sub(r"[^0-9X]", "", (value or "").upper())


def title_key(text):
    """A title or venue as compared for sameness: folded (no diacritics, đ → d), letters and
    digits only, single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def work_keys(output):
    """What makes two records the same work (`OutputQuerySet.same_as`, the import): its DOI,
    its ISBN, and its folded title with the year and the folded venue."""
    keys = set()
    if doi := doi_of(output):
        keys.add(("doi", doi))
    if isbn := isbn_digits(output.isbn):
        keys.add(("isbn", isbn))
    if (title := title_key(output.title)) and output.published_on:
        keys.add(("title", title, output.published_on.year, title_key(output.venue)))
    return keys


class OutputQuerySet(DeclaredQuerySet):
    def same_as(self, output):
        """The other records of the same work: the same DOI or ISBN, or the same title, year and
        venue once folded — whoever entered them (a declaration, an import, the office)."""
        others = self.exclude(pk=output.pk)
        found = set()
        doi, isbn = doi_of(output), isbn_digits(output.isbn)
        if doi:
            found |= {o.pk for o in others.filter(url__icontains=doi) if doi_of(o) == doi}
        if isbn:
            found |= {
                pk
                for pk, value in others.exclude(isbn="").values_list("pk", "isbn")
                if isbn_digits(value) == isbn
            }
        title, venue = title_key(output.title), title_key(output.venue)
        if title and output.published_on:
            found |= {
                pk
                for pk, other_title, other_venue in others.filter(
                    published_on__year=output.published_on.year
                ).values_list("pk", "title", "venue")
                if title_key(other_title) == title and title_key(other_venue) == venue
            }
        return self.filter(pk__in=found).order_by("pk")

    def for_listing(self):
        return self.select_related("topic").prefetch_related("authors__person")

    def of_topic_work(self, topic):
        """What a topic's report may cite: its own outputs, and those its team published since it
        started that belong to no other topic."""
        team = topic.members.values("person")
        return (
            self.filter(
                models.Q(topic=topic)
                | models.Q(
                    topic__isnull=True,
                    authors__person__in=team,
                    published_on__gte=topic.planned_start,
                )
            )
            .distinct()
            .order_by("-published_on", "title")
        )


class Output(Bilingual, EnglishKeywords, Declared, KeywordsMixin, index.Indexed, ClusterableModel):
    kind = models.CharField(_("kind"), max_length=30, choices=OutputKind.choices)
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    abstract_en = models.TextField(_("English abstract"), blank=True)
    published_on = models.DateField(_("date"), validators=[plausible_date])
    topic = models.ForeignKey(
        "research.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outputs",
    )
    event = models.ForeignKey(
        "research.ScientificEvent",
        verbose_name=_("scientific event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="papers",
        help_text=_("For a paper presented at an event of the school."),
    )
    bulletin_issue = models.ForeignKey(
        "research.BulletinIssue",
        verbose_name=_("bulletin issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    venue = models.CharField(_("journal, proceedings or venue"), max_length=300, blank=True)
    volume = models.CharField(_("volume"), max_length=30, blank=True)
    issue = models.CharField(_("issue"), max_length=30, blank=True)
    pages = models.CharField(_("pages"), max_length=30, blank=True)
    issn = models.CharField(_("ISSN"), max_length=9, blank=True, validators=[validate_issn])
    isbn = models.CharField(_("ISBN"), max_length=17, blank=True, validators=[validate_isbn])
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Private outputs never appear on the public site.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OutputQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("abstract"),
        index.SearchField("venue"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("is_public"),
        index.FilterField("verification"),
    ]

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        # the criterion counts, the library and the home page select outputs by date
        indexes = [models.Index(fields=["published_on"], name="research_output_published")]

    def __str__(self):
        return self.title

    @property
    def is_publishable(self):
        """Public and verified: what may have a public page."""
        return self.is_public and self.is_verified

    @property
    def author_names(self):
        return ", ".join(author.person.full_name for author in self.authors.all())

    @property
    def citation(self):
        """The reference in APA style (7th edition), as Vietnamese journals print it:
        Authors (year). Title. Venue, volume(issue), pages. Publisher. ISBN/ISSN."""
        source = self.venue
        if source and self.volume:
            source += f", {self.volume}"
            if self.issue:
                source += f"({self.issue})"
        elif source and self.issue:
            source += f", {self.issue}"
        if source and self.pages:
            source += f", {self.pages}"
        parts = [f"{self.author_names} ({self.published_on:%Y}). {self.title.rstrip('.')}."]
        parts += [f"{part}." for part in (source, self.publisher) if part]
        if self.isbn or self.issn:
            parts.append(f"{'ISBN' if self.isbn else 'ISSN'} {self.isbn or self.issn}.")
        return " ".join(parts)


class ExpectedOutput(Orderable):
    """An output promised by a proposal, and then by the topic it became."""

    kind = models.CharField(_("kind"), max_length=30, choices=OutputKind.choices)
    count = models.PositiveSmallIntegerField(_("number"), default=1)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("expected output")
        verbose_name_plural = _("expected outputs")

    def __str__(self):
        return f"{self.count} × {self.get_kind_display()}"


class OutputAuthor(Orderable):
    output = ParentalKey(Output, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        Person, verbose_name=_("author"), on_delete=models.PROTECT, related_name="authorships"
    )
    # A co-author named in a lecturer's declaration confirms it from their own workspace.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(
                fields=["output", "person"],
                name="research_outputauthor_person_once",
                violation_error_message=_("A person appears only once among the authors."),
            )
        ]

    def __str__(self):
        return self.person.full_name


def output_file_path(instance, filename):
    return f"outputs/{filename}"


class OutputFile(Bilingual, Orderable):
    """A file of an output, kept in private storage and served only through a checked view."""

    output = ParentalKey(Output, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    file = private_file_field(_("file"), output_file_path)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.title

    @property
    def label(self):
        """The file's title in the visitor's language (the English site: “Full text (PDF)”)."""
        return self.in_language("title")[0]

    def get_absolute_url(self):
        return self.file.url
