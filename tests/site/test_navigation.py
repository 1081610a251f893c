"""Menus, child listings and breadcrumbs only show what the visitor may open."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from wagtail.models import Page

from coopsite.foundation.models import StandardPage
from coopsite.foundation.privacy import can_view, visible_pages
from tests.factories import add_page

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
LINK = re.compile(r'href="([^"]+)"')


def menu_links(response):
    return LINK.findall(MENU.search(response.content.decode()).group(0))


EXPECTED_MENUS = {
    "anonymous": ["/fr/", "/fr/la-cooperative/", "/fr/formations/"],
    "member": ["/fr/", "/fr/la-cooperative/", "/fr/formations/", "/fr/espace-societaires/"],
    "editor": ["/fr/", "/fr/la-cooperative/", "/fr/formations/", "/fr/espace-societaires/"],
    "committee": [
        "/fr/",
        "/fr/la-cooperative/",
        "/fr/formations/",
        "/fr/espace-societaires/",
        "/fr/partenariats/",
    ],
    "admin": [
        "/fr/",
        "/fr/la-cooperative/",
        "/fr/formations/",
        "/fr/espace-societaires/",
        "/fr/partenariats/",
    ],
}


@pytest.mark.parametrize("role", EXPECTED_MENUS)
def test_menu_shows_exactly_the_areas_of_the_role(tree, role_clients, role):
    client = role_clients[role]
    assert menu_links(client.get("/fr/")) == EXPECTED_MENUS[role]


@pytest.mark.parametrize("role", EXPECTED_MENUS)
def test_every_menu_link_opens_for_that_role(tree, role_clients, role):
    client = role_clients[role]
    for url in menu_links(client.get("/fr/la-cooperative/")):
        assert client.get(url).status_code == 200, (role, url)


def test_menu_hides_unpublished_pages_and_pages_not_in_menus(tree, anonymous_client):
    add_page(tree.home, StandardPage, "Brouillon secret", "brouillon", publish=False)
    add_page(tree.home, StandardPage, "Hors menu", "hors-menu", show_in_menus=False)
    html = anonymous_client.get("/fr/").content.decode()
    assert "Brouillon secret" not in html
    assert "Hors menu" not in MENU.search(html).group(0)


def test_child_listing_of_home_hides_restricted_areas_from_anonymous(tree, anonymous_client):
    html = anonymous_client.get("/fr/").content.decode()
    assert "Espace sociétaires" not in html
    assert "Partenariats" not in html


def test_child_listing_in_members_area_hides_nothing_from_members(tree, member_client):
    html = member_client.get("/fr/espace-societaires/").content.decode()
    assert "Gouvernance" in html
    assert "Nouvelles réservées" in html


def test_breadcrumb_shows_the_path_from_home(tree, member_client):
    html = member_client.get("/fr/espace-societaires/gouvernance/").content.decode()
    crumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert LINK.findall(crumb) == ["/fr/", "/fr/espace-societaires/"]
    assert 'aria-current="page">Gouvernance' in crumb


def test_current_menu_entry_is_marked(tree, member_client):
    html = member_client.get("/fr/espace-societaires/gouvernance/").content.decode()
    assert '<a href="/fr/espace-societaires/" aria-current="page">' in MENU.search(html).group(0)


def test_visible_pages_filters_in_the_query(tree, member_user, django_assert_max_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    pages = visible_pages(Page.objects.all(), request)
    titles = set(pages.values_list("title", flat=True))
    assert "Espace sociétaires" not in titles
    assert "Négociation confidentielle" not in titles
    assert "Catalogue des formations" in titles
    assert not can_view(tree.partnerships_method, request)

    request = RequestFactory().get("/")
    request.user = member_user
    with django_assert_max_num_queries(4):
        titles = set(visible_pages(Page.objects.all(), request).values_list("title", flat=True))
    assert "Nouvelles réservées" in titles
    assert "Négociation confidentielle" not in titles
    assert can_view(tree.members_news, request)


@pytest.mark.parametrize("role", ["anonymous", "member", "committee", "editor"])
def test_page_query_count_does_not_depend_on_the_number_of_pages(
    tree, role_clients, role, django_assert_max_num_queries
):
    client = role_clients[role]
    client.get("/fr/")  # warm the site-root and settings caches
    # Users with admin access also get Wagtail's user bar (a few permission queries).
    with django_assert_max_num_queries(32) as first:
        client.get("/fr/")
    budget = len(first.captured_queries)  # now: the connection's query log is a bounded deque
    for index in range(15):
        add_page(tree.home, StandardPage, f"Page {index}", f"page-{index}")
    client.get("/fr/")  # publishing renewed the shared structure cache: fill it again
    with django_assert_max_num_queries(budget):
        assert client.get("/fr/").status_code == 200


def test_missing_page_gets_the_french_404_without_echoing_the_path(tree, anonymous_client):
    response = anonymous_client.get("/fr/<script>nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "<script>nexiste" not in html
