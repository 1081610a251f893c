"""Course page, registration, confirmation and cancellation: thin views over `registration`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopsite.foundation import page_cache
from coopsite.foundation.privacy import can_view
from coopsite.foundation.ratelimit import too_many
from coopsite.foundation.routes import page_route
from governance.models import MemberPage

from .catalog import localize, localized_options
from .forms import RegistrationForm
from .models import Audience, CoursePage, Registration, SessionDay, Theme, TrainingSession
from .registration import (
    AlreadyRegistered,
    RegistrationRefused,
    cancel_by_link,
    first_start,
    has_started,
    register,
    started_message,
)
from .structured_data import course_json_ld
from .tokens import (
    SALT_CANCEL,
    SALT_DONE,
    LinkExpired,
    pk_from_token,
    registration_from_token,
    registration_token,
)


def course_sessions(course):
    return (
        TrainingSession.objects.for_course(course)
        .with_seats()
        .prefetch_related(Prefetch("days", queryset=SessionDay.objects.order_by("date")))
        .order_by("first_day", "pk")
    )


def _registration_form(course, request, sessions, data=None):
    today = timezone.localdate()
    open_sessions = (
        TrainingSession.objects.filter(pk__in=[s.pk for s in sessions if s.is_open(today)])
        .with_seats()
        .prefetch_related("days")
        .order_by("first_day", "pk")
    )
    members = None
    initial = {}
    user = request.user
    if user.is_authenticated:
        # Only the member page(s) linked to the account: nobody registers under another's name.
        members = MemberPage.objects.live().active().filter(user=user).order_by("title")
        member = members.first()
        initial = {
            "name": user.get_full_name(),
            "email": user.email,
            "member": member.pk if member else None,
        }
        if member is None:
            members = None
    if len(open_sessions) == 1:
        initial["session"] = open_sessions[0].pk
    return RegistrationForm(data, sessions=open_sessions, members=members, initial=initial)


def course_context(course, request, form=None):
    sessions = list(course_sessions(course))
    today = timezone.localdate()
    upcoming = [s for s in sessions if s.last_day and s.last_day >= today]
    past = [s for s in sessions if s.last_day and s.last_day < today]
    for session in upcoming:
        session.open_now = session.is_open(today)
    # Filtered and sorted here, not in SQL: in an admin preview of a revision `organisers` is
    # modelcluster's in-memory FakeQuerySet, which has no `.live()`.
    organisers = sorted(
        (organiser for organiser in course.organisers.all() if organiser.live),
        key=lambda organiser: organiser.title,
    )
    for organiser in organisers:
        organiser.visible = can_view(organiser, request)
    return {
        "upcoming_sessions": upcoming,
        "past_sessions": past,
        "today": today,
        "organisers": organisers,
        "themes": localize(course.themes.all(), localized_options(Theme)),
        "audiences": localize(course.audiences.all(), localized_options(Audience)),
        "registration_open": any(session.open_now for session in upcoming),
        "form": form if form is not None else _registration_form(course, request, sessions),
        "json_ld": course_json_ld(course, upcoming, request),
    }


@page_route(CoursePage, "", name="course")
@page_cache.cacheable
def course_view(course, request):
    if request.method != "POST":
        return course.render(request, context_overrides=course_context(course, request))
    if too_many(request, "registration", *settings.REGISTRATION_RATE_LIMIT):
        response = TemplateResponse(request, "training/too_many.html", {"page": course}, status=429)
        response["Retry-After"] = str(settings.REGISTRATION_RATE_LIMIT[1])
        return response
    sessions = list(course_sessions(course))
    form = _registration_form(course, request, sessions, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            register(
                data["session"],
                name=data["name"],
                email=data["email"],
                structure=data["structure"],
                member=data.get("member"),
                phone=data["phone"],
                accessibility_needs=data["accessibility_needs"],
                consent=data["consent"],
                language=translation.get_language(),
                user=request.user,
            )
        except AlreadyRegistered:
            # The same answer as for a new registration: the page never tells whether an
            # address is registered; `register` has queued an e-mail telling the address.
            pass
        except RegistrationRefused as refusal:
            form.add_error(None, str(refusal))
        if not form.errors:
            token = registration_token(data["session"], SALT_DONE)
            return redirect(course.url + course.reverse_subpage("registered", args=[token]))
    return course.render(
        request,
        context_overrides=course_context(course, request, form=form),
    )


@page_route(CoursePage, "inscription/<str:token>/", name="registered")
def registration_done_view(course, request, token):
    """The page after the form: the same for a new registration, a waiting place and an address
    already registered (each learns which by e-mail), so it names the session only."""
    try:
        pk = pk_from_token(token, SALT_DONE, settings.REGISTRATION_DONE_LINK_AGE)
    except LinkExpired:
        raise Http404 from None
    session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)
    if session.course.translation_key != course.translation_key:
        raise Http404
    return course.render(
        request,
        template="training/registration_done.html",
        context_overrides={"session": session},
    )


def cancel_registration(request, token):
    """The link of the confirmation e-mail: no login, a signed token, a confirmation button."""
    try:
        registration = registration_from_token(token, SALT_CANCEL, settings.CANCEL_LINK_AGE)
    except LinkExpired:
        return TemplateResponse(request, "training/cancel_link_expired.html", {}, status=410)
    refusal = None
    if registration.status != Registration.CANCELLED:
        try:
            if request.method == "POST":
                cancel_by_link(registration)
                messages.success(request, _("Your registration is cancelled."))
                return redirect(request.path)
            if has_started(first_start(registration.session), timezone.now()):
                raise RegistrationRefused(started_message())
        except RegistrationRefused as error:
            refusal = str(error)
    return TemplateResponse(
        request,
        "training/cancel_registration.html",
        {"registration": registration, "session": registration.session, "refusal": refusal},
    )


@page_route(CoursePage, "inscrits/", name="registrations")
def organiser_registrations_view(course, request):
    """The organisers of a course (users linked to an organising member) and editors see who
    registered for its upcoming sessions; nobody else."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    may_see = user.has_perm("training.view_registration") or (
        course.organisers.filter(user=user).exists()
    )
    if not may_see:
        raise PermissionDenied
    today = timezone.localdate()
    sessions = (
        course_sessions(course)
        .filter(last_day__gte=today)
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.exclude(status=Registration.CANCELLED)
                .select_related("member")
                .order_by("pk"),
            )
        )
    )
    return course.render(
        request,
        template="training/organiser_registrations.html",
        context_overrides={"sessions": sessions},
    )
