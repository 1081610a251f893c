"""The site's error pages (400, 403, 404, 500, CSRF) are French and never echo the address
asked for: not in the text, the title, the login link or the language switcher."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SECRET = "jeton-3f9a8c7e1b2d4f6a9c0e5d7b"


def _assert_says_nothing_of(html, *fragments):
    for fragment in fragments:
        assert fragment not in html, fragment
    assert "?next=" not in html


def test_404_does_not_echo_a_script_in_the_path(tree, anonymous_client):
    response = anonymous_client.get("/fr/<script>alert(1)</script>-xyz/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert 'class="site-header' in html  # the site's layout
    _assert_says_nothing_of(
        html, "<script>alert", "alert(1)", "&lt;script", "%3Cscript", "-xyz", "script%3E"
    )


@pytest.mark.parametrize("role", ["anonymous", "member", "admin"])
def test_404_does_not_echo_a_secret_path_or_query(tree, role_clients, role):
    path = f"/fr/espace-societaires/reunion-{SECRET}/{'tres-long-' * 30}fin/"
    response = role_clients[role].get(path, {"cle": SECRET + "-requete"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    _assert_says_nothing_of(html, SECRET, "tres-long-", "reunion-", "cle=")
    # The language switcher still offers each language's home page.
    assert 'href="/en/"' in html and 'href="/fr/"' in html
    # Each language named in itself, as on every other page (not "Anglais").
    assert 'lang="en">English</a>' in html and 'aria-current="true">Français</a>' in html


def test_404_in_english_is_english(tree, anonymous_client):
    response = anonymous_client.get(f"/en/{SECRET}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    _assert_says_nothing_of(html, SECRET)


@pytest.mark.urls("tests.site.error_urls")
def test_403_says_nothing_of_the_page_or_the_reason(tree, member_client):
    response = member_client.get(f"/essai/refus/{SECRET}/", {"cle": SECRET})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html
    assert "Votre compte ne donne pas accès à cette page" in html
    _assert_says_nothing_of(html, SECRET, "the reason stays", "essai/refus")


def test_restricted_area_403_does_not_echo_the_query(tree, member_client):
    response = member_client.get("/fr/partenariats/negociation/", {"cle": SECRET})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès réservé" in html
    _assert_says_nothing_of(html, SECRET, "negociation")


@pytest.mark.urls("tests.site.error_urls")
def test_400_is_french_and_stands_alone(tree, anonymous_client):
    response = anonymous_client.get("/essai/mauvaise-requete/", {"cle": SECRET})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Requête incorrecte" in html
    _assert_says_nothing_of(html, SECRET, "the reason stays", "mauvaise-requete")


def test_400_for_a_host_the_site_does_not_serve(tree, anonymous_client):
    response = anonymous_client.get(f"/fr/{SECRET}/", HTTP_HOST="intrus.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Requête incorrecte" in html
    _assert_says_nothing_of(html, SECRET, "intrus.example")


@pytest.mark.urls("tests.site.error_urls")
def test_500_renders_without_a_request_context(tree, settings):
    assert settings.DEBUG is False
    client = Client()
    client.raise_request_exception = False
    response = client.get("/essai/panne/", {"cle": SECRET})
    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur s’est produite" in html
    _assert_says_nothing_of(html, SECRET, "the reason stays", "RuntimeError")


def test_csrf_failure_on_the_login_form_is_french(tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/fr/connexion/", {"username": "societaire", "password": "x", "next": f"/fr/{SECRET}/"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulaire expiré" in html
    _assert_says_nothing_of(html, SECRET)
