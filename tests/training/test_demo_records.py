"""The demo catalogue's records are consistent (checked without a database)."""

import datetime

from governance.demo import MEMBERS
from training.demo import AUDIENCES, COURSES, THEMES, Session, session_dates
from training.models import CoursePage

SESSIONS = [session for course in COURSES for session in course.sessions]
THURSDAY = datetime.date(2026, 12, 3)


def test_course_slugs_are_unique():
    assert len({course.slug for course in COURSES}) == len(COURSES)


def test_courses_use_the_demo_themes_and_audiences():
    for course in COURSES:
        assert course.themes and set(course.themes) <= set(THEMES), course.slug
        assert course.audiences and set(course.audiences) <= set(AUDIENCES), course.slug


def test_organisers_are_members_of_the_demo():
    names = {member.name for member in MEMBERS}
    for course in COURSES:
        assert set(course.organisers) <= names, course.slug


def test_course_details_are_fields_of_the_course_page():
    fields = {field.name for field in CoursePage._meta.get_fields()}
    for course in COURSES:
        assert set(course.details) <= fields, course.slug


def test_capacities_and_registrations_are_possible():
    assert SESSIONS
    for session in SESSIONS:
        assert session.capacity > 0
        assert session.days >= 1 and session.days_apart >= 1
        assert 0 <= session.confirmed <= session.capacity
        assert session.waiting >= 0
        if session.waiting:  # a waiting list only once the session is full
            assert session.confirmed == session.capacity


def test_one_session_is_full_with_a_waiting_list():
    assert any(session.waiting for session in SESSIONS)


def test_sessions_of_a_course_are_listed_in_date_order():
    for course in COURSES:
        starts = [session_dates(session, THURSDAY)[0] for session in course.sessions]
        assert starts == sorted(starts), course.slug


def test_the_days_of_every_session_are_in_order():
    for session in SESSIONS:
        dates = session_dates(session, THURSDAY)
        assert len(dates) == session.days
        assert all(earlier < later for earlier, later in zip(dates, dates[1:], strict=False))


def test_a_three_day_session_starts_on_the_first_saturday_of_its_week():
    session = Session(weeks_from_today=5, days=3, days_apart=7, capacity=20)
    # 3 December 2026 is a Thursday; five weeks later, Thursday 7 January 2027.
    assert session_dates(session, THURSDAY) == [
        datetime.date(2027, 1, 9),
        datetime.date(2027, 1, 16),
        datetime.date(2027, 1, 23),
    ]


def test_other_sessions_start_on_the_day_of_their_week():
    session = Session(weeks_from_today=1, days=2, capacity=12)
    assert session_dates(session, THURSDAY) == [
        datetime.date(2026, 12, 10),
        datetime.date(2026, 12, 11),
    ]
