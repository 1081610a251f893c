"""Capacity, waiting list, duplicates, deadlines, cancellation and promotion (domain rules)."""

import re
import threading
from datetime import UTC, datetime, time

import pytest
from django.core import mail
from django.db import connection
from icalendar import Calendar

from training.models import Registration, waiting_position
from training.registration import (
    RegistrationRefused,
    cancel,
    cancel_by_link,
    fill_free_seats,
    first_start,
    has_started,
    register,
)

from .conftest import make_session


def person(number, **extra):
    return {
        "name": f"Personne {number}",
        "email": f"personne{number}@exemple.org",
        "consent": True,
        **extra,
    }


def test_seats_are_confirmed_then_people_wait_in_order(session):
    results = [register(session, **person(n)) for n in range(5)]
    assert [r.status for r in results] == ["confirmed"] * 3 + ["waiting"] * 2
    assert [waiting_position(r) for r in results] == [None, None, None, 1, 2]
    session.refresh_from_db()
    assert session.seats_left == 0


def test_same_email_twice_is_refused_and_nothing_is_written(session):
    register(session, **person(1))
    with pytest.raises(RegistrationRefused, match="déjà inscrite"):
        register(session, **person(1, email="PERSONNE1@exemple.org "))
    assert session.registrations.count() == 1


def test_the_same_person_may_register_again_after_cancelling(session):
    first = register(session, **person(1))
    cancel(first)
    again = register(session, **person(1))
    assert again.status == "confirmed"


def test_closed_sessions_refuse_registration(course):
    past_deadline = make_session(course, in_days=5, deadline_in=-1)
    with pytest.raises(RegistrationRefused, match="clôturées"):
        register(past_deadline, **person(1))
    cancelled = make_session(course, cancelled=True)
    with pytest.raises(RegistrationRefused, match="annulée"):
        register(cancelled, **person(1))
    last_day = make_session(course, in_days=5, deadline_in=0)  # the deadline day is included
    assert register(last_day, **person(1)).status == "confirmed"
    assert Registration.objects.filter(session__in=[past_deadline, cancelled]).count() == 0


def test_consent_is_required(session):
    with pytest.raises(RegistrationRefused, match="consentement"):
        register(session, **person(1, consent=False))
    assert not session.registrations.exists()


