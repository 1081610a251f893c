"""What a member does on the assembly's pages: the page and its panel, proxies, advance votes,
votes at the meeting from a phone (for themselves and the members they represent), the signed
convocation link; and who sees what, for each role."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from governance.assembly import services, tokens
from governance.assembly.member_views import convocation_url, sign_in_url
from governance.assembly.models import (
    Ballot,
    Candidate,
    Channel,
    ElectionChoice,
    Participation,
    Proxy,
    Resolution,
)
from governance.models import Statutes
from tests.assembly.conftest import build_assembly

pytestmark = pytest.mark.django_db

ROUTES = (None, "proxy", "advance_vote", "vote", "vote_state")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def address(page, name=None):
    return page.url + (page.reverse_subpage(name) if name else "")


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def college_of(member):
    return member.get_parent().specific


def meeting_under_way(assembly, *present):
    """The meeting day: the members given signed in, the meeting open, resolution 1 open."""
    page = assembly.page
    for member in present:
        services.sign_in(assembly=page, member=member, by=assembly.chair, method="search")
    services.open_meeting(assembly=page)
    services.open_poll(resolution=assembly.resolution(1))


# --- Who sees what -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ROUTES)
def test_anonymous_visitors_are_sent_to_the_login_page(assembly, anonymous_client, name):
    for method in (anonymous_client.get, anonymous_client.post):
        response = method(address(assembly.page, name), {"holder": "blank", "choice": "for"})
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    assert not Proxy.objects.exists() and not Participation.objects.exists()


def test_a_member_reads_the_agenda_and_their_own_panel(assembly):
    member, other = assembly.members[0], assembly.members[1]
    response = client_for(member.user).get(address(assembly.page))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Approbation des comptes 2026", "Affectation du résultat", "Salle des fêtes"):
        assert title in html
    assert "plus de la moitié des suffrages exprimés" in html  # AGO resolutions' majority
    assert "au moins les deux tiers des suffrages exprimés" in html  # the AGE one's
    assert 'name="holder"' in html and 'name="choice"' in html
    assert f'<option value="{other.pk}">' in html
    assert f'<option value="{member.pk}">' not in html  # no proxy to oneself
    assert 'class="qr-code"' in html and "<script" not in html and "style=" not in html
    assert "links to bureau and results" not in html  # a template comment


def test_a_member_without_a_member_page_reads_the_agenda_but_has_no_form(assembly, member_client):
    response = member_client.get(address(assembly.page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Approbation des comptes 2026" in html
    assert "pas lié à une fiche de sociétaire" in html
    assert 'name="holder"' not in html and 'name="choice"' not in html
    response = member_client.post(address(assembly.page, "proxy"), {"holder": "blank"})
    assert response.status_code == 302
    response = member_client.post(
        address(assembly.page, "advance_vote"),
        {"resolution": assembly.resolution(1).pk, "choice": "for"},
        follow=True,
    )
    assert "pas lié à une fiche de sociétaire" in " ".join(flashed(response))
    assert not Proxy.objects.exists() and not Participation.objects.exists()
    response = member_client.get(address(assembly.page, "vote"))
    assert response.status_code == 200 and 'name="choice"' not in response.content.decode()


def test_editors_read_the_page_without_forms(assembly, editor_client):
    response = editor_client.get(address(assembly.page))
    assert response.status_code == 200
    assert "Modification des statuts" in response.content.decode()
    assert 'name="holder"' not in response.content.decode()
    assert editor_client.get(address(assembly.page, "vote")).status_code == 200
    assert editor_client.get(address(assembly.page, "vote_state")).json() == {"open": []}
    assert editor_client.get(address(assembly.page, "proxy")).status_code == 302


def test_a_member_never_sees_another_members_receipt_in_the_same_browser(assembly):
    first, second = assembly.members[0], assembly.members[1]
    client = client_for(first.user)
    client.post(
        address(assembly.page, "advance_vote"),
        {"resolution": assembly.resolution(1).pk, "choice": "for"},
    )
    receipt = Ballot.objects.get().receipt
    assert receipt in client.get(address(assembly.page)).content.decode()
    client.force_login(second.user)
    assert receipt not in client.get(address(assembly.page)).content.decode()


# --- Proxies -----------------------------------------------------------------------------------


def test_a_member_gives_then_revokes_a_proxy(assembly):
    giver, holder = assembly.members[0], assembly.members[2]
    client = client_for(giver.user)
    response = client.post(address(assembly.page, "proxy"), {"holder": holder.pk}, follow=True)
    proxy = Proxy.objects.get()
    assert (proxy.giver_id, proxy.holder_id, proxy.revoked_at) == (giver.pk, holder.pk, None)
    assert f"{holder.title} votera pour vous" in " ".join(flashed(response))
    assert f"Vous avez donné pouvoir à {holder.title}" in response.content.decode()
    # The holder sees the proxy they carry.
    assert giver.title in client_for(holder.user).get(address(assembly.page)).content.decode()
    client.post(address(assembly.page, "proxy"), {"action": "revoke"})
    proxy.refresh_from_db()
    assert proxy.revoked_at is not None


def test_a_blank_proxy_goes_to_the_chair(assembly):
    client = client_for(assembly.members[0].user)
    response = client.post(address(assembly.page, "proxy"), {"holder": "blank"}, follow=True)
    assert Proxy.objects.get().holder is None
    assert "pouvoir en blanc" in response.content.decode()


@pytest.mark.parametrize(
    ("holder", "message"),
    [
        ("self", "Un sociétaire ne peut pas se donner pouvoir à lui-même."),
        ("", "Choisissez un sociétaire dans la liste"),
        ("abc", "Choisissez un sociétaire dans la liste"),
        ("999999", "Choisissez un sociétaire dans la liste"),
    ],
)
def test_a_proxy_to_oneself_or_to_nobody_is_refused_in_french(assembly, holder, message):
    member = assembly.members[0]
    value = str(member.pk) if holder == "self" else holder
    response = client_for(member.user).post(
        address(assembly.page, "proxy"), {"holder": value}, follow=True
    )
    assert response.status_code == 200
    assert message in " ".join(flashed(response))
    assert not Proxy.objects.exists()


def test_a_holder_over_the_cap_is_refused(assembly):
    assert Statutes.load().proxy_cap == 2
    holder = assembly.members[5]
    for giver in assembly.members[:2]:
        services.give_proxy(assembly=assembly.page, giver=giver, holder=holder)
    response = client_for(assembly.members[2].user).post(
        address(assembly.page, "proxy"), {"holder": holder.pk}, follow=True
    )
    assert "porte déjà 2 pouvoirs" in " ".join(flashed(response))
    assert Proxy.objects.filter(holder=holder).count() == 2


def test_no_proxy_once_the_meeting_has_opened(assembly):
    giver = assembly.members[0]
    services.give_proxy(assembly=assembly.page, giver=giver, holder=assembly.members[3])
    services.open_meeting(assembly=assembly.page)
    client = client_for(giver.user)
    response = client.post(address(assembly.page, "proxy"), {"action": "revoke"}, follow=True)
    assert "La séance est ouverte" in " ".join(flashed(response))
    response = client.post(address(assembly.page, "proxy"), {"holder": "blank"}, follow=True)
    assert "La séance est ouverte" in " ".join(flashed(response))
    assert Proxy.objects.get().revoked_at is None


# --- Advance votes -----------------------------------------------------------------------------


def test_an_advance_vote_shows_its_receipt_and_a_second_one_is_refused(assembly):
    member = assembly.members[0]
    resolution = assembly.resolution(1)
    client = client_for(member.user)
    response = client.post(
        address(assembly.page, "advance_vote"),
        {"resolution": resolution.pk, "choice": "against"},
        follow=True,
    )
    ballot = Ballot.objects.get()
    assert ballot.choice == "against" and ballot.member is None  # secret: no voter on it
    assert Participation.objects.get().channel == Channel.ADVANCE
    assert ballot.receipt in response.content.decode()
    assert "Notez votre code de reçu" in " ".join(flashed(response))
    response = client.post(
        address(assembly.page, "advance_vote"),
        {"resolution": resolution.pk, "choice": "for"},
        follow=True,
    )
    assert "Votre vote sur cette résolution est déjà enregistré." in flashed(response)
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"resolution": "x", "choice": "for"}, "pas à l’ordre du jour"),
        ({"resolution": "999999", "choice": "for"}, "pas à l’ordre du jour"),
        ({"resolution": "R1", "choice": "maybe"}, "Choisissez pour, contre ou abstention."),
    ],
)
def test_a_bad_advance_ballot_is_refused_in_french(assembly, data, message):
    data = {**data}
    if data["resolution"] == "R1":
        data["resolution"] = assembly.resolution(1).pk
    response = client_for(assembly.members[0].user).post(
        address(assembly.page, "advance_vote"), data, follow=True
    )
    assert message in " ".join(flashed(response))
    assert not Participation.objects.exists()


def test_advance_votes_close_at_the_deadline(assembly):
    page = assembly.page
    page.advance_vote_deadline = page.starts_at - datetime.timedelta(days=30)
    page.save_revision().publish()
    response = client_for(assembly.members[0].user).post(
        address(page, "advance_vote"),
        {"resolution": assembly.resolution(1).pk, "choice": "for"},
        follow=True,
    )
    assert "Les votes à distance sont clos." in flashed(response)
    assert not Participation.objects.exists()


def election(assembly, seats=1):
    resolution = Resolution.objects.create(
        page=assembly.page,
        number="4",
        title="Élection au conseil coopératif",
        kind="election",
        seats=seats,
        sort_order=4,
    )
    candidates = [
        Candidate.objects.create(resolution=resolution, member=member, name=member.title)
        for member in assembly.members[:2]
    ]
    return resolution, candidates


def test_an_election_ballot_takes_at_most_as_many_candidates_as_seats(assembly):
    resolution, candidates = election(assembly, seats=1)
    client = client_for(assembly.members[3].user)
    url = address(assembly.page, "advance_vote")
    response = client.post(
        url,
        {"resolution": resolution.pk, "candidates": [c.pk for c in candidates]},
        follow=True,
    )
    assert "Choisissez au plus 1 candidat" in " ".join(flashed(response))
    assert not Participation.objects.exists()
    response = client.post(url, {"resolution": resolution.pk, "candidates": ["x"]}, follow=True)
    assert "Choisissez parmi les candidats." in flashed(response)
    client.post(url, {"resolution": resolution.pk, "candidates": [candidates[1].pk]})
    assert ElectionChoice.objects.get().candidate == candidates[1]


# --- Votes at the meeting ----------------------------------------------------------------------


def test_a_present_member_votes_for_themselves_and_the_member_they_represent(assembly):
    giver, holder = assembly.members[0], assembly.members[2]  # colleges 1 and 2
    services.give_proxy(assembly=assembly.page, giver=giver, holder=holder)
    meeting_under_way(assembly, holder)
    resolution = assembly.resolution(1)
    client = client_for(holder.user)
    url = address(assembly.page, "vote")
    html = client.get(url).content.decode()
    assert html.count('name="choice" value="for"') == 2
    assert giver.title in html and "assembly-vote.js" in html
    client.post(url, {"resolution": resolution.pk, "member": holder.pk, "choice": "for"})
    response = client.post(
        url, {"resolution": resolution.pk, "member": giver.pk, "choice": "against"}, follow=True
    )
    by_member = {p.member_id: p for p in Participation.objects.all()}
    assert by_member[holder.pk].college_id == college_of(holder).pk
    assert by_member[holder.pk].channel == Channel.MEETING
    assert by_member[giver.pk].college_id == college_of(giver).pk  # the represented's college
    assert by_member[giver.pk].channel == Channel.PROXY
    html = response.content.decode()
    for ballot in Ballot.objects.all():
        assert ballot.receipt in html
    assert 'name="choice"' not in html  # both votes recorded
    response = client.post(
        url, {"resolution": resolution.pk, "member": giver.pk, "choice": "for"}, follow=True
    )
    assert "Ce vote est déjà enregistré." in flashed(response)
    assert Ballot.objects.count() == 2


def test_a_member_not_signed_in_or_not_represented_cannot_vote(assembly):
    present, absent = assembly.members[0], assembly.members[1]
    meeting_under_way(assembly, present)
    resolution = assembly.resolution(1)
    url = address(assembly.page, "vote")
    client = client_for(absent.user)
    assert "émargé" in client.get(url).content.decode()
    response = client.post(
        url, {"resolution": resolution.pk, "member": absent.pk, "choice": "for"}, follow=True
    )
    assert "Seuls les sociétaires qui ont émargé" in " ".join(flashed(response))
    response = client_for(present.user).post(
        url, {"resolution": resolution.pk, "member": absent.pk, "choice": "for"}, follow=True
    )
    assert "Vous ne votez pas pour ce sociétaire." in flashed(response)
    response = client_for(present.user).post(
        url,
        {"resolution": assembly.resolution(2).pk, "member": present.pk, "choice": "for"},
        follow=True,
    )
    assert "Cette résolution n’est pas ouverte au vote." in flashed(response)
    assert not Participation.objects.exists()


def test_an_election_at_the_meeting_takes_ticked_candidates(assembly):
    voter = assembly.members[4]
    resolution, candidates = election(assembly, seats=1)
    meeting_under_way(assembly, voter)
    services.open_poll(resolution=resolution)
    client = client_for(voter.user)
    url = address(assembly.page, "vote")
    html = client.get(url).content.decode()
    assert html.count('name="candidates"') == 2 and candidates[0].name in html
    data = {"resolution": resolution.pk, "member": voter.pk}
    response = client.post(url, {**data, "candidates": [c.pk for c in candidates]}, follow=True)
    assert "Choisissez au plus 1 candidat" in " ".join(flashed(response))
    assert not Participation.objects.filter(resolution=resolution).exists()
    response = client.post(url, {**data, "candidates": [candidates[0].pk]}, follow=True)
    ballot = Ballot.objects.get(resolution=resolution)
    # An election ballot carries its candidates, not a choice (services.record_vote).
    assert ballot.choice == "" and ballot.elected.get().candidate == candidates[0]
    assert ballot.receipt in response.content.decode()


def test_the_vote_state_lists_the_open_polls(assembly):
    client = client_for(assembly.members[0].user)
    url = address(assembly.page, "vote_state")
    assert client.get(url).json() == {"open": []}
    meeting_under_way(assembly, assembly.members[0])
    response = client.get(url)
    assert response.json() == {"open": [assembly.resolution(1).pk]}
    assert "no-store" in response["Cache-Control"]


# --- The signed convocation link ---------------------------------------------------------------


def test_the_convocation_link_works_without_logging_in(assembly, anonymous_client):
    member, holder = assembly.members[0], assembly.members[3]
    url = convocation_url(assembly=assembly.page, member=member)
    assert url.startswith("http://testserver/fr/assemblee/")
    path = url.removeprefix("http://testserver")
    response = anonymous_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert member.title in html and "Modification des statuts" in html
    assert 'class="qr-code"' in html and 'name="holder"' in html
    assert "Espace sociétaires" not in html.split('id="contenu"')[1]  # no breadcrumb
    response = anonymous_client.post(path, {"action": "give", "holder": holder.pk}, follow=True)
    assert response.redirect_chain[-1][0] == path
    assert Proxy.objects.get().giver == member
    anonymous_client.post(path, {"action": "revoke"})
    anonymous_client.post(
        path,
        {"action": "advance_vote", "resolution": assembly.resolution(3).pk, "choice": "for"},
    )
    participation = Participation.objects.get()
    assert participation.member == member and participation.cast_by is None
    assert Ballot.objects.get().receipt in anonymous_client.get(path).content.decode()


@pytest.mark.parametrize("change", ["forged", "other_member", "other_salt", "other_assembly"])
def test_a_forged_or_altered_convocation_link_shows_nothing(assembly, anonymous_client, change):
    page, member = assembly.page, assembly.members[0]
    token = tokens.member_token(assembly=page, member=member, salt=tokens.SALT_CONVOCATION)
    assembly_id = page.pk
    if change == "forged":
        token = token[:-1] + ("0" if token[-1] != "0" else "1")
    elif change == "other_member":
        token = f"{assembly.members[1].pk}-{token.partition('-')[2]}"
    elif change == "other_salt":
        token = tokens.member_token(assembly=page, member=member, salt=tokens.SALT_SIGN_IN)
    else:
        assembly_id = page.pk + 1000
    path = reverse("assembly:convocation", args=[assembly_id, token])
    for response in (
        anonymous_client.get(path),
        anonymous_client.post(path, {"action": "give", "holder": "blank"}),
    ):
        assert response.status_code == 404
        html = response.content.decode()
        assert "Lien de convocation non valide" in html
        assert "Approbation des comptes" not in html and member.title not in html
    assert not Proxy.objects.exists()


def test_the_qr_code_holds_the_bureaus_sign_in_address(assembly, rf):
    member = assembly.members[0]
    url = sign_in_url(assembly=assembly.page, member=member)
    token = re.search(r"/emargement/([^/]+)/$", url).group(1)
    assert url.startswith("http://") and assembly.page.url in url
    assert (
        tokens.member_id_from_token(assembly=assembly.page, token=token, salt=tokens.SALT_SIGN_IN)
        == member.pk
    )


# --- Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("members_per_college", [2, 10])
def test_the_assembly_page_reads_a_fixed_number_of_queries(
    tree, django_assert_max_num_queries, members_per_college, without_page_cache
):
    assembly = build_assembly(tree, members_per_college=members_per_college)
    member = assembly.members[0]
    for giver in assembly.members[1:3]:
        services.give_proxy(assembly=assembly.page, giver=giver, holder=member)
    client = client_for(member.user)
    client.get(address(assembly.page))  # warm the caches (settings, structure)
    # 29 measured, at both sizes: the page, the member's panel and the links to the other
    # screens (bureau, editor's permissions, results).
    with django_assert_max_num_queries(29):
        response = client.get(address(assembly.page))
    assert response.status_code == 200
