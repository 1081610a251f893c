"""E-mails to the people who register, in their language (French unless they used /en/).

Confirmation (with the session's days as an ICS attachment), waiting list (with the place on
it), promotion from the waiting list, cancellation, and "already registered" (the answer to the
same address registering again, which the page does not tell). Each carries the signed
cancellation link while it is useful.
They are sent by the background tasks of `training.tasks`, never by a request.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from coopsite.foundation.models import SiteSettings

from .calendar import build_calendar
from .models import Registration, TrainingSession, waiting_position
from .tokens import SALT_CANCEL, registration_token


def _absolute(path):
    site = Site.objects.filter(is_default_site=True).first()
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or (site.root_url if site else "")
    return base.rstrip("/") + path


def _send(registration, subject, template, attach_calendar=False, language=None):
    with translation.override(language or registration.language):
        session = registration.session
        course = session.course
        site_name = SiteSettings.load().cooperative_name
        cancel_url = _absolute(
            reverse("training:cancel", args=[registration_token(registration, SALT_CANCEL)])
        )
        context = {
            "registration": registration,
            "session": session,
            "course": course,
            "site_name": site_name,
            "course_url": _absolute(course.url),
            "cancel_url": cancel_url,
            "position": waiting_position(registration),
        }
        message = EmailMessage(
            subject=f"{subject} · {course.title}",
            body=render_to_string(template, context),
            to=[registration.email],
            reply_to=[course.contact_email] if course.contact_email else None,
        )
        if attach_calendar:
            sessions = TrainingSession.objects.filter(pk=session.pk).prefetch_related("days")
            calendar = build_calendar(
                sessions.select_related("course"),
                request=None,
                host=urlparse(_absolute("/")).hostname or "localhost",
                name=site_name,
            )
            message.attach("session.ics", calendar.to_ical(), "text/calendar")
        message.send()


def send_registration_email(registration):
    with translation.override(registration.language):
        if registration.status == Registration.CONFIRMED:
            _send(
                registration,
                _("Registration confirmed"),
                "training/emails/confirmed.txt",
                attach_calendar=True,
            )
        elif registration.status == Registration.WAITING:
            _send(registration, _("On the waiting list"), "training/emails/waiting.txt")


def send_promotion_email(registration):
    with translation.override(registration.language):
        _send(
            registration,
            _("A seat is free for you"),
            "training/emails/promoted.txt",
            attach_calendar=True,
        )


def send_cancellation_email(registration):
    with translation.override(registration.language):
        _send(registration, _("Registration cancelled"), "training/emails/cancelled.txt")


def send_already_registered_email(registration, language):
    """In the language of the new attempt: the address was already registered."""
    with translation.override(language):
        _send(
            registration,
            _("Already registered"),
            "training/emails/already_registered.txt",
            language=language,
        )
