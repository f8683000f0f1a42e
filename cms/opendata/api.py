"""The read-only JSON API: published topics, library items and lecturer profiles, filtered like
the public listings (the same FilterSets), paginated, described by OpenAPI at /api/schema/.

Built on Django REST framework rather than Wagtail's API: Wagtail's API serves pages generically
and has no OpenAPI description, while these endpoints publish records (a topic, an output, a
person) through the pages that make them public, with the listings' own filters. Anonymous and
the same for everyone: being logged in never shows more. Nothing internal is serialised: no
tranches, settled amounts, scores, reviews, e-mail addresses or private files.
"""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, path, re_path, resolve
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import DefaultRouter

from cms.filters import OutputPageFilterSet, PersonPageFilterSet, TopicPageFilterSet
from cms.i18n import absolute_url, page_url
from cms.models import OutputPage, PersonPage, TopicPage, published
from research.core.bounds import FIRST_YEAR, LAST_YEAR, WholeNumberFilter, YearFilter
from research.models import (
    OrderKind,
    OrderStatus,
    OutputKind,
    TopicLevel,
    public_order,
    public_order_fields,
)

from .records import output_pages, topic_pages


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return page_url(page)


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TeamMemberSerializer(serializers.Serializer):
    name = serializers.CharField(source="person.display_name")
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")


class FundingSerializer(serializers.Serializer):
    source = serializers.CharField()
    approved = serializers.IntegerField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class FileSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()


class OrderSerializer(serializers.Serializer):
    """The public fields of the province's order a topic carries out (research.orders)."""

    ordering_body = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrderKind.choices)
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    handed_over_on = serializers.DateField(allow_null=True)
    applied_on = serializers.DateField(allow_null=True)


class TopicSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="topic.pk")
    code = serializers.CharField(source="topic.code")
    title = serializers.CharField(source="topic.title")
    title_en = serializers.CharField(source="topic.title_en")
    summary = serializers.CharField(source="topic.summary")
    keywords = serializers.ListField(child=serializers.CharField(), source="topic.keyword_list")
    level = serializers.ChoiceField(choices=TopicLevel.choices, source="topic.level")
    level_label = serializers.CharField(source="topic.get_level_display")
    status = serializers.CharField(source="topic.status")
    status_label = serializers.CharField(source="topic.get_status_display")
    grade = serializers.CharField(source="topic.grade")
    unit = NamedSerializer(source="topic.unit")
    field = NamedSerializer(source="topic.field", allow_null=True)
    ordering_body = NamedSerializer(source="topic.ordering_body", allow_null=True)
    planned_start = serializers.DateField(source="topic.planned_start")
    planned_end = serializers.DateField(source="topic.planned_end")
    accepted_on = serializers.DateField(source="topic.accepted_on", allow_null=True)
    team = TeamMemberSerializer(source="topic.members.all", many=True)
    approved_funding = serializers.SerializerMethodField()
    order = serializers.SerializerMethodField()
    url = PageUrlField()

    @extend_schema_field(OrderSerializer(allow_null=True))
    def get_order(self, page):
        fields = public_order_fields(public_order(page.topic))
        return OrderSerializer(fields).data if fields else None

    @extend_schema_field(FundingSerializer(many=True))
    def get_approved_funding(self, page):
        return [
            {"source": str(source), "approved": amount}
            for source, amount in page.topic.approved_by_source
        ]


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField(source="person.display_name")


class OutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="output.pk")
    kind = serializers.ChoiceField(choices=OutputKind.choices, source="output.kind")
    kind_label = serializers.CharField(source="output.get_kind_display")
    title = serializers.CharField(source="output.title")
    abstract = serializers.CharField(source="output.abstract")
    keywords = serializers.ListField(child=serializers.CharField(), source="output.keyword_list")
    published_on = serializers.DateField(source="output.published_on")
    authors = AuthorSerializer(source="output.authors.all", many=True)
    venue = serializers.CharField(source="output.venue")
    volume = serializers.CharField(source="output.volume")
    issue = serializers.CharField(source="output.issue")
    pages = serializers.CharField(source="output.pages")
    issn = serializers.CharField(source="output.issn")
    isbn = serializers.CharField(source="output.isbn")
    publisher = serializers.CharField(source="output.publisher")
    link = serializers.CharField(source="output.url")
    citation = serializers.CharField(source="output.citation")
    files = serializers.SerializerMethodField()
    url = PageUrlField()

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, page):
        return [
            {
                "title": attachment.title,
                "url": absolute_url(page.file_url(attachment)),
            }
            for attachment in page.output.files.all()
            if attachment.is_public
        ]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person.pk")
    full_name = serializers.CharField(source="person.full_name")
    display_name = serializers.CharField(source="person.display_name")
    academic_title = serializers.CharField(source="person.academic_title")
    degree = serializers.CharField(source="person.degree")
    unit = NamedSerializer(source="person.unit", allow_null=True)
    bio = serializers.CharField(source="person.bio")
    url = PageUrlField()


