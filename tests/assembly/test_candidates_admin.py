"""Candidates in the admin (governance/assembly/viewsets.py): editors and administrators
only; the form offers elections only and refuses a member standing twice."""

import pytest
from django.urls import reverse

from governance.assembly.models import Candidate, Resolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(assembly):
    return Resolution.objects.create(
        page=assembly.page,
        number="4",
        title="Élection au conseil coopératif",
        body="ago",
        kind="election",
        seats=2,
    )


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", False),
        ("member", False),
        ("committee", False),
        ("editor", True),
        ("admin", True),
    ],
)
def test_who_manages_candidates(role_clients, assembly, election, role, allowed):
    candidate = Candidate.objects.create(
        resolution=election, member=assembly.members[0], name="Camille Candidate"
    )
    client = role_clients[role]
    urls = [
        reverse("assembly_candidates:index"),
        reverse("assembly_candidates:add"),
        reverse("assembly_candidates:edit", args=[candidate.pk]),
        reverse("assembly_candidates:delete", args=[candidate.pk]),
    ]
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert "Camille" not in response.content.decode()
    if allowed:
        listing = client.get(urls[0]).content.decode()
        assert "Camille Candidate" in listing
    response = client.post(
        urls[1], {"resolution": election.pk, "member": assembly.members[1].pk, "name": "Lou"}
    )
    assert Candidate.objects.filter(name="Lou").exists() is allowed


def test_the_form_offers_elections_only_and_refuses_a_member_twice(
    editor_client, assembly, election
):
    url = reverse("assembly_candidates:add")
    member = assembly.members[2]
    response = editor_client.post(
        url, {"resolution": assembly.resolution(1).pk, "member": member.pk, "name": "Noé"}
    )
    assert response.status_code == 200
    assert not Candidate.objects.exists()
    response = editor_client.post(
        url, {"resolution": election.pk, "member": member.pk, "name": "Noé"}
    )
    assert response.status_code == 302
    response = editor_client.post(
        url, {"resolution": election.pk, "member": member.pk, "name": "Noé encore"}
    )
    assert response.status_code == 200
    assert "Ce sociétaire se présente déjà à cette élection." in response.content.decode()
    assert Candidate.objects.count() == 1
