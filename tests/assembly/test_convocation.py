"""Convocation, reminder, proxy and results e-mails of the general assembly, and the paper
convocations' list. Tests run tasks at once (ImmediateBackend); the e-mails leave once the
transaction commits."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance.assembly import convocation, services, tokens
from governance.assembly.models import Attendance, Resolution, Sitting
from governance.models import MemberPage

NOW = timezone.now()


def consent(*members, email=None):
    for member in members:
        member = MemberPage.objects.get(pk=member.pk)
        member.convocation_by_email = True
        member.save_revision().publish()
        if email is not None:
            member.user.email = email
            member.user.save()


def reload(member):
    return MemberPage.objects.select_related("user").get(pk=member.pk)


def signed_link(assembly, member):
    token = tokens.member_token(assembly=assembly.page, member=member, salt=tokens.SALT_CONVOCATION)
    return reverse("assembly:convocation", args=[assembly.page.pk, token])


@pytest.mark.django_db
def test_convocation_address_is_the_account_else_the_first_contact(assembly):
    member = reload(assembly.members[0])
    assert member.convocation_email() == "dominique@structure.example"
    member.user.email = "membre1@exemple.org"
    member.user.save()
    assert reload(member).convocation_email() == "membre1@exemple.org"


@pytest.mark.django_db
def test_too_late_convocation_is_refused_in_french_and_nothing_is_sent(
    assembly, django_capture_on_commit_callbacks
):
    consent(*assembly.members)
    page = assembly.page
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.AssemblyError) as refused,
    ):
        convocation.send_convocation(
            assembly=page,
            user=assembly.secretary,
            now=page.starts_at - datetime.timedelta(days=10),
        )
    assert "au moins 15 jours avant" in str(refused.value)
    assert mail.outbox == []
    assert not Sitting.objects.filter(assembly=page, convocation_sent_at__isnull=False).exists()


@pytest.mark.django_db
def test_convocation_emails_carry_the_members_own_signed_link(
    assembly, django_capture_on_commit_callbacks
):
    consent(assembly.members[0], email="membre1@exemple.org")
    consent(assembly.members[1])  # no account e-mail: the first contact's
    election = Resolution.objects.create(
        page=assembly.page,
        number="4",
        title="Élection au conseil coopératif",
        kind="election",
        seats=3,
    )
    election.candidates.create(member=assembly.members[3], name="Structure 2-2")
    with django_capture_on_commit_callbacks(execute=True):
        sent = convocation.send_convocation(assembly=assembly.page, user=assembly.secretary)
    assert (sent.email, sent.paper) == (2, 4)
    assert Sitting.objects.get(assembly=assembly.page).convocation_sent_at is not None
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"membre1@exemple.org", "dominique@structure.example"}
    message = by_address["membre1@exemple.org"]
    assert message.subject == "Convocation · Assemblée générale 2027"
    assert "Bonjour Structure 1-1" in message.body
    assert "Approbation des comptes 2026" in message.body
    assert "Élection : 3 sièges à pourvoir." in message.body
    assert "  - Structure 2-2" in message.body
    assert "Le conseil recommande de voter pour." in message.body
    assert "Salle des fêtes, Val-de-Sarre" in message.body
    assert signed_link(assembly, assembly.members[0]) in message.body
    assert signed_link(assembly, assembly.members[1]) not in message.body
    assert message.body.count("http") >= 1
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html" and signed_link(assembly, assembly.members[0]) in html

    mail.outbox.clear()
    with pytest.raises(services.AssemblyError) as refused:
        convocation.send_convocation(assembly=assembly.page, user=assembly.secretary)
    assert "déjà été envoyée" in str(refused.value)
    assert mail.outbox == []


@pytest.mark.django_db
def test_reminder_goes_once_three_days_before_to_those_who_have_not_answered(
    assembly, django_capture_on_commit_callbacks
):
    page = assembly.page
    members = assembly.members
    consent(*members[:5])
    with django_capture_on_commit_callbacks(execute=True):
        convocation.send_convocation(assembly=page, user=assembly.secretary)
    mail.outbox.clear()
    # Too early: nothing.
    assert (
        convocation.send_reminders(assembly=page, now=page.starts_at - datetime.timedelta(days=4))
        == 0
    )
    # members[0] gives a proxy to members[5] (no e-mail consent), members[1] votes in advance,
    # members[2] is signed in: only members[3] and members[4] are reminded.
    services.give_proxy(assembly=page, giver=members[0], holder=members[5])
    services.vote_in_advance(
        resolution=assembly.resolution(1), member=members[1], choice="for", user=members[1].user
    )
    Attendance.objects.create(assembly=page, member=members[2])
    mail.outbox.clear()
    when = page.starts_at - datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert convocation.send_reminders(assembly=page, now=when) == 2
    assert len(mail.outbox) == 2
    assert {m.subject for m in mail.outbox} == {"Rappel · Assemblée générale 2027"}
    with django_capture_on_commit_callbacks(execute=True):
        assert convocation.send_reminders(assembly=page, now=when) == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_no_reminder_before_the_convocation_was_sent(assembly):
    page = assembly.page
    assert (
        convocation.send_reminders(assembly=page, now=page.starts_at - datetime.timedelta(days=1))
        == 0
    )


@pytest.mark.django_db
def test_proxy_received_and_revoked_emails_go_to_the_holder(
    assembly, django_capture_on_commit_callbacks
):
    giver, holder = assembly.members[0], assembly.members[2]
    consent(holder, email="porteur@exemple.org")
    with django_capture_on_commit_callbacks(execute=True):
        proxy = services.give_proxy(assembly=assembly.page, giver=giver, holder=holder)
    (received,) = mail.outbox
    assert received.to == ["porteur@exemple.org"]
    assert received.subject == "Pouvoir reçu · Assemblée générale 2027"
    assert "Structure 1-1 vous a donné son pouvoir" in received.body
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_proxy(proxy=proxy)
    assert [m.subject for m in mail.outbox][1] == "Pouvoir révoqué · Assemblée générale 2027"


@pytest.mark.django_db
def test_no_proxy_email_without_consent_or_for_a_blank_proxy(
    assembly, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.give_proxy(
            assembly=assembly.page, giver=assembly.members[0], holder=assembly.members[2]
        )
        services.give_proxy(assembly=assembly.page, giver=assembly.members[1], holder=None)
    assert mail.outbox == []


@pytest.mark.django_db
def test_results_email_links_to_the_assembly_page(assembly, django_capture_on_commit_callbacks):
    consent(assembly.members[0], email="membre1@exemple.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert convocation.notify_results(assembly=assembly.page) == 1
    (message,) = mail.outbox
    assert message.subject == "Résultats · Assemblée générale 2027"
    assert assembly.page.url in message.body


# --- The paper convocations' list and the admin screen, per role -------------------------------


def postal_url(assembly):
    return assembly.page.url + assembly.page.reverse_subpage("postal_list")


@pytest.mark.django_db
def test_paper_list_is_for_editors_and_the_bureau(assembly, client, editor_user, member_user):
    consent(assembly.members[0], email="membre1@exemple.org")
    member = MemberPage.objects.get(pk=assembly.members[1].pk)
    member.address = "3 rue des Lilas\n57400 Val-de-Sarre"
    member.save_revision().publish()
    url = postal_url(assembly)

    response = client.get(url)  # anonymous: the members' area asks to log in
    assert response.status_code == 302 and "connexion" in response["Location"]
    assert "Structure" not in response.content.decode()

    for user in (member_user, assembly.members[0].user):  # members, even with a vote
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert "rue des Lilas" not in response.content.decode()

    for user in (editor_user, assembly.chair, assembly.secretary):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Convocations papier" in html
        assert "3 rue des Lilas" in html
        assert signed_link(assembly, assembly.members[1]) in html
        assert "Structure 1-1" not in html  # convened by e-mail
        assert (
            response["Cache-Control"].startswith("max-age=0")
            or "no-cache" in response["Cache-Control"]
        )


def admin_url(assembly):
    return reverse("assembly_send_convocation", args=[assembly.page.pk])


@pytest.mark.django_db
def test_admin_convocation_screen_is_for_those_who_may_publish(
    assembly, client, editor_user, member_user, superuser
):
    url = admin_url(assembly)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for user in (member_user, assembly.chair):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)  # no admin access, or refused
        assert client.post(url).status_code in (302, 403)
    assert not Sitting.objects.filter(convocation_sent_at__isnull=False).exists()
    client.force_login(superuser)
    assert client.get(url).status_code == 200
    client.force_login(editor_user)
    missing = client.get(reverse("assembly_send_convocation", args=[999999]), follow=True)
    assert missing.status_code == 404


@pytest.mark.django_db
def test_editor_confirms_then_sends_the_convocation(
    assembly, client, editor_user, django_capture_on_commit_callbacks
):
    consent(assembly.members[0], email="membre1@exemple.org")
    client.force_login(editor_user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[assembly.page.pk]))
    assert admin_url(assembly) in edit.content.decode()  # the header's button

    response = client.get(admin_url(assembly))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 sociétaire recevra la convocation par e-mail" in html
    assert "5 sociétaires n’ont pas accepté les e-mails" in html
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url(assembly), follow=True)
    assert "La convocation est envoyée : 1 par e-mail ; 5 à envoyer par courrier" in (
        response.content.decode()
    )
    assert [m.to for m in mail.outbox] == [["membre1@exemple.org"]]

    response = client.post(admin_url(assembly))  # twice: refused, nothing sent
    assert response.status_code == 400
    assert "déjà été envoyée" in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_admin_refuses_a_late_convocation_in_french(assembly, client, editor_user):
    page = assembly.page
    page.starts_at = timezone.now() + datetime.timedelta(days=5)
    page.save_revision().publish()
    client.force_login(editor_user)
    response = client.post(admin_url(assembly))
    assert response.status_code == 400
    assert "au moins 15 jours avant la réunion" in response.content.decode()
    assert "Rien n’a été envoyé." in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_reminders_command_sends_due_reminders(assembly, django_capture_on_commit_callbacks):
    consent(assembly.members[0], email="membre1@exemple.org")
    with django_capture_on_commit_callbacks(execute=True):
        convocation.send_convocation(assembly=assembly.page, user=assembly.secretary)
    mail.outbox.clear()
    call_command("send_assembly_reminders")  # 20 days before: nothing
    assert mail.outbox == []
    page = assembly.page
    page.starts_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_assembly_reminders", stdout=io.StringIO())
    assert [m.subject for m in mail.outbox] == ["Rappel · Assemblée générale 2027"]


@pytest.mark.django_db
def test_a_replaced_proxy_tells_its_former_holder(assembly, django_capture_on_commit_callbacks):
    giver, first, second = assembly.members[0], assembly.members[2], assembly.members[4]
    consent(first, email="premier@exemple.org")
    consent(second, email="second@exemple.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.give_proxy(assembly=assembly.page, giver=giver, holder=first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.give_proxy(assembly=assembly.page, giver=giver, holder=second)
    assert sorted((m.to[0], m.subject.split(" · ")[0]) for m in mail.outbox) == [
        ("premier@exemple.org", "Pouvoir révoqué"),
        ("second@exemple.org", "Pouvoir reçu"),
    ]


@pytest.mark.django_db
def test_convocations_wait_in_the_queue_and_a_stale_proxy_email_is_skipped(
    assembly, task_queue, run_worker, django_capture_on_commit_callbacks
):
    consent(assembly.members[0], email="membre1@exemple.org")
    consent(assembly.members[2], email="porteur@exemple.org")
    with django_capture_on_commit_callbacks(execute=True):
        convocation.send_convocation(assembly=assembly.page, user=assembly.secretary)
        proxy = services.give_proxy(
            assembly=assembly.page, giver=assembly.members[1], holder=assembly.members[2]
        )
    assert mail.outbox == []  # nothing sent by the request
    queued = task_queue.filter(task_path="governance.assembly.tasks.send_convocation_email")
    assert queued.count() == 2
    # The proxy is revoked before the worker runs: "received" no longer applies.
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_proxy(proxy=proxy)
    run_worker()
    received = task_queue.get(
        task_path="governance.assembly.tasks.send_proxy_email", args_kwargs__args=[proxy.pk, False]
    )
    assert received.return_value == "skipped: no longer applies"
    subjects = sorted(m.subject.split(" · ")[0] for m in mail.outbox)
    assert subjects == ["Convocation", "Convocation", "Pouvoir révoqué"]
