"""Each person's calendar (research.personal.calendar): a month view and list in the workspace, and a
personal iCal feed."""

import calendar
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from icalendar import Calendar, Event

from portal.operations.files import private_download
from research.core.bounds import MonthField, query_value
from research.deadlines.models import CalendarToken
from research.personal.calendar import KIND_LABELS, entries_for

# The feed carries a year back and two ahead: calendar apps keep what they have seen.
FEED_PAST = datetime.timedelta(days=365)
FEED_AHEAD = datetime.timedelta(days=730)
MEETING_LENGTH = datetime.timedelta(hours=3)  # a timed event needs an end; meetings last a morning


class CalendarView(LoginRequiredMixin, TemplateView):
    template_name = "research/workspace/calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        (year, month), error = query_value(
            self.request, "month", MonthField(), (today.year, today.month)
        )
        if error:
            messages.warning(self.request, error)
        first = datetime.date(year, month, 1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        entries = entries_for(self.request.user, first, last)
        by_day = {}
        for entry in entries:
            by_day.setdefault(entry.day, []).append(entry)
        weeks = [
            [(day, by_day.get(day, [])) if day.month == first.month else (None, []) for day in week]
            for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
        ]
        token = CalendarToken.objects.filter(user=self.request.user).first()
        return super().get_context_data(
            first=first,
            previous=(first - datetime.timedelta(days=1)).strftime("%Y-%m"),
            next=(last + datetime.timedelta(days=1)).strftime("%Y-%m"),
            weeks=weeks,
            entries=entries,
            today=today,
            legend=KIND_LABELS,
            weekdays=[_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            feed_url=settings.SITE_BASE_URL.rstrip("/")
            + reverse("research:calendar-feed", args=[token.token])
            if token
            else None,
            **kwargs,
        )


class RenewCalendarTokenView(LoginRequiredMixin, View):
    """Make a new secret address for the iCal feed; the old one stops working at once."""

    def post(self, request):
        first = not CalendarToken.objects.filter(user=request.user).exists()
        CalendarToken.renew(request.user)
        messages.success(
            request,
            _("Your calendar address is ready: add it to your phone's calendar.")
            if first
            else _("Your calendar address is new; the old one no longer works."),
        )
        return redirect("research:calendar")


def calendar_feed(request, token):
    """The deadlines of the token's owner as iCalendar; an unknown token reveals nothing."""
    owner = get_object_or_404(CalendarToken.objects.select_related("user"), token=token).user
    if not owner.is_active:
        raise Http404
    feed = Calendar()
    feed.add("prodid", "-//Research portal//vi")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", _("Research calendar"))
    today = timezone.localdate()
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "portal"
    base = settings.SITE_BASE_URL.rstrip("/")
    for entry in entries_for(owner, today - FEED_PAST, today + FEED_AHEAD, pending_only=True):
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("summary", entry.summary)
        event.add("description", entry.title)
        event.add("url", base + entry.url)
        if entry.place:
            event.add("location", entry.place)
        if entry.time:
            start = timezone.make_aware(datetime.datetime.combine(entry.day, entry.time))
            event.add("dtstart", start)
            if entry.kind == "meeting":
                event.add("dtend", start + MEETING_LENGTH)
            # else a moment (a call closes at 17:00): no end, so it lasts no time (RFC 5545 3.6.1)
        else:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + datetime.timedelta(days=1))
        event.add("dtstamp", timezone.now())
        feed.add_component(event)
    feed.add_missing_timezones()  # a VTIMEZONE for every TZID used (RFC 5545 3.6.5)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    return private_download(response)  # the address is a secret: no shared cache keeps it
