"""schema.org `Course` with its `CourseInstance`s, as JSON-LD for search engines.

Google's course rich results need `name`, `description` and `provider`; each session is a
`CourseInstance` with its mode (onsite / online), dates, place, capacity and seats left.
"""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from coopsite.foundation.models import SiteSettings

# As Django's `json_script`: nothing in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _offer(course, request):
    offer = {"@type": "Offer", "priceCurrency": "EUR", "url": course.get_full_url(request)}
    if course.price_kind == "free":
        offer.update(price="0", category="Free")
    elif course.price_kind == "paid" and course.price_amount is not None:
        offer.update(price=f"{course.price_amount:.2f}", category="Paid")
    elif course.price_kind == "funded":
        # Free for the participant: the funder pays.
        offer.update(price="0", category="Free", description=str(course.price_display))
    else:
        return None
    return offer


def _instance(session, course, url):
    days = session.sorted_days
    instance = {
        "@type": "CourseInstance",
        "name": str(session),
        "courseMode": "online" if session.remote and not session.place else "onsite",
        "maximumAttendeeCapacity": session.capacity,
        "remainingAttendeeCapacity": session.seats_left,
    }
    if session.remote and session.place:
        instance["courseMode"] = "blended"
    if days:
        instance["startDate"] = days[0].starts_at().isoformat()
        instance["endDate"] = days[-1].ends_at().isoformat()
        instance["courseSchedule"] = {
            "@type": "Schedule",
            "startDate": days[0].date.isoformat(),
            "endDate": days[-1].date.isoformat(),
            "repeatCount": len(days),
        }
    if session.place:
        instance["location"] = {
            "@type": "Place",
            "name": session.place,
            "address": session.address or session.place,
        }
    elif session.remote:
        instance["location"] = {"@type": "VirtualLocation", "url": url}
    if course.duration_hours is not None:
        instance["courseWorkload"] = f"PT{int(course.duration_hours)}H"
    return instance


def course_data(course, sessions, request):
    provider_name = SiteSettings.load(request_or_site=request).cooperative_name
    url = course.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": course.summary or strip_tags(course.objectives) or course.title,
        "url": url,
        "inLanguage": get_language(),
        "provider": {"@type": "Organization", "name": provider_name},
        "hasCourseInstance": [_instance(session, course, url) for session in sessions],
    }
    offer = _offer(course, request)
    if offer:
        data["offers"] = [offer]
    return data


def course_json_ld(course, sessions, request):
    """The `<script type="application/ld+json">` element, safe to put in the page."""
    text = json.dumps(course_data(course, sessions, request), ensure_ascii=False, indent=1)
    text = text.translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
