"""The catalogue's place filter offers the places of live courses the visitor may open only
(issue 19, item 5): never the place of a draft course's session, nor of a restricted one's, on
a page that the anonymous page cache keeps for everyone."""

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from coopsite.foundation.areas import restrict_page

from .conftest import make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(tree):
    public = make_course(tree.catalog, title="Gouvernance", slug="gouvernance")
    make_session(public, place="Sarrebourg")
    draft = make_course(tree.catalog, title="Projet", slug="projet")
    draft.unpublish()
    make_session(draft, place="Ferme du Projet-Secret")
    members_only = make_course(tree.catalog, title="Réservée", slug="reservee")
    restrict_page(members_only, [settings.GROUP_MEMBERS])
    make_session(members_only, place="Local des sociétaires")
    locked = make_course(tree.catalog, title="Verrouillée", slug="verrouillee")
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )
    make_session(locked, place="Salle au mot de passe")
    return tree.catalog


def test_place_filter_lists_places_of_live_public_courses_only(catalog, role_clients):
    for role, client in role_clients.items():
        for _round in range(2):  # the second one is served from the page cache (anonymous)
            response = client.get(catalog.url)
            assert response.status_code == 200
            html = response.content.decode()
            assert "Sarrebourg" in html
            for hidden in ("Ferme du Projet-Secret", "Salle au mot de passe"):
                assert hidden not in html, (role, hidden)
            # restricted to the members' group: the editors are not in it
            in_group = role in ("member", "committee", "admin")
            assert ("Local des sociétaires" in html) == in_group, role


def test_a_hidden_place_is_not_accepted_as_a_filter(catalog, anonymous_client):
    response = anonymous_client.get(catalog.url, {"place": "Ferme du Projet-Secret"})
    assert response.status_code == 200
    assert response.context["filters"].place == ""
