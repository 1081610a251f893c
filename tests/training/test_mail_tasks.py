"""Registration e-mails leave from the queue of background tasks (django_tasks_db), sent by the
worker `manage.py db_worker`, never by the request; Wagtail's own tasks run through it too."""

import smtplib

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar
from wagtail.documents import get_document_model
from wagtail.models import ReferenceIndex

from training.models import Registration
from training.registration import cancel, register

from .conftest import make_course
from .test_course_page import form_data

REGISTRATION_TASK = "training.tasks.send_registration_email"


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def registration_tasks():
    return DBTaskResult.objects.filter(task_path=REGISTRATION_TASK)


def test_registration_queues_its_email_and_the_worker_sends_it(
    anonymous_client, course, session, task_queue, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous_client.post(course.url, form_data(session), follow=True)
    assert response.status_code == 200
    assert "Merci, votre demande est bien reçue" in response.content.decode()
    assert mail.outbox == []  # nothing sent by the request

    registration = Registration.objects.get(email="alix@exemple.org")
    (queued,) = registration_tasks()
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [registration.pk, "confirmed"], "kwargs": {}}

    run_worker()
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value == "sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alix@exemple.org"]
    assert message.subject == "Inscription confirmée · La coopération et la gouvernance partagée"
    assert "Bonjour Alix Aubertin" in message.body
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("session.ics", "text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["summary"]) == course.title
    assert not task_queue.ready().exists()

    run_worker()  # nothing is sent twice
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_does_not_fail_the_registration(
    anonymous_client,
    course,
    session,
    task_queue,
    run_worker,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous_client.post(course.url, form_data(session), follow=True)
    assert response.status_code == 200
    assert "Merci, votre demande est bien reçue" in response.content.decode()
    registration = Registration.objects.get(email="alix@exemple.org")
    assert registration.status == Registration.CONFIRMED

    run_worker()
    (failed,) = registration_tasks()
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert "Connection unexpectedly closed" in failed.traceback
    assert mail.outbox == []
    run_worker()  # a failed task stays failed: no loop
    failed.refresh_from_db()
    assert failed.status == "FAILED"
    assert len(failed.worker_ids) == 1


def test_a_failing_mail_server_does_not_fail_the_registration_without_the_queue(
    anonymous_client, course, session, settings, django_capture_on_commit_callbacks
):
    # Dev and tests run tasks at once (ImmediateBackend): the failure is logged, not raised.
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous_client.post(course.url, form_data(session), follow=True)
    assert "Merci, votre demande est bien reçue" in response.content.decode()
    assert Registration.objects.filter(email="alix@exemple.org").exists()


def test_a_refused_registration_queues_nothing(
    anonymous_client, course, session, task_queue, run_worker, django_capture_on_commit_callbacks
):
    before = task_queue.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous_client.post(course.url, form_data(session, consent=""))
    assert "Votre consentement est nécessaire pour vous inscrire." in response.content.decode()
    assert task_queue.count() == before


def test_an_address_registered_again_is_told_by_an_e_mail_from_the_queue(
    anonymous_client, course, session, task_queue, run_worker, django_capture_on_commit_callbacks
):
    registration = register(session, name="Alix Aubertin", email="alix@exemple.org", consent=True)
    before = task_queue.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous_client.post(course.url, form_data(session), follow=True)
    assert "Merci, votre demande est bien reçue" in response.content.decode()
    assert session.registrations.count() == 1
    assert task_queue.count() == before + 1
    queued = DBTaskResult.objects.get(task_path="training.tasks.send_already_registered_email")
    assert queued.args_kwargs == {"args": [registration.pk, "fr"], "kwargs": {}}
    assert mail.outbox == []  # nothing sent by the request
    run_worker()
    queued.refresh_from_db()
    assert queued.return_value == "sent"
    (message,) = [m for m in mail.outbox if m.subject.startswith("Déjà inscrit·e")]
    assert message.to == ["alix@exemple.org"]


def test_nothing_is_queued_for_a_rolled_back_transaction(
    session, task_queue, run_worker, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        register(session, name="Alix Aubertin", email="alix@exemple.org", consent=True)
        raise RuntimeError("something failed after the registration")
    assert callbacks == []
    assert not Registration.objects.exists()
    assert not task_queue.exists()
    run_worker()
    assert mail.outbox == []


def test_a_registration_cancelled_before_the_worker_gets_no_confirmation(
    session, task_queue, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            session, name="Alix Aubertin", email="alix@exemple.org", consent=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        cancel(registration)
    run_worker()
    assert [message.subject.split(" · ")[0] for message in mail.outbox] == ["Inscription annulée"]
    assert registration_tasks().get().return_value == "skipped: status changed"


def test_a_promotion_before_the_worker_sends_the_seat_not_the_waiting_list(
    session, task_queue, run_worker, django_capture_on_commit_callbacks
):
    people = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):  # 3 seats: the fourth waits
            people.append(register(session, name=f"P{n}", email=f"p{n}@exemple.org", consent=True))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(people[0])
    run_worker()
    subjects = {message.to[0]: message.subject.split(" · ")[0] for message in mail.outbox}
    assert subjects == {
        "p0@exemple.org": "Inscription annulée",
        "p1@exemple.org": "Inscription confirmée",
        "p2@exemple.org": "Inscription confirmée",
        "p3@exemple.org": "Une place se libère pour vous",
    }
    assert not DBTaskResult.objects.failed().exists()


def test_a_deleted_registration_ends_its_task_quietly(
    session, task_queue, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            session, name="Alix Aubertin", email="alix@exemple.org", consent=True
        )
    registration.delete()
    run_worker()
    task = registration_tasks().get()
    assert (task.status, task.return_value) == ("SUCCESSFUL", "skipped: registration deleted")
    assert mail.outbox == []


# --- Wagtail's own tasks, with the queue -----------------------------------------------------


def test_wagtail_reference_index_is_updated_by_the_worker(tree, task_queue, run_worker):
    catalog = tree.catalog
    course = make_course(
        catalog,
        title="Gestion associative",
        prerequisites=f'<p>Voir <a linktype="page" id="{catalog.pk}">le catalogue</a>.</p>',
    )
    assert task_queue.filter(task_path="wagtail.tasks.update_reference_index_task").exists()
    assert not ReferenceIndex.get_references_for_object(course).exists()
    run_worker()
    assert not task_queue.exclude(status="SUCCESSFUL").exists()
    references = ReferenceIndex.get_references_for_object(course)
    assert references.filter(to_object_id=str(catalog.pk)).exists()


def test_wagtail_deletes_a_document_file_from_the_worker(
    tree, task_queue, run_worker, django_capture_on_commit_callbacks
):
    document = get_document_model().objects.create(
        title="Compte rendu", file=ContentFile(b"%PDF-1.4 compte rendu", name="cr.pdf")
    )
    run_worker()  # Wagtail's indexing of the new document
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert storage.exists(name)  # the worker deletes it
    run_worker()
    assert not task_queue.exclude(status="SUCCESSFUL").exists()
    assert not storage.exists(name)
