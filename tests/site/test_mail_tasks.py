"""The password reset e-mail leaves from the queue of background tasks, sent by the worker:
the same e-mail as Django's form sends, in the language of the request, and the queue holds
no reset link."""

import re

import pytest
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core import mail
from django.test import Client
from django.utils import translation

from tests.factories import make_user

pytestmark = pytest.mark.django_db

FORGOT = "/fr/connexion/mot-de-passe-oublie/"
SENT = "/fr/connexion/mot-de-passe-oublie/envoye/"
TASK = "coopsite.foundation.tasks.send_password_reset_email"
LINK = re.compile(r"http://testserver/(fr|en)/connexion/nouveau-mot-de-passe/[^\s/]+/[^\s/]+/")


@pytest.fixture
def member(db):
    user = make_user("societaire", "Sociétaires")
    user.email = "societaire@exemple.org"
    user.save()
    return user


def _django_email(language):
    """The e-mail Django's own PasswordResetForm sends (what the site sent before the queue)."""
    form = DjangoPasswordResetForm({"email": "societaire@exemple.org"})
    assert form.is_valid()
    with translation.override(language):
        form.save(
            domain_override="testserver",
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            extra_email_context={"cooperative_name": "La Fabrique Commune"},
        )
    return mail.outbox.pop()


def test_the_reset_email_is_queued_then_sent_by_the_worker(tree, member, task_queue, run_worker):
    client = Client()
    response = client.post(FORGOT, {"email": "Societaire@Exemple.org"})
    assert (response.status_code, response.url) == (302, SENT)
    assert mail.outbox == []

    (queued,) = task_queue.filter(task_path=TASK)
    assert queued.status == "READY"
    kwargs = queued.args_kwargs["kwargs"]
    assert kwargs["user_id"] == member.pk
    assert kwargs["email"] == "societaire@exemple.org"
    assert kwargs["language"] == "fr"
    assert "token" not in kwargs and "uid" not in kwargs
    assert "nouveau-mot-de-passe" not in str(queued.args_kwargs)  # no working link at rest

    run_worker()
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", "sent")
    (message,) = mail.outbox
    assert message.to == ["societaire@exemple.org"]
    assert message.subject == "Choisissez un nouveau mot de passe pour La Fabrique Commune"
    assert "Bonjour Societaire," in message.body

    expected = _django_email("fr")
    assert message.subject == expected.subject
    assert message.from_email == expected.from_email
    assert LINK.sub("<link>", message.body) == LINK.sub("<link>", expected.body)

    # The link made by the worker opens the form to choose a new password.
    link = LINK.search(message.body).group(0).removeprefix("http://testserver")
    form_url = client.get(link).url
    assert "Choisir un nouveau mot de passe" in client.get(form_url).content.decode()


def test_the_reset_email_keeps_the_language_of_the_request(tree, member, task_queue, run_worker):
    Client().post("/en/connexion/mot-de-passe-oublie/", {"email": "societaire@exemple.org"})
    run_worker()
    (message,) = mail.outbox
    expected = _django_email("en")
    assert message.subject == expected.subject == "Choose a new password for La Fabrique Commune"
    assert LINK.sub("<link>", message.body) == LINK.sub("<link>", expected.body)
    assert "/en/connexion/nouveau-mot-de-passe/" in message.body


def test_no_email_for_an_account_deactivated_before_the_worker(
    tree, member, task_queue, run_worker
):
    Client().post(FORGOT, {"email": "societaire@exemple.org"})
    member.is_active = False
    member.save()
    run_worker()
    assert mail.outbox == []
    task = task_queue.get(task_path=TASK)
    assert (task.status, task.return_value) == ("SUCCESSFUL", "skipped: account unavailable")


def test_without_the_queue_the_email_leaves_at_once(tree, member):
    # Dev and tests: ImmediateBackend, the task runs in the request.
    Client().post(FORGOT, {"email": "societaire@exemple.org"})
    (message,) = mail.outbox
    assert LINK.search(message.body)
