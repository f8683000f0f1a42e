"""Each person's inbox (a copy of every e-mail the portal sent them) and to-do list."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from research.inbox.models import InboxMessage
from research.personal.todo import todo_for


class InboxView(LoginRequiredMixin, ListView):
    template_name = "research/workspace/inbox.html"
    paginate_by = 20

    def get_queryset(self):
        return InboxMessage.objects.of_user(self.request.user).order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(todo=todo_for(self.request.user), **kwargs)


class MessageView(LoginRequiredMixin, DetailView):
    """One message; opening it marks it read."""

    template_name = "research/workspace/inbox_message.html"
    context_object_name = "message"

    def get_queryset(self):
        return InboxMessage.objects.of_user(self.request.user)

    def get_object(self, queryset=None):
        message = super().get_object(queryset)
        if message.read_at is None:
            InboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(
                read_at=timezone.now()
            )
        return message


class MarkMessageView(LoginRequiredMixin, View):
    """Mark one message unread again, or every message read."""

    http_method_names = ["post"]

    def post(self, request, pk=None):
        mine = InboxMessage.objects.of_user(request.user)
        if pk is None:
            mine.unread().update(read_at=timezone.now())
            messages.success(request, _("All messages are marked read."))
        else:
            message = get_object_or_404(mine, pk=pk)
            mine.filter(pk=message.pk).update(read_at=None)
            messages.success(request, _("The message is marked unread."))
        return redirect("research:inbox")
