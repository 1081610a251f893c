"""French first, English through wagtail-localize: routes, language switcher, translation."""

import re

import pytest
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from coopsite.foundation.models import StandardPage
from tests.factories import PASSWORD, add_page

pytestmark = pytest.mark.django_db

SWITCHER = re.compile(r'<nav class="language-switcher".*?</nav>', re.S)


def switcher_links(response):
    block = SWITCHER.search(response.content.decode()).group(0)
    return dict(re.findall(r'href="([^"]+)" hreflang="(\w+)"', block))


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def english_home(tree, translate):
    # The English home needs its own slug: siblings under the root cannot share "accueil".
    return translate(tree.home, strings={"accueil": "home"})


def test_root_redirects_to_the_french_site_by_default(tree, anonymous_client):
    response = anonymous_client.get("/")
    assert response.status_code == 302
    assert response.url == "/fr/"


def test_root_follows_an_english_browser(tree, anonymous_client):
    assert anonymous_client.get("/", HTTP_ACCEPT_LANGUAGE="en").url == "/en/"


def test_french_is_the_default_language(tree, anonymous_client):
    response = anonymous_client.get("/fr/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html
    assert "Se connecter" in html


def test_english_site_speaks_english(english_home, anonymous_client):
    response = anonymous_client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Log in" in html


def test_english_home_is_served_at_en(english_home, anonymous_client):
    assert english_home.url == "/en/"
    assert anonymous_client.get("/en/").context["page"].pk == english_home.pk


def test_switcher_goes_to_the_translated_page(tree, english_home, translate, anonymous_client):
    about_en = translate(tree.about)
    links = switcher_links(anonymous_client.get("/fr/la-cooperative/"))
    assert links == {"/fr/la-cooperative/": "fr", about_en.url: "en"}
    back = switcher_links(anonymous_client.get(about_en.url))
    assert back["/fr/la-cooperative/"] == "fr"


def test_switcher_falls_back_to_the_home_page_when_untranslated(
    tree, english_home, anonymous_client
):
    links = switcher_links(anonymous_client.get("/fr/formations/"))
    assert links == {"/fr/formations/": "fr", "/en/": "en"}


def test_unpublished_translation_is_not_offered(tree, english_home, translate, anonymous_client):
    about_en = translate(tree.about)
    about_en.unpublish()
    links = switcher_links(anonymous_client.get("/fr/la-cooperative/"))
    assert links["/en/"] == "en"


def test_menu_follows_the_language(tree, english_home, translate, anonymous_client):
    translate(tree.about)
    html = anonymous_client.get("/en/").content.decode()
    menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert 'href="/en/"' in menu
    assert "/fr/" not in menu


def test_editor_translates_a_page_from_the_admin_and_syncs_it(
    tree, english_home, english, editor_client, anonymous_client, django_capture_on_commit_callbacks
):
    page = add_page(tree.home, StandardPage, "Nos engagements", "nos-engagements")

    # 1. "Traduire cette page": the editor submits the page for translation into English.
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[page.id])
    assert editor_client.get(submit_url).status_code == 200
    response = editor_client.post(submit_url, {"locales": [english.id]})
    assert response.status_code == 302
    page_en = page.get_translation(english)
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=english
    )

    # 2. The editor types the English title in wagtail-localize's editor, then publishes.
    title_segment = StringSegment.objects.get(
        source=translation.source, string__data="Nos engagements"
    )
    edit_url = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.id, title_segment.id]
    )
    response = editor_client.put(
        edit_url,
        encode_multipart("BoUnDaRy", {"value": "Our commitments"}),
        content_type=MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", "BoUnDaRy"),
    )
    assert response.status_code == 201, response.content
    edit_page_url = reverse("wagtailadmin_pages:edit", args=[page_en.id])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_page_url, {"action": "publish"})
    assert response.status_code == 302
    page_en.refresh_from_db()
    assert page_en.title == "Our commitments"
    assert page_en.live
    assert "Our commitments" in anonymous_client.get(page_en.url).content.decode()

    # 3. The French page changes; "Synchroniser les traductions" brings it to English.
    page.intro = "<p>Nouvelle introduction</p>"
    page.save_revision().publish()
    source = TranslationSource.objects.get(object_id=page.translation_key)
    sync_url = reverse("wagtail_localize:update_translations", args=[source.id])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(sync_url, {"publish_translations": "on"})
    assert response.status_code == 302
    html = anonymous_client.get(Page.objects.get(pk=page_en.pk).url).content.decode()
    assert "Nouvelle introduction" in html  # new string not yet translated: French fallback
    assert "Our commitments" in html  # the translated title is kept


def test_admin_speaks_french_to_french_users(tree, editor_client):
    # even when the browser asks for English
    response = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "Tableau de bord" in html


def test_switcher_keeps_the_view_and_query_outside_wagtail_pages(tree, anonymous_client):
    links = switcher_links(anonymous_client.get("/fr/recherche/?q=charte"))
    assert links == {"/fr/recherche/?q=charte": "fr", "/en/recherche/?q=charte": "en"}
    links = switcher_links(anonymous_client.get("/fr/connexion/?next=/fr/espace-societaires/"))
    assert "/en/connexion/?next=/fr/espace-societaires/" in links


def test_login_and_logout_stay_in_the_language_of_the_visitor(tree, member_user):
    client = Client()
    response = client.post("/en/connexion/", {"username": "societaire", "password": PASSWORD})
    assert response.url == "/en/"
    page = client.get("/en/deconnexion/")
    assert page.status_code == 200
    assert "Log out" in page.content.decode()
    assert client.post("/en/deconnexion/").url == "/en/"
    french = client.get("/fr/deconnexion/").content.decode()
    assert "Vous êtes déconnecté·e." in french


def test_admin_login_form_is_in_french(anonymous_client):
    """Wagtail's login form leaves the password field without a label: Django made one from the
    field's name, "Password", on the French page (coopsite.foundation.accounts.AdminLoginForm)."""
    html = anonymous_client.get("/admin/login/").content.decode()
    labels = re.findall(r"<label[^>]*>\s*([^<]+?)\s*<", html)
    assert "Nom d’utilisateur" in labels
    assert "Mot de passe" in labels
    assert "Password" not in labels
