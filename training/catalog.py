"""The catalogue: public courses with their upcoming sessions, filtered by theme, audience,
place and seats left, in a fixed number of queries whatever the number of courses.

Themes and audiences are translated snippets: a course keeps the ones chosen in French, and the
catalogue shows and filters them in the active language through their `translation_key`.
"""

import unicodedata

import django_filters
from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from coopsite.foundation.filters import ALL, CheckboxFilter, SiteFilterSet
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


def collation_key(text):
    """French alphabetical order: « Élus » between « Construire » and « Gestion »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def open_sessions_with_seats(today):
    """Sessions one may still register for and that have a seat left."""
    return TrainingSession.objects.with_seats().filter(
        cancelled=False, registration_deadline__gte=today, capacity__gt=F("confirmed_count")
    )


class CatalogFilterSet(SiteFilterSet):
    """The catalogue's filters: theme, audience (in the language being read), place, seats.

    Only the places of the sessions the visitor may see are offered and accepted (a draft or
    restricted course's place never shows, nor filters); "distance" stands for remote sessions.
    """

    theme = django_filters.ChoiceFilter(label=_("Theme"), empty_label=ALL, method="of_theme")
    audience = django_filters.ChoiceFilter(
        label=_("Audience"), empty_label=ALL, method="for_audience"
    )
    place = django_filters.ChoiceFilter(label=_("Place"), empty_label=ALL, method="at_place")
    available = CheckboxFilter(label=_("Seats available"), method="with_seats")

    def __init__(self, request, queryset=None, *, themes, audiences, places, upcoming, today):
        super().__init__(request, queryset)
        self.themes = {theme.slug: theme for theme in themes}
        self.audiences = {audience.slug: audience for audience in audiences}
        self.upcoming = upcoming
        self.today = today
        self.filters["theme"].extra["choices"] = [(t.slug, t.name) for t in themes]
        self.filters["audience"].extra["choices"] = [(a.slug, a.name) for a in audiences]
        self.filters["place"].extra["choices"] = [(p, p) for p in places] + [(REMOTE, _("Remote"))]

    def of_theme(self, courses, name, value):
        return courses.filter(themes__translation_key=self.themes[value].translation_key)

    def for_audience(self, courses, name, value):
        return courses.filter(audiences__translation_key=self.audiences[value].translation_key)

    def at_place(self, courses, name, value):
        place = {"remote": True} if value == REMOTE else {"place": value}
        sessions = self.upcoming.filter(course__translation_key=OuterRef("translation_key"))
        return courses.filter(Exists(sessions.filter(**place)))

    def with_seats(self, courses, name, value):
        if not value:
            return courses
        sessions = open_sessions_with_seats(self.today)
        return courses.filter(
            Exists(sessions.filter(course__translation_key=OuterRef("translation_key")))
        )


def catalog_context(catalog, request):
    today = timezone.localdate()
    themes = localized_options(Theme)
    audiences = localized_options(Audience)
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
    filters = CatalogFilterSet(
        request,
        listed,
        themes=themes,
        audiences=audiences,
        places=places,
        upcoming=upcoming,
        today=today,
    )
    courses = filters.qs
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
        "today": today,
        "registration_statuses": Registration,
    }
