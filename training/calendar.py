"""iCalendar feeds of sessions, made with the `icalendar` library.

A session spanning several days (three Saturdays) gives one event per day, each with its own
UID, so that calendars show the real hours and not one block over three weeks.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from coopsite.foundation.models import SiteSettings


def _event_uid(day, host):
    return f"session-{day.session_id}-jour-{day.pk}@{host}"


def build_calendar(sessions, *, request, host, name):
    """A `Calendar` with one VEVENT per day of each session."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{name}//Formations//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for session in sessions:
        course = session.course
        url = course.get_full_url(request)
        days = session.sorted_days
        for number, day in enumerate(days, start=1):
            event = Event()
            event.add("uid", _event_uid(day, host))
            event.add("dtstamp", stamp)
            event.add("dtstart", day.starts_at())
            event.add("dtend", day.ends_at())
            summary = course.title
            if len(days) > 1:
                summary = f"{course.title} ({number}/{len(days)})"
            event.add("summary", summary)
            location = ", ".join(part for part in [session.place, session.address] if part)
            if session.remote:
                location = ", ".join(part for part in [location, _("Remote")] if part)
            event["location"] = vText(location)
            event.add("url", url)
            if course.summary:
                event.add("description", course.summary)
            calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for Europe/Paris, as RFC 5545 requires
    return calendar


def calendar_response(request, sessions, filename):
    sessions = sessions.select_related("course").prefetch_related("days").order_by("first_day")
    site_name = SiteSettings.load(request_or_site=request).cooperative_name
    calendar = build_calendar(
        sessions,
        request=request,
        host=request.get_host().split(":")[0],
        name=site_name,
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
