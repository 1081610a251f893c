"""Listings of the members' area go through the privacy filter (issue 19, item 3).

A decision restricted to the committee below the decisions index, or a member page under a
shared password, leaves no trace in the listings of those who may not open it: not its title,
number, status, offers or territory, not in the group page cache either.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from coopsite.foundation.areas import restrict_page
from governance.models import MemberPage, MemberResource, PublicDirectoryPage
from tests.factories import add_page, make_user
from tests.governance.conftest import make_decision

pytestmark = pytest.mark.django_db

DECISIONS = "/fr/espace-societaires/gouvernance/decisions/"
DIRECTORY = "/fr/espace-societaires/annuaire/"
COLLEGE = "/fr/espace-societaires/annuaire/college-1/"


@pytest.fixture
def secret_decision(governance):
    make_decision(governance.decisions_index, slug="ago-publique", status="adopted")
    decision = make_decision(
        governance.decisions_index,
        slug="cp-huis-clos",
        body="committee",
        date=datetime.date(2024, 3, 2),
        status="postponed",
    )
    restrict_page(decision, [settings.GROUP_COMMITTEE])
    return decision


def test_committee_only_decision_is_listed_for_the_committee_only(secret_decision, role_clients):
    seen = {}
    for role, client in role_clients.items():
        response = client.get(DECISIONS)
        if role == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 200
        html = response.content.decode()
        seen[role] = "Résolution cp-huis-clos" in html or "CP-HUIS-CLOS" in html
        # the filter's years come from the listed decisions only
        years = list(response.context["years"])
        assert (2024 in years) == seen[role], role
        # the public decision is listed for everyone in the area
        assert "AGO-PUBLIQUE" in html
    assert seen == {"member": False, "committee": True, "editor": False, "admin": True}


def test_committee_only_decision_is_not_counted_by_a_status_filter(secret_decision, member_client):
    response = member_client.get(DECISIONS, {"status": "postponed"})
    assert response.status_code == 200
    assert list(response.context["decisions"]) == []


@pytest.fixture
def protected_member(governance):
    member = MemberPage.objects.get(slug="structure-1-1")
    member.territory = "Île-Secrète"
    member.public_listing = True
    member.resources = [
        MemberResource(direction="offer", kind="equipment", title="Imprimante confidentielle")
    ]
    member.save_revision().publish()
    PageViewRestriction.objects.create(
        page=member, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )
    return member


def _traces(html):
    return [
        word
        for word in ("Structure 1-1", "Île-Secrète", "Imprimante confidentielle")
        if word in html
    ]


@pytest.mark.parametrize("url", [DIRECTORY, COLLEGE])
def test_password_restricted_member_is_absent_from_directory_and_college(
    protected_member, role_clients, url
):
    for role, client in role_clients.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 200, role
        html = response.content.decode()
        assert "Structure 1-2" in html, role
        assert _traces(html) == [], role


def test_password_restricted_member_not_counted_in_directory(protected_member, member_client):
    response = member_client.get(DIRECTORY)
    assert response.context["member_count"] == 5
    assert [g.count for g in response.context["college_groups"]] == [1, 2, 2]
    assert member_client.get(DIRECTORY, {"offer": "equipment"}).context["member_count"] == 0


def _pass_password(client, member):
    restriction = PageViewRestriction.objects.get(page=member)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, member.pk])
    response = client.post(url, {"password": "sesame", "return_url": member.url})
    assert response.status_code == 302


@pytest.mark.parametrize("passer_first", [True, False])
def test_group_page_cache_keeps_a_passed_password_to_its_session(
    protected_member, member_client, client, passer_first
):
    """Two members of the same groups: the one who gave the password sees the member, the
    other does not, whoever filled the group page cache first."""
    other = make_user("societaire2", settings.GROUP_MEMBERS)
    client.force_login(other)
    _pass_password(member_client, protected_member)
    order = [(member_client, True), (client, False)]
    if not passer_first:
        order.reverse()
    for _round in range(2):  # the second round is served from the group cache
        for who, sees in order:
            for url in (DIRECTORY, COLLEGE):
                html = who.get(url).content.decode()
                assert ("Structure 1-1" in html) == sees, url
                if url == DIRECTORY:  # a college lists names only
                    assert ("Imprimante confidentielle" in html) == sees


def test_password_restricted_member_left_out_of_the_public_directory(
    tree, protected_member, anonymous_client
):
    add_page(tree.home, PublicDirectoryPage, "Qui sommes-nous", "qui-sommes-nous")
    other = MemberPage.objects.get(slug="structure-1-2")
    other.public_listing = True
    other.save_revision().publish()
    response = anonymous_client.get("/fr/qui-sommes-nous/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Structure 1-2" in html
    assert "Structure 1-1" not in html


def test_charter_names_an_adopting_decision_only_to_those_who_may_open_it(
    governance, member_client, committee_client
):
    from tests.governance.conftest import build_charter

    charter = build_charter(governance)
    secret = make_decision(governance.decisions_index, slug="cp-charte", body="committee")
    restrict_page(secret, [settings.GROUP_COMMITTEE])
    charter.adopted_by = secret
    charter.save_revision().publish()
    url = "/fr/espace-societaires/gouvernance/charte/"
    member_html = member_client.get(url).content.decode()
    assert "Adoption de la charte v3" in member_html  # an earlier version's decision
    assert "Résolution cp-charte" not in member_html
    assert "Résolution cp-charte" in committee_client.get(url).content.decode()
