"""`load_demo` builds the whole story, and running it again changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site

from governance.assembly.models import AssemblyPage, Participation, Proxy

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo")


def _snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "locale__language_code", "live")),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "groups": Group.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "sites": Site.objects.count(),
        "promotions": sorted(
            SearchPromotion.objects.values_list("query__query_string", "page__url_path")
        ),
    }


def test_load_demo_twice_builds_the_same_tree_without_duplicates(capsys):
    load_demo()
    first = _snapshot()
    load_demo()
    assert _snapshot() == first

    assert first["users"] == [
        "admin",
        "comite",
        "editrice",
        "presidente",
        "secretaire",
        "societaire",
        "societaire2",
    ]
    # the demo general assembly: its proxies and advance votes are not given twice
    assert Proxy.objects.count() == 2
    assert Participation.objects.count() == 8  # two members, four resolutions
    assembly = AssemblyPage.objects.get()
    assert (assembly.chair.username, assembly.secretary.username) == ("presidente", "secretaire")
    assert first["sites"] == 1
    assert [query for query, _ in first["promotions"]] == ["adhérer", "charte", "formation"]
    # members' area and partnerships, in French and in English
    assert first["restrictions"] == 4
    paths = {path for path, _, _ in first["pages"]}
    assert {"/accueil/", "/accueil/espace-societaires/gouvernance/", "/home/partnerships/"} <= paths
    # every page is live but the one the demo leaves unpublished, as editors' work in progress
    assert [path for path, _, live in first["pages"] if not live] == ["/accueil/rencontres-2027/"]
    # the tree's counters are right, so Wagtail routes to every child (e.g. /en/training/)
    for page in Page.objects.all():
        assert (
            page.numchild
            == Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
        ), page.url_path
    # no redirect points to its own path (that would loop forever)
    for redirect in Redirect.objects.select_related("redirect_page"):
        assert redirect.redirect_page.url.rstrip("/") != redirect.old_path
    out = capsys.readouterr().out
    assert "Fabrique-membre-2026" in out
    assert "Comptes de démonstration" in out


def test_demo_accounts_see_what_their_role_should_see():
    load_demo()
    expectations = {
        "admin": {"/fr/espace-societaires/": 200, "/fr/partenariats/": 200},
        "editrice": {"/fr/espace-societaires/": 200, "/fr/partenariats/": 403},
        "societaire": {"/fr/espace-societaires/": 200, "/fr/partenariats/": 403},
        "comite": {"/fr/espace-societaires/": 200, "/fr/partenariats/": 200},
        "presidente": {
            "/fr/espace-societaires/gouvernance/assemblee-generale-2027/convocations-papier/": 200,
            "/fr/partenariats/": 403,
        },
    }
    passwords = {
        "admin": "Fabrique-admin-2026",
        "editrice": "Fabrique-edit-2026",
        "societaire": "Fabrique-membre-2026",
        "comite": "Fabrique-comite-2026",
        "presidente": "Fabrique-presidente-2026",
    }
    for username, urls in expectations.items():
        client = Client()
        response = client.post(
            "/fr/connexion/", {"username": username, "password": passwords[username]}
        )
        assert response.status_code == 302, username
        for url, status in urls.items():
            assert client.get(url).status_code == status, (username, url)
    anonymous = Client()
    assert anonymous.get("/fr/").status_code == 200
    assert anonymous.get("/en/").status_code == 200
    # A search that finds nothing suggests the editors' promoted pages this visitor may open.
    html = anonymous.get("/fr/recherche/", {"q": "adhérer à la coopérative xyz"}).content.decode()
    assert "Vous cherchez peut-être" in html and "Devenir sociétaire" in html
    assert "La charte en vigueur" not in html  # the governance page is for members
    english = anonymous.get("/en/training/").content.decode()
    assert "Training catalogue" in english
    assert '<a href="/en/legal-notice/">Legal notice</a>' in english  # footer follows language
    assert anonymous.get("/fr/espace-societaires/").status_code == 302


def test_load_demo_refuses_outside_development(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="rien n’a été modifié"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()


def test_demo_tells_the_governance_story():
    from governance.compliance import compliance_warnings
    from governance.models import CharterPage, CollegePage, DecisionPage, MemberPage
    from governance.voting import check_college_weights

    load_demo()
    colleges = CollegePage.objects.live()
    assert colleges.count() == 5
    assert check_college_weights([c.weight for c in colleges]) == []
    assert MemberPage.objects.live().active().count() == 30
    assert MemberPage.objects.exclude(exit_date=None).count() == 1  # kept in the register
    decisions = DecisionPage.objects.live()
    assert decisions.count() == 12
    assert decisions.filter(status="rejected", body="age").exists()
    assert decisions.filter(status="adopted", body="age").exists()
    assert sum(1 for d in decisions if d.votes.exists()) >= 6
    assert len(CharterPage.objects.get().versions()) == 3
    assert compliance_warnings() == []
    assert MemberPage.objects.get(user__username="societaire").title == "Repair Café des Tanneurs"