def test_cancelling_a_confirmed_seat_promotes_the_first_waiting(
    session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        people = [register(session, **person(n)) for n in range(5)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel(people[1])
    assert promoted.pk == people[3].pk
    statuses = dict(session.registrations.values_list("email", "status"))
    assert statuses == {
        "personne0@exemple.org": "confirmed",
        "personne1@exemple.org": "cancelled",
        "personne2@exemple.org": "confirmed",
        "personne3@exemple.org": "confirmed",
        "personne4@exemple.org": "waiting",
    }
    assert waiting_position(Registration.objects.get(email="personne4@exemple.org")) == 1
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["personne3@exemple.org"].startswith("Une place se libère")
    assert subjects["personne1@exemple.org"].startswith("Inscription annulée")
    assert cancel(people[1]) is None  # twice: nothing more happens


def test_cancelling_a_waiting_place_promotes_nobody(session):
    people = [register(session, **person(n)) for n in range(5)]
    assert cancel(people[4]) is None
    assert session.registrations.filter(status="confirmed").count() == 3


def test_confirmation_email_is_french_with_the_session_calendar(
    session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(session, **person(1))
    message = mail.outbox[-1]
    assert message.subject.startswith("Inscription confirmée")
    assert "Bonjour Personne 1" in message.body
    cancel_link = re.search(r"https?://\S+/inscriptions/annuler/\S+/", message.body)
    assert cancel_link, message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]) == session.course.title


def test_waiting_list_email(session, django_capture_on_commit_callbacks):
    for n in range(3):
        register(session, **person(n))
    with django_capture_on_commit_callbacks(execute=True):
        register(session, **person(9))
    message = mail.outbox[-1]
    assert message.subject.startswith("Sur liste d’attente")
    assert not message.attachments


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_people_at_once_for_twenty_seats(django_db_blocker):
    """Real parallel connections: exactly 20 confirmed, 30 waiting, in order, none lost."""
    from django.db import connections

    from tests.factories import build_tree

    from .conftest import make_course

    tree = build_tree()
    session = make_session(make_course(tree.catalog), capacity=20)
    barrier = threading.Barrier(50)
    errors = []

    def worker(number):
        try:
            barrier.wait()
            register(session, **person(number))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(session.registrations.order_by("pk").values_list("status", flat=True))
    assert len(rows) == 50
    assert rows == ["confirmed"] * 20 + ["waiting"] * 30


def test_raising_the_capacity_confirms_the_first_people_waiting(session):
    people = [register(session, **person(n)) for n in range(6)]
    session.capacity = 5
    session.save()
    fill_free_seats(session=session)  # what the admin's session views do after the save
    statuses = [Registration.objects.get(pk=r.pk).status for r in people]
    assert statuses == ["confirmed"] * 5 + ["waiting"]


def test_a_seat_freed_after_the_session_promotes_nobody(course):
    held = make_session(course, in_days=-3, capacity=1)
    Registration.objects.create(
        session=held, name="A", email="a@exemple.org", status="confirmed", consent=True
    )
    Registration.objects.create(
        session=held, name="B", email="b@exemple.org", status="waiting", consent=True
    )
    # The person's own link no longer cancels a session held...
    with pytest.raises(RegistrationRefused, match="a commencé"):
        cancel_by_link(held.registrations.get(email="a@exemple.org"))
    assert held.registrations.get(email="a@exemple.org").status == "confirmed"
    # ...an organiser or an editor still may (`cancel`, the admin's way), and nobody moves up.
    assert cancel(held.registrations.get(email="a@exemple.org")) is None
    assert held.registrations.get(email="a@exemple.org").status == "cancelled"
    assert held.registrations.get(email="b@exemple.org").status == "waiting"


PARIS_WINTER_START = datetime(2026, 3, 7, 9, 30)  # a Saturday, Paris at UTC+1
PARIS_SUMMER_START = datetime(2026, 7, 4, 9, 30)  # Paris at UTC+2


@pytest.mark.parametrize(
    "start, now, started",
    [
        (None, datetime(2026, 3, 7, 12, 0, tzinfo=UTC), False),  # no days: never started
        (PARIS_WINTER_START, datetime(2026, 3, 6, 23, 0, tzinfo=UTC), False),  # 00:00 that day
        (PARIS_WINTER_START, datetime(2026, 3, 7, 8, 29, tzinfo=UTC), False),  # 09:29 in Paris
        (PARIS_WINTER_START, datetime(2026, 3, 7, 8, 30, tzinfo=UTC), True),  # 09:30: it starts
        (PARIS_WINTER_START, datetime(2026, 3, 14, 8, 0, tzinfo=UTC), True),  # a week later
        (PARIS_SUMMER_START, datetime(2026, 7, 4, 7, 29, tzinfo=UTC), False),  # 09:29 in Paris
        (PARIS_SUMMER_START, datetime(2026, 7, 4, 7, 30, tzinfo=UTC), True),  # 09:30 in Paris
        (PARIS_SUMMER_START, datetime(2026, 7, 4, 9, 0, tzinfo=UTC), True),  # 11:00 in Paris
    ],
)
def test_a_session_starts_at_its_first_day_s_start_in_local_time(start, now, started):
    assert has_started(start, now) is started


def test_the_first_start_is_the_earliest_day_and_hour(course):
    session = make_session(course, in_days=10, day_count=3)
    first = session.sorted_days[0]
    assert first_start(session) == datetime.combine(first.date, first.start_time)
    first.start_time = time(8, 0)
    first.save()
    assert first_start(session) == datetime.combine(first.date, time(8, 0))
