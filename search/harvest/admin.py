"""The office's screens for the other schools: the peer repositories it harvests (with each one's
status, counts and last error) and the records harvested from them, read only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from search.models import HarvestedRecord, HarvestStatus, PeerRepository


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Harvested records are the peers' metadata: they change only by being harvested again."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(HarvestedRecord, ViewOnlyPolicy(HarvestedRecord))


class PeerRepositoryViewSet(ModelViewSet):
    model = PeerRepository
    icon = "site"
    menu_label = _("Peer repositories")
    url_prefix = "search/peers"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["name", "base_url", "set_spec", "enabled"]
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="search_peer:edit"),
        Column("base_url", label=_("OAI-PMH address")),
        Column("set_spec", label=_("Set")),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda peer: peer.status == HarvestStatus.OK,
        ),
        DateColumn("last_success_at", label=_("Last success")),
        Column("records_count", label=_("Records")),
        Column("deleted_count", label=_("Deleted records")),
        Column("last_error", label=_("Last error")),
    ]
    list_filter = ["status", "enabled"]
    inspect_view_fields = [
        "name",
        "base_url",
        "set_spec",
        "enabled",
        "status",
        "last_attempt_at",
        "last_success_at",
        "last_datestamp",
        "last_received",
        "records_count",
        "deleted_count",
        "last_error",
    ]


class HarvestedRecordFilterSet(WagtailFilterSet):
    class Meta:
        model = HarvestedRecord
        fields = ["peer", "deleted"]


class HarvestedRecordViewSet(ModelViewSet):
    model = HarvestedRecord
    icon = "doc-full"
    menu_label = _("Harvested records")
    url_prefix = "search/harvested"
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = HarvestedRecordFilterSet
    search_fields = ["title", "identifier"]
    exclude_form_fields = []  # never edited (the permission policy allows viewing only)
    list_per_page = 50
    list_display = [
        TitleColumn("__str__", label=_("Title"), url_name="search_harvested:inspect"),
        Column("peer", label=_("Peer")),
        DateColumn("datestamp", label=_("Datestamp")),
        Column("deleted", label=_("Deleted at the source"), accessor="deleted_label"),
    ]
    inspect_view_fields = [
        "peer",
        "identifier",
        "datestamp",
        "deleted",
        "title",
        "creators",
        "description",
        "subjects",
        "date",
        "types",
        "source_url",
        "language",
        "harvested_at",
    ]

    def get_queryset(self, request):
        return HarvestedRecord.objects.select_related("peer")


class OtherSchoolsViewSetGroup(ViewSetGroup):
    menu_label = _("Other schools")
    menu_icon = "site"
    menu_order = 170
    items = (
        PeerRepositoryViewSet("search_peer"),
        HarvestedRecordViewSet("search_harvested"),
    )
