from datetime import time, timedelta

import pytest
from django.utils import timezone

from training.models import Audience, CoursePage, SessionDay, Theme, TrainingSession

TODAY = timezone.localdate


def make_course(catalog, title="Gouvernance partagée", slug=None, themes=(), audiences=(), **f):
    course = CoursePage(
        title=title, slug=slug or f"formation-{CoursePage.objects.count() + 1}", **f
    )
    course.themes = list(themes)
    course.audiences = list(audiences)
    catalog.add_child(instance=course)
    course.save_revision().publish()
    course.refresh_from_db()
    return course


def make_session(
    course,
    *,
    in_days=20,
    day_count=1,
    spacing=7,
    capacity=20,
    deadline_in=None,
    place="Salle des fêtes, Val-de-Sarre",
    remote=False,
    cancelled=False,
):
    first = TODAY() + timedelta(days=in_days)
    session = TrainingSession(
        course=course,
        place=place,
        remote=remote,
        capacity=capacity,
        cancelled=cancelled,
        registration_deadline=(
            first - timedelta(days=2) if deadline_in is None else TODAY() + timedelta(deadline_in)
        ),
    )
    session.days = [
        SessionDay(
            date=first + timedelta(days=spacing * i), start_time=time(9, 30), end_time=time(17, 30)
        )
        for i in range(day_count)
    ]
    session.save()
    return session


@pytest.fixture
def themes(db):
    return {
        slug: Theme.objects.create(name=name, slug=slug)
        for slug, name in [("gouvernance", "Gouvernance partagée"), ("gestion", "Gestion")]
    }


@pytest.fixture
def audiences(db):
    return {
        slug: Audience.objects.create(name=name, slug=slug)
        for slug, name in [("benevoles", "Bénévoles"), ("elus", "Élus")]
    }


@pytest.fixture
def course(tree):
    return make_course(
        tree.catalog,
        title="La coopération et la gouvernance partagée",
        slug="cooperation",
        summary="Trois samedis pour coopérer.",
        price_kind="free",
    )


@pytest.fixture
def session(course):
    return make_session(course, capacity=3)
