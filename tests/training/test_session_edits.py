"""Editing a session in the admin fills the seats it leaves free from the waiting list
(`training.registration.fill_free_seats`); saving the model alone moves nobody."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from training.models import Registration, TrainingSession
from training.registration import fill_free_seats, register

from .conftest import TODAY, make_session

pytestmark = pytest.mark.django_db

EDIT = "wagtailsnippets_training_trainingsession:edit"
ADD = "wagtailsnippets_training_trainingsession:add"
PROMOTION_SUBJECT = "Une place se libère pour vous"


def full_session(session, people=5):
    """`session` (3 seats) with `people` registered in order: p0…p2 confirmed, the rest wait."""
    return [
        register(session, name=f"P{n}", email=f"p{n}@exemple.org", consent=True)
        for n in range(people)
    ]


def statuses(people):
    return [Registration.objects.get(pk=person.pk).status for person in people]


def session_form(session, **changes):
    """The admin's edit form as an editor submits it, with `changes` over the saved values."""
    days = [
        {
            "id": day.pk,
            "date": day.date.strftime("%d/%m/%Y"),
            "start_time": day.start_time.strftime("%H:%M"),
            "end_time": day.end_time.strftime("%H:%M"),
        }
        for day in session.sorted_days
    ]
    fields = {
        "course": session.course_id,
        "place": session.place,
        "address": session.address,
        "capacity": session.capacity,
        "registration_deadline": session.registration_deadline.strftime("%d/%m/%Y"),
        "days": inline_formset(days, initial=len(days), min=1),
    }
    if session.remote:
        fields["remote"] = "on"
    if session.cancelled:
        fields["cancelled"] = "on"
    fields.update(changes)
    for flag in ("remote", "cancelled"):
        if fields.get(flag) is False:
            del fields[flag]
    return nested_form_data(fields)


def edit(client, session, **changes):
    return client.post(reverse(EDIT, args=[session.pk]), session_form(session, **changes))


def test_raising_the_capacity_in_the_admin_confirms_the_first_waiting_and_emails_them(
    editor_client, session, django_capture_on_commit_callbacks
):
    people = full_session(session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(editor_client, session, capacity=4)
    assert response.status_code == 302
    assert statuses(people) == ["confirmed"] * 4 + ["waiting"]
    promoted = Registration.objects.get(pk=people[3].pk)
    assert promoted.promoted_at is not None
    assert [(m.to, m.subject.split(" · ")[0]) for m in mail.outbox] == [
        (["p3@exemple.org"], PROMOTION_SUBJECT)
    ]


def test_the_promotion_e_mail_leaves_only_once_the_edit_is_committed(
    editor_client, session, django_capture_on_commit_callbacks
):
    full_session(session, people=4)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edit(editor_client, session, capacity=4)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["p3@exemple.org"]]


def test_saving_the_session_model_directly_promotes_nobody(session):
    people = full_session(session)
    session.capacity = 5
    session.save()
    assert statuses(people) == ["confirmed"] * 3 + ["waiting"] * 2
    assert TrainingSession.objects.get(pk=session.pk).capacity == 5


def test_an_invalid_edit_changes_nothing(
    editor_client, session, django_capture_on_commit_callbacks
):
    people = full_session(session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(editor_client, session, capacity=5, place="", remote=False)
    assert response.status_code == 200
    assert "Indiquez le lieu, ou cochez « à distance »." in response.content.decode()
    assert TrainingSession.objects.get(pk=session.pk).capacity == 3
    assert statuses(people) == ["confirmed"] * 3 + ["waiting"] * 2
    assert mail.outbox == []


def test_editing_a_cancelled_session_promotes_nobody(editor_client, course):
    session = make_session(course, capacity=1)
    people = [
        register(session, name=f"P{n}", email=f"p{n}@exemple.org", consent=True) for n in range(2)
    ]
    TrainingSession.objects.filter(pk=session.pk).update(cancelled=True)
    session.refresh_from_db()
    response = edit(editor_client, session, capacity=2)
    assert response.status_code == 302
    assert statuses(people) == ["confirmed", "waiting"]


def test_an_edit_that_changes_no_seat_promotes_nobody(editor_client, session):
    people = full_session(session)
    response = edit(editor_client, session, place="Tiers-lieu La Fabrique")
    assert response.status_code == 302
    assert TrainingSession.objects.get(pk=session.pk).place == "Tiers-lieu La Fabrique"
    assert statuses(people) == ["confirmed"] * 3 + ["waiting"] * 2


def test_a_session_created_in_the_admin_is_saved_with_its_days(editor_client, course):
    first = TODAY() + timedelta(days=30)
    data = nested_form_data(
        {
            "course": course.pk,
            "place": "Maison des Associations",
            "address": "",
            "capacity": 12,
            "registration_deadline": (first - timedelta(days=3)).strftime("%d/%m/%Y"),
            "days": inline_formset(
                [{"date": first.strftime("%d/%m/%Y"), "start_time": "09:30", "end_time": "17:30"}],
                min=1,
            ),
        }
    )
    response = editor_client.post(reverse(ADD), data)
    assert response.status_code == 302
    created = TrainingSession.objects.get(place="Maison des Associations")
    assert (created.capacity, created.first_day, created.last_day) == (12, first, first)


def test_fill_free_seats_returns_the_people_promoted_in_the_waiting_list_order(session):
    people = full_session(session, people=6)
    TrainingSession.objects.filter(pk=session.pk).update(capacity=5)
    promoted = fill_free_seats(session=session)
    assert [registration.pk for registration in promoted] == [people[3].pk, people[4].pk]
    assert statuses(people) == ["confirmed"] * 5 + ["waiting"]
    assert fill_free_seats(session=session) == []  # full again: nobody else moves


def test_fill_free_seats_leaves_a_cancelled_session_s_waiting_list_alone(session):
    people = full_session(session, people=4)
    TrainingSession.objects.filter(pk=session.pk).update(capacity=4, cancelled=True)
    assert fill_free_seats(session=session) == []
    assert statuses(people) == ["confirmed"] * 3 + ["waiting"]
