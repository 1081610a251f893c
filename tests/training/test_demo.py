"""The demo catalogue holds what issue 4 asks for."""

from django.core.management import call_command

from training.models import CoursePage, Registration, TrainingSession


def test_demo_catalogue(db, settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", verbosity=0)
    courses = CoursePage.objects.live()
    assert 7 <= courses.count() <= 10
    flagship = courses.get(title="La coopération et la gouvernance partagée")
    assert flagship.organisers.count() == 3
    assert flagship.price_kind == "funded" and flagship.funder
    upcoming = TrainingSession.objects.filter(course=flagship).upcoming()
    first = upcoming.first()
    assert first.capacity == 20
    days = first.sorted_days
    assert len(days) == 3 and all(day.date.weekday() == 5 for day in days)
    assert TrainingSession.objects.filter(course=flagship).exclude(pk__in=upcoming).exists()
    waiting = Registration.objects.filter(status="waiting")
    assert waiting.exists()
    full = waiting.first().session
    assert full.seats_left == 0
    call_command("load_demo", verbosity=0)  # twice: nothing doubles
    assert CoursePage.objects.count() == courses.count()
