"""Wagtail admin views of the research office that go beyond the generic viewset views."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from research import permissions
from research.actions import ActionRefused, ChangeTopicStatus
from research.forms import TopicStatusForm
from research.models import InvalidTransition, Topic


class ListingIndexView(IndexView):
    """Rows come from the model's `for_listing()`, so the query count stays flat."""

    def get_base_queryset(self):
        return self.model.objects.for_listing()


class TopicInspectView(InspectView):
    template_name = "research/admin/topic_inspect.html"

    def get_fields(self):
        # The template lays out the whole topic itself.
        return []

    def get_object(self, queryset=None):
        return get_object_or_404(
            Topic.objects.with_overdue()
            .select_related("unit", "field", "ordering_body")
            .prefetch_related(
                "members__person",
                "funding_lines__source",
                "tranches__source",
                "deadlines__responsible",
                "outputs",
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        context.update(
            topic=topic,
            history=log_registry.get_logs_for_instance(topic).select_related("user")[:20],
            status_form=TopicStatusForm(topic=topic),
        )
        return context


class TopicStatusView(WagtailAdminTemplateMixin, FormView):
    """Apply one status move through ChangeTopicStatus; refusals are shown, nothing changes."""

    template_name = "research/admin/topic_status.html"
    form_class = TopicStatusForm
    page_title = _("Change status")
    header_icon = "resubmit"

    def dispatch(self, request, pk):
        self.topic = get_object_or_404(Topic, pk=pk)
        permissions.require(request.user, "change_topic_status", self.topic)
        return super().dispatch(request, pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "topic": self.topic}

    def get_page_subtitle(self):
        return str(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)

    def form_valid(self, form):
        action = ChangeTopicStatus(
            self.topic,
            form.cleaned_data["to_status"],
            user=self.request.user,
            reason=form.cleaned_data["reason"],
            grade=form.cleaned_data["grade"],
        )
        try:
            action.execute()
        except (InvalidTransition, ActionRefused) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The topic is now “%(status)s”.") % {"status": self.topic.get_status_display()},
        )
        return redirect(self.topic.get_admin_url())
