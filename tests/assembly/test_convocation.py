"""Convocation, reminder, proxy and results e-mails of the general assembly, and the paper
convocations' list. Tests run tasks at once (ImmediateBackend); the e-mails leave once the
transaction commits."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance.assembly import convocation, services, tokens
from governance.assembly.models import Attendance, Sitting
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
