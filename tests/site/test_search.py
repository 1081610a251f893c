"""The site search never shows what the visitor may not open (full search: a later issue)."""

import pytest
from wagtail.models import PageViewRestriction

from coopsite.foundation.models import StandardPage
from tests.factories import add_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(tree):
    """Pages mentioning 'tanneurs' in each area (the database backend indexes on save)."""
    add_page(tree.home, StandardPage, "Local des Tanneurs, public", "local-public")
    add_page(tree.members_area, StandardPage, "Local des Tanneurs, sociétaires", "local-membres")
    add_page(tree.partnerships, StandardPage, "Local des Tanneurs, mécénat", "local-mecenat")
    add_page(
        tree.home, StandardPage, "Local des Tanneurs, brouillon", "local-brouillon", publish=False
    )
    protected = add_page(tree.home, StandardPage, "Local des Tanneurs, mot de passe", "local-mdp")
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return tree


def titles(response):
    return [page.title for page in response.context["results"]]


def test_anonymous_finds_only_public_pages(indexed, anonymous_client):
    response = anonymous_client.get("/fr/recherche/", {"q": "tanneurs"})
    assert titles(response) == ["Local des Tanneurs, public"]
    html = response.content.decode()
    assert "1 résultat" in html
    for hidden in ["sociétaires", "mécénat", "brouillon", "mot de passe"]:
        assert f"Local des Tanneurs, {hidden}" not in html


def test_member_finds_members_pages_but_not_partnerships(indexed, member_client):
    found = titles(member_client.get("/fr/recherche/", {"q": "tanneurs"}))
    # "Nouvelles réservées" mentions the rue des Tanneurs in its introduction
    assert sorted(found) == [
        "Local des Tanneurs, public",
        "Local des Tanneurs, sociétaires",
        "Nouvelles réservées",
    ]


def test_committee_finds_partnership_pages(indexed, committee_client):
    found = titles(committee_client.get("/fr/recherche/", {"q": "tanneurs"}))
    assert "Local des Tanneurs, mécénat" in found
    assert "Local des Tanneurs, brouillon" not in found


def test_empty_result_is_explained_in_french(indexed, anonymous_client):
    html = anonymous_client.get("/fr/recherche/", {"q": "introuvablemot"}).content.decode()
    assert "Aucun résultat pour « introuvablemot »" in html


def test_search_results_are_in_the_active_language(indexed, translate, anonymous_client):
    translate(indexed.home, strings={"accueil": "home"})
    public = indexed.home.get_children().get(slug="local-public")
    translate(public, strings={"Local des Tanneurs, public": "Tanneurs premises, public"})
    fr = titles(anonymous_client.get("/fr/recherche/", {"q": "tanneurs"}))
    en = titles(anonymous_client.get("/en/recherche/", {"q": "tanneurs"}))
    assert fr == ["Local des Tanneurs, public"]
    assert en == ["Tanneurs premises, public"]