class Pages(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_next_link(self):
        return self.on_site_base(super().get_next_link())

    def get_previous_link(self):
        return self.on_site_base(super().get_previous_link())

    @staticmethod
    def on_site_base(link):
        return absolute_url(link) if link else link


# What a program gets when it asks wrongly, documented in the OpenAPI description.
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such record, or no such page.")
BAD_FILTER = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A filter's value is not valid: {filter name: [reasons]}.",
)
LARGEST_ID = 2**63 - 1  # what a database id holds


CODES = {"level": TopicLevel, "kind": OutputKind}


def filter_parameters(filterset_class):
    """The list filters as the API takes them: years and ids with the bounds the filters hold
    (a value outside them is a 400), codes among their choices."""
    parameters = []
    for name, found in filterset_class.base_filters.items():
        if isinstance(found, YearFilter):
            schema = {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}
        elif isinstance(found, WholeNumberFilter):
            schema = {"type": "integer", "minimum": 1, "maximum": LARGEST_ID}
        elif name in CODES:
            schema = {"type": "string", "enum": list(CODES[name].values)}
        else:
            continue
        parameters.append(
            OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=str(found.label))
        )
    return parameters


def documented(serializer, filterset_class):
    """The viewset's answers in the OpenAPI description, its filters and errors included."""
    return extend_schema_view(
        list=extend_schema(
            parameters=filter_parameters(filterset_class),
            responses={200: serializer(many=True), 400: BAD_FILTER, 404: NOT_FOUND},
        ),
        retrieve=extend_schema(responses={200: serializer, 404: NOT_FOUND}),
    )


class PublishedViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[0-9]+"
    pagination_class = Pages

    def get_object(self):
        if int(self.kwargs[self.lookup_url_kwarg]) > LARGEST_ID:
            raise NotFound()  # no record has such an id (the database could not even look)
        return super().get_object()


@documented(TopicSerializer, TopicPageFilterSet)
class TopicViewSet(PublishedViewSet):
    """Published research topics."""

    serializer_class = TopicSerializer
    filterset_class = TopicPageFilterSet
    lookup_field = "topic_id"
    queryset = TopicPage.objects.none()  # the model, for the OpenAPI description

    def get_queryset(self):
        return (
            topic_pages()
            .select_related("topic__unit", "topic__field", "topic__ordering_body")
            .prefetch_related(
                "topic__members__person",
                "topic__funding_lines__source",
                "topic__orders__ordering_body",
            )
            .order_by("-topic__planned_start", "topic_id")
        )


@documented(OutputSerializer, OutputPageFilterSet)
class OutputViewSet(PublishedViewSet):
    """Library items: public, verified outputs with a published page."""

    serializer_class = OutputSerializer
    filterset_class = OutputPageFilterSet
    lookup_field = "output_id"
    queryset = OutputPage.objects.none()

    def get_queryset(self):
        return (
            output_pages()
            .prefetch_related("output__authors__person", "output__files")
            .order_by("-output__published_on", "output_id")
        )


@documented(PersonSerializer, PersonPageFilterSet)
class PersonViewSet(PublishedViewSet):
    """Lecturer profiles."""

    serializer_class = PersonSerializer
    filterset_class = PersonPageFilterSet
    lookup_field = "person_id"
    queryset = PersonPage.objects.none()

    def get_queryset(self):
        return (
            published(PersonPage)
            .select_related("person__unit")
            .order_by("person__sort_key", "person__pk")
        )


def open_data_only(endpoints, **kwargs):
    """drf-spectacular hook: describe /api/ alone (Wagtail's admin API is no part of it)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


router = DefaultRouter()
router.register("topics", TopicViewSet, basename="api-topic")
router.register("outputs", OutputViewSet, basename="api-output")
router.register("people", PersonViewSet, basename="api-person")


def not_found(request, *args, **kwargs):
    """Everything under /api/ answers JSON, an address that is not an endpoint too; an endpoint
    asked without its final slash is redirected to it (as APPEND_SLASH does elsewhere)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return JsonResponse({"detail": gettext("Not found.")}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
