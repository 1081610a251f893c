"""An alias is judged by its source's restrictions everywhere (issue 19, item 4).

Wagtail checks only the source page's own restriction when an alias is served, not the
restrictions above the source: an alias in the public tree of a page of the members' area
would be served to anyone, and listed by menus, the sitemap and the search.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from coopsite.foundation import page_cache
from coopsite.foundation.models import StandardPage
from tests.factories import add_page

pytestmark = pytest.mark.django_db

ALIAS_URL = "/fr/nouvelles-publiques/"
SECRET = "Tanneurs"  # in the source's introduction


@pytest.fixture
def alias(tree):
    """An alias of the members' news, placed in the public tree (in the menu)."""
    return tree.members_news.create_alias(parent=tree.home, update_slug="nouvelles-publiques")


def test_alias_of_a_members_page_is_refused_to_anonymous_and_never_cached(alias, anonymous_client):
    for _round in range(2):
        response = anonymous_client.get(ALIAS_URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/fr/connexion/")
        assert page_cache.HEADER not in response


def test_alias_of_a_members_page_opens_for_members(alias, role_clients):
    for role in ("member", "editor", "admin"):
        response = role_clients[role].get(ALIAS_URL)
        assert response.status_code == 200, role
        assert SECRET in response.content.decode()


def test_alias_of_a_committee_page_is_refused_to_a_member(tree, member_client, committee_client):
    tree.partnerships_method.create_alias(parent=tree.members_area, update_slug="negociation-bis")
    url = "/fr/espace-societaires/negociation-bis/"
    assert member_client.get(url).status_code == 403
    assert committee_client.get(url).status_code == 200
    html = member_client.get("/fr/espace-societaires/").content.decode()
    assert "Négociation confidentielle" not in html
    html = committee_client.get("/fr/espace-societaires/").content.decode()
    assert "Négociation confidentielle" in html


def test_alias_of_a_members_page_is_not_in_the_menu(alias, role_clients):
    for role, client in role_clients.items():
        html = client.get("/fr/").content.decode()
        assert ("nouvelles-publiques" in html) == (role != "anonymous"), role


def test_alias_of_a_members_page_is_not_in_the_sitemap(alias, anonymous_client):
    xml = anonymous_client.get("/sitemap.xml").content.decode()
    assert "/fr/la-cooperative/" in xml
    assert "nouvelles" not in xml


def test_alias_of_a_password_page_is_not_in_the_sitemap(tree, anonymous_client):
    locked = add_page(tree.home, StandardPage, "Verrouillée", "verrouillee")
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )
    add_page(locked, StandardPage, "Dessous", "dessous")
    locked.get_children().first().create_alias(parent=tree.about, update_slug="dessous-bis")
    xml = anonymous_client.get("/sitemap.xml").content.decode()
    assert "dessous" not in xml
    response = anonymous_client.get("/fr/la-cooperative/dessous-bis/")
    assert response.status_code == 200  # Wagtail's password form, not the page
    assert 'name="password"' in response.content.decode()
    restriction = PageViewRestriction.objects.get(page=locked)
    anonymous_client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, locked.pk]),
        {"password": "sesame", "return_url": "/"},
    )
    response = anonymous_client.get("/fr/la-cooperative/dessous-bis/")
    assert response.status_code == 200
    assert 'name="password"' not in response.content.decode()


def test_alias_of_a_members_page_is_not_found_by_the_search(alias, role_clients):
    for role, client in role_clients.items():
        response = client.get("/fr/recherche/", {"q": "tanneurs"})
        assert response.status_code == 200
        urls = [hit.url for hit in response.context["results"]]
        assert (ALIAS_URL in urls) == (role != "anonymous"), (role, urls)
        if role == "anonymous":
            assert SECRET not in response.content.decode()


def test_members_area_still_lists_its_own_news_for_members(tree, alias, member_client):
    assert settings.GROUP_MEMBERS  # the members' area itself is untouched
    html = member_client.get("/fr/espace-societaires/").content.decode()
    assert "Nouvelles réservées" in html
