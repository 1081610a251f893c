"""The catalogue: public courses with their upcoming sessions, filtered by theme, audience,
place and seats left, in a fixed number of queries whatever the number of courses.

Themes and audiences are translated snippets: a course keeps the ones chosen in French, and the
catalogue shows and filters them in the active language through their `translation_key`.
"""

import unicodedata
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale

from coopsite.foundation.privacy import visible_pages
from coopsite.foundation.structure_cache import cached

from .models import Audience, CoursePage, Registration, SessionDay, Theme, TrainingSession

REMOTE = "distance"


def _options(model, language_code):
    items = list(model.objects.filter(locale__language_code=language_code).order_by("name"))
    if not items:
        items = list(model.objects.filter(locale=Locale.get_default()).order_by("name"))
    return items


def localized_options(model):
    """The model's items in the active language (falling back to the default one).

    Themes and audiences change a few times a year: they come from the shared structure cache,
    renewed whenever one is saved or deleted (`TrainingConfig.ready`).
    """
    language_code = get_language()
    return cached(
        f"training:{model._meta.model_name}:{language_code}",
        lambda: _options(model, language_code),
    )


def localize(items, options):
    """Replace each item by its version in the options' language, when there is one."""
    by_key = {option.translation_key: option for option in options}
    return [by_key.get(item.translation_key, item) for item in items]


@dataclass
class CatalogFilters:
    theme: object = None
    audience: object = None
    place: str = ""
    available: bool = False

    @property
    def active(self):
        return bool(self.theme or self.audience or self.place or self.available)


def collation_key(text):
    """French alphabetical order: « Élus » between « Construire » and « Gestion »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _pick(options, slug):
    return next((option for option in options if option.slug == slug), None)


def open_sessions_with_seats(today):
    """Sessions one may still register for and that have a seat left."""
    return TrainingSession.objects.with_seats().filter(
        cancelled=False, registration_deadline__gte=today, capacity__gt=F("confirmed_count")
    )


def catalog_context(catalog, request):
    today = timezone.localdate()
    themes = localized_options(Theme)
    audiences = localized_options(Audience)
    get = request.GET
    # The courses this visitor may open (live, no restriction they fail): the listing and the
    # places offered by the filter come from them alone, never from a draft or restricted one.
    listed = visible_pages(CoursePage.objects.child_of(catalog), request)
    upcoming = TrainingSession.objects.filter(last_day__gte=today, cancelled=False)
    places = sorted(
        set(
            upcoming.filter(course__translation_key__in=listed.values("translation_key"))
            .exclude(place="")
            .values_list("place", flat=True)
        )
    )
    filters = CatalogFilters(
        theme=_pick(themes, get.get("theme", "")),
        audience=_pick(audiences, get.get("audience", "")),
        place=get.get("place", "") if get.get("place") in [*places, REMOTE] else "",
        available=get.get("available") == "1",
    )

    courses = listed
    if filters.theme:
        courses = courses.filter(themes__translation_key=filters.theme.translation_key)
    if filters.audience:
        courses = courses.filter(audiences__translation_key=filters.audience.translation_key)
    if filters.place == REMOTE:
        courses = courses.filter(
            Exists(
                upcoming.filter(course__translation_key=OuterRef("translation_key"), remote=True)
            )
        )
    elif filters.place:
        courses = courses.filter(
            Exists(
                upcoming.filter(
                    course__translation_key=OuterRef("translation_key"), place=filters.place
                )
            )
        )
    if filters.available:
        courses = courses.filter(
            Exists(
                open_sessions_with_seats(today).filter(
                    course__translation_key=OuterRef("translation_key")
                )
            )
        )
    courses = sorted(
        courses.distinct().prefetch_related("themes", "audiences"),
        key=lambda course: collation_key(course.title),
    )
    # Sessions hang on one language of a course: match them by translation key (one query).
    sessions = (
        TrainingSession.objects.filter(
            course__translation_key__in=[course.translation_key for course in courses],
            last_day__gte=today,
        )
        .with_seats()
        .annotate(course_key=F("course__translation_key"))
        .prefetch_related(Prefetch("days", queryset=SessionDay.objects.order_by("date")))
        .order_by("first_day", "pk")
    )
    by_course = {}
    for session in sessions:
        by_course.setdefault(session.course_key, []).append(session)
    for course in courses:
        course.upcoming_sessions = by_course.get(course.translation_key, [])
        course.localized_themes = localize(course.themes.all(), themes)
        course.localized_audiences = localize(course.audiences.all(), audiences)
    return {
        "courses": courses,
        "filters": filters,
        "themes": themes,
        "audiences": audiences,
        "places": places,
        "remote_value": REMOTE,
        "today": today,
        "registration_statuses": Registration,
    }
