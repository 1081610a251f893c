"""The members' results page (`resultats/`): closed resolutions only, per college, adopted or
rejected, secret ballots as receipts sorted by code, roll-call votes by name."""

import pytest
from django.conf import settings

from governance.assembly.models import Ballot
from tests.assembly.test_results import hold_meeting
from tests.factories import make_user


def results_url(assembly):
    return assembly.page.url + "resultats/"


@pytest.fixture
def held(assembly):
    """Resolution 1 (secret) and 3 (roll call) closed, resolution 2 never opened."""
    resolution = assembly.resolution(3)
    resolution.roll_call = True
    resolution.save()
    hold_meeting(assembly)
    return assembly


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(held, anonymous_client):
    response = anonymous_client.get(results_url(held))
    assert response.status_code == 302 and "next=" in response["Location"]
    assert "Approbation" not in response.content.decode()


@pytest.mark.django_db
def test_a_logged_in_user_outside_the_members_is_refused(held, client):
    client.force_login(make_user("exterieur"))
    response = client.get(results_url(held))
    assert response.status_code == 403
    assert "Approbation" not in response.content.decode()


@pytest.mark.django_db
def test_members_see_the_closed_results(held, client):
    client.force_login(held.members[0].user)
    response = client.get(results_url(held))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "Approbation des comptes 2026" in html and "Modification des statuts" in html
    assert "Affectation du résultat" not in html  # never opened: not shown
    assert "Adoptée" in html and "Rejetée : majorité non atteinte" in html
    assert "65 %" in html and "Collège 2" in html
    # Secret vote (resolution 1): every receipt, sorted by code, no names.
    receipts = sorted(
        Ballot.objects.filter(resolution=held.resolution(1)).values_list("receipt", flat=True)
    )
    assert len(receipts) == 6
    positions = [html.index(receipt) for receipt in receipts]
    assert positions == sorted(positions)
    secret = html[
        html.index("resolution-" + str(held.resolution(1).pk)) : html.index(
            "resolution-" + str(held.resolution(3).pk)
        )
    ]
    assert "Structure" not in secret
    # Roll-call vote (resolution 3): names with their choices.
    roll_call = html[html.index("resolution-" + str(held.resolution(3).pk)) :]
    assert "Structure 1-1" in roll_call and "Structure 3-2" in roll_call
    assert "Vote par appel nominal" in roll_call


@pytest.mark.django_db
def test_editors_see_the_results_too(held, editor_client):
    response = editor_client.get(results_url(held))
    assert response.status_code == 200
    assert "Approbation des comptes 2026" in response.content.decode()


@pytest.mark.django_db
def test_before_any_vote_closes_the_page_says_so(assembly, client):
    client.force_login(make_user("membre-seul", settings.GROUP_MEMBERS))
    response = client.get(results_url(assembly))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun vote n’a encore été clos." in html
    assert "Approbation des comptes 2026" not in html
