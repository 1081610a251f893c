"""The bureau's screens (governance/assembly/bureau_views.py): who may open each, signing in by
name and by QR code, opening and closing the meeting and the votes, the show of hands, and
the live state's JSON."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client

from governance.assembly import results, services, tokens
from governance.assembly.models import (
    Attendance,
    Poll,
    PollStatus,
    ShowOfHands,
    Sitting,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def url(assembly, name, *args):
    return assembly.page.url + assembly.page.reverse_subpage(name, args=args)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def chair_client(assembly):
    return client_for(assembly.chair)


@pytest.fixture
def filed(monkeypatch):
    """results.file_decision and results.close_meeting (another module) recorded, not run."""
    calls = {"decisions": [], "closed": []}

    def file_decision(*, resolution, result, user=None):
        calls["decisions"].append((resolution, result, user))

    def close_meeting(*, assembly, user):
        calls["closed"].append((assembly, user))
        Sitting.objects.filter(assembly=assembly).update(closed_at="2027-01-01T12:00Z")

    monkeypatch.setattr(results, "file_decision", file_decision)
    monkeypatch.setattr(results, "close_meeting", close_meeting)
    return calls


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def token_for(assembly, member):
    return tokens.member_token(assembly=assembly.page, member=member, salt=tokens.SALT_SIGN_IN)


# --- Who sees what -----------------------------------------------------------------------------

BUREAU_ONLY = ["bureau", "bureau_state", "sign_in_token"]


def route_url(assembly, name):
    if name == "sign_in_token":
        return url(assembly, name, token_for(assembly, assembly.members[0]))
    return url(assembly, name)


@pytest.mark.parametrize("name", [*BUREAU_ONLY, "attendance_sheet"])
def test_anonymous_visitors_are_sent_to_log_in(assembly, anonymous_client, name):
    response = anonymous_client.get(route_url(assembly, name))
    assert response.status_code == 302
    assert "next=" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("name", [*BUREAU_ONLY, "attendance_sheet"])
def test_a_member_outside_the_bureau_is_refused(assembly, name):
    response = client_for(assembly.members[0].user).get(route_url(assembly, name))
    assert response.status_code == 403


@pytest.mark.parametrize("name", BUREAU_ONLY)
def test_an_editor_does_not_run_the_meeting(assembly, editor_client, name):
    assert editor_client.get(route_url(assembly, name)).status_code == 403


def test_an_editor_sees_the_attendance_sheet(assembly, editor_client):
    assert editor_client.get(route_url(assembly, "attendance_sheet")).status_code == 200


@pytest.mark.parametrize("name", [*BUREAU_ONLY, "attendance_sheet"])
def test_the_chair_secretary_scrutineers_and_administrators_open_each_screen(
    assembly, superuser_client, name
):
    scrutineer = make_user("scrutatrice", settings.GROUP_MEMBERS)
    assembly.page.scrutineers.add(scrutineer)
    assembly.page.save_revision().publish()
    clients = [
        client_for(assembly.chair),
        client_for(assembly.secretary),
        client_for(scrutineer),
        superuser_client,
    ]
    for client in clients:
        assert client.get(route_url(assembly, name)).status_code == 200


def test_a_member_cannot_post_to_the_bureau(assembly):
    response = client_for(assembly.members[0].user).post(
        url(assembly, "bureau"), {"action": "open_meeting"}
    )
    assert response.status_code == 403
    assert not Sitting.objects.filter(assembly=assembly.page, opened_at__isnull=False).exists()


# --- Signing in --------------------------------------------------------------------------------


def test_the_bureau_finds_a_member_by_name_and_signs_them_in(assembly, chair_client):
    member = assembly.members[0]
    response = chair_client.get(url(assembly, "bureau"), {"q": "structure 1-1"})
    assert [voter.id for voter in response.context["found"]] == [member.pk]
    response = chair_client.post(
        url(assembly, "bureau"),
        {"action": "sign_in", "member": member.pk, "q": "structure 1-1"},
        follow=True,
    )
    attendance = Attendance.objects.get(assembly=assembly.page, member=member)
    assert attendance.method == "search" and attendance.signed_in_by == assembly.chair
    assert response.context["found"] == []  # signed in: no longer offered
    assert [voter.id for voter in response.context["present"]] == [member.pk]
    assert "Structure 1-1 est émargé·e." in messages_of(response)


def test_signing_in_an_unknown_member_changes_nothing(assembly, chair_client):
    for value in ("", "abc", "999999", str(assembly.chair.pk + 100000)):
        response = chair_client.post(
            url(assembly, "bureau"), {"action": "sign_in", "member": value}, follow=True
        )
        assert response.status_code == 200
        assert messages_of(response) == ["Ce sociétaire est introuvable."]
    assert not Attendance.objects.exists()


def test_the_qr_code_shows_the_member_and_the_bureau_confirms(assembly, chair_client):
    member = assembly.members[3]
    address = url(assembly, "sign_in_token", token_for(assembly, member))
    response = chair_client.get(address)
    assert response.status_code == 200
    assert member.title in response.content.decode()
    assert not Attendance.objects.exists()  # looking is not signing in
    response = chair_client.post(address, follow=True)
    assert Attendance.objects.get(member=member).method == "qr"
    assert response.context["signed_in"] is True
    response = chair_client.post(address, follow=True)  # twice: still one attendance
    assert Attendance.objects.filter(member=member).count() == 1
    assert "Structure 2-2 était déjà émargé·e." in messages_of(response)


@pytest.mark.parametrize(
    "token",
    ["1-abc", "abc", "1-", "-", "99999-0123456789abcdef0123456789abcdef"],
)
def test_a_forged_qr_code_is_refused(assembly, chair_client, token):
    response = chair_client.post(url(assembly, "sign_in_token", token))
    assert response.status_code == 404
    assert "Ce QR code n’est pas valable pour cette assemblée" in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_altered_qr_code_naming_another_member_is_refused(assembly, chair_client):
    token = token_for(assembly, assembly.members[0])
    _member, signature = token.split("-")
    forged = f"{assembly.members[1].pk}-{signature}"
    assert chair_client.post(url(assembly, "sign_in_token", forged)).status_code == 404
    assert not Attendance.objects.exists()


def test_a_member_scanning_a_qr_code_is_refused(assembly):
    member = assembly.members[0]
    address = url(assembly, "sign_in_token", token_for(assembly, member))
    assert client_for(member.user).post(address).status_code == 403
    assert not Attendance.objects.exists()


# --- Opening and closing -----------------------------------------------------------------------


def sign_in(assembly, *members):
    for member in members:
        services.sign_in(assembly=assembly.page, member=member, by=assembly.chair, method="search")


def post(client, assembly, **data):
    return client.post(url(assembly, "bureau"), data, follow=True)


def test_a_vote_is_opened_voted_and_closed_then_filed(assembly, chair_client, filed):
    resolution = assembly.resolution(1)
    voter = assembly.members[0]
    sign_in(assembly, voter)
    response = post(chair_client, assembly, action="open_poll", resolution=resolution.pk)
    assert messages_of(response) == ["Ouvrez d’abord la séance."]
    post(chair_client, assembly, action="open_meeting")
    assert Sitting.objects.get(assembly=assembly.page).opened_at is not None
    post(chair_client, assembly, action="open_poll", resolution=resolution.pk)
    assert Poll.objects.get(resolution=resolution).status == PollStatus.OPEN
    services.vote_at_meeting(
        resolution=resolution, voter=voter, member=voter, choice="against", user=voter.user
    )
    state = chair_client.get(url(assembly, "bureau_state")).json()
    line = state["polls"][str(resolution.pk)]
    assert line == {
        "number": "1",
        "status": "open",
        "status_label": "vote ouvert",
        "votes_cast": 1,
        "result": None,  # while open: how many voted, never what
    }
    response = post(chair_client, assembly, action="close_poll", resolution=resolution.pk)
    assert Poll.objects.get(resolution=resolution).status == PollStatus.CLOSED
    [(filed_resolution, result, user)] = filed["decisions"]
    assert filed_resolution == resolution and user == assembly.chair
    assert result.colleges[0].votes.votes_against == 1
    state = chair_client.get(url(assembly, "bureau_state")).json()
    line = state["polls"][str(resolution.pk)]
    assert line["status"] == "closed" and line["result"]["adopted"] is False
    assert line["result"]["colleges"][0] == {
        "name": "Collège 1",
        "for": 0,
        "against": 1,
        "abstentions": 0,
    }
    assert "Rejetée" in response.content.decode()


def test_a_decision_that_cannot_be_filed_leaves_the_vote_open(assembly, chair_client, monkeypatch):
    def refuse(*, resolution, result, user=None):
        raise ValidationError("La décision n’a pas pu être enregistrée.")

    monkeypatch.setattr(results, "file_decision", refuse)
    resolution = assembly.resolution(1)
    services.open_meeting(assembly=assembly.page)
    services.open_poll(resolution=resolution)
    response = post(chair_client, assembly, action="close_poll", resolution=resolution.pk)
    assert messages_of(response) == ["La décision n’a pas pu être enregistrée."]
    assert Poll.objects.get(resolution=resolution).status == PollStatus.OPEN


def test_an_unknown_action_or_resolution_changes_nothing(assembly, chair_client, tree):
    services.open_meeting(assembly=assembly.page)
    response = post(chair_client, assembly, action="drop_tables")
    assert messages_of(response) == ["Action inconnue : rien n’a été modifié."]
    for value in ("", "x", "999999"):
        response = post(chair_client, assembly, action="open_poll", resolution=value)
        assert messages_of(response) == ["Cette résolution n’est pas à l’ordre du jour."]
    assert not Poll.objects.exists()


def test_the_assembly_is_not_closed_while_a_vote_is_open(assembly, chair_client, filed):
    response = post(chair_client, assembly, action="close_meeting")
    assert messages_of(response) == ["La séance n’a pas été ouverte."]
    services.open_meeting(assembly=assembly.page)
    services.open_poll(resolution=assembly.resolution(1))
    response = post(chair_client, assembly, action="close_meeting")
    assert messages_of(response) == [
        "Un vote est encore ouvert : fermez-le avant de clore l’assemblée."
    ]
    assert filed["closed"] == []
    post(chair_client, assembly, action="close_poll", resolution=assembly.resolution(1).pk)
    response = post(chair_client, assembly, action="close_meeting")
    assert filed["closed"] == [(assembly.page, assembly.chair)]
    assert "L’assemblée est close." in messages_of(response)


# --- Show of hands -----------------------------------------------------------------------------


def hands(client, assembly, resolution, college, **numbers):
    data = {"for": 0, "against": 0, "abstentions": 0, **numbers}
    return post(
        client,
        assembly,
        action="show_of_hands",
        resolution=resolution.pk,
        college=college.pk,
        **data,
    )


def test_a_show_of_hands_is_recorded_then_replaced(assembly, chair_client):
    college = assembly.governance.colleges[0]
    sign_in(assembly, *assembly.members[:2])  # both members of college 1
    resolution = assembly.resolution(1)
    services.open_meeting(assembly=assembly.page)
    services.open_poll(resolution=resolution)
    hands(chair_client, assembly, resolution, college, **{"for": 1, "against": 1})
    hands(chair_client, assembly, resolution, college, **{"for": 2})
    row = ShowOfHands.objects.get(resolution=resolution, college=college)
    assert (row.votes_for, row.votes_against, row.abstentions) == (2, 0, 0)
    assert row.recorded_by == assembly.chair
    response = chair_client.get(url(assembly, "bureau"))
    [line] = [line for line in response.context["state"].polls if line.is_open]
    assert [(c.pk, row and row.votes_for) for c, row in line.hands][0] == (college.pk, 2)


def test_more_hands_than_members_present_or_represented_are_refused(assembly, chair_client):
    college = assembly.governance.colleges[0]
    first, second = assembly.members[:2]
    sign_in(assembly, first, second)
    resolution = assembly.resolution(1)
    services.open_meeting(assembly=assembly.page)
    services.open_poll(resolution=resolution)
    services.vote_at_meeting(
        resolution=resolution, voter=first, member=first, choice="for", user=first.user
    )
    response = hands(chair_client, assembly, resolution, college, **{"for": 1, "abstentions": 1})
    assert messages_of(response) == [
        "Collège 1 : 2 mains levées et 1 votes déjà enregistrés, pour 2 sociétaires présents "
        "ou représentés. Rien n’a été enregistré."
    ]
    assert not ShowOfHands.objects.exists()


@pytest.mark.parametrize("value", ["-1", "abc", "", "1.5"])
def test_hands_must_be_whole_numbers(assembly, chair_client, value):
    resolution = assembly.resolution(1)
    services.open_meeting(assembly=assembly.page)
    services.open_poll(resolution=resolution)
    response = hands(
        chair_client, assembly, resolution, assembly.governance.colleges[0], against=value
    )
    assert messages_of(response) == [
        "Saisissez des nombres entiers de mains, 0 ou plus. Rien n’a été enregistré."
    ]
    assert not ShowOfHands.objects.exists()


def test_hands_are_counted_on_an_open_vote_only(assembly, chair_client):
    resolution = assembly.resolution(1)
    sign_in(assembly, assembly.members[0])
    response = hands(
        chair_client, assembly, resolution, assembly.governance.colleges[0], **{"for": 1}
    )
    assert messages_of(response) == ["Cette résolution n’est pas ouverte au vote."]
    assert not ShowOfHands.objects.exists()


# --- The live state ----------------------------------------------------------------------------


def test_the_state_counts_attendance_and_quorum_per_body(assembly, chair_client):
    sign_in(assembly, assembly.members[0])
    services.give_proxy(assembly=assembly.page, giver=assembly.members[2], holder=None)
    response = chair_client.get(url(assembly, "bureau_state"))
    assert "no-store" in response["Cache-Control"]
    state = response.json()
    assert state["opened"] is False and state["closed"] is False
    assert state["counts"] == {
        "present": 1,
        "advance": 0,
        "represented": 1,
        "absent": 4,
        "members": 6,
    }
    # First convocation, model statutes: the AGO needs 20 % (2 of 6), the AGE 25 % (2 of 6).
    assert state["quorums"]["ago"]["counted"] == 2
    assert state["quorums"]["ago"]["reached"] is True
    assert state["quorums"]["age"]["members"] == 6
    colleges = list(state["colleges"].values())
    assert [c["present"] for c in colleges] == [1, 0, 0]
    assert [c["represented"] for c in colleges] == [0, 1, 0]
    assert {line["status"] for line in state["polls"].values()} == {"pending"}


def test_the_screen_shows_missing_members_for_the_quorum(assembly, chair_client):
    response = chair_client.get(url(assembly, "bureau"))
    html = response.content.decode()
    assert 'data-state="quorums.ago.counted">0<' in html
    assert "Il manque 2 sociétaires" in html
    assert "js/assembly-bureau.js" in html


def test_the_attendance_sheet_lists_each_college(assembly, chair_client):
    first, second, third = assembly.members[:3]
    sign_in(assembly, first)
    services.give_proxy(assembly=assembly.page, giver=second, holder=first)
    services.give_proxy(assembly=assembly.page, giver=third, holder=None)
    html = chair_client.get(url(assembly, "attendance_sheet")).content.decode()
    assert "Collège 1" in html and "Collège 3" in html
    assert "Procuration en blanc (au président)" in html
    assert "6 sociétaires : 1 présents, 0 ont voté par avance, 2 représentés, 3 absents" in html
