"""Password reset by e-mail on the site, in French, from the outside."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

FORGOT = "/fr/connexion/mot-de-passe-oublie/"
SENT = "/fr/connexion/mot-de-passe-oublie/envoye/"
NEW_PASSWORD = "Coquelicot-Atelier-2031"


@pytest.fixture
def member(db):
    user = make_user("societaire", "Sociétaires")
    user.email = "societaire@exemple.org"
    user.save()
    return user


def _reset_link(message):
    match = re.search(
        r"http://testserver(/fr/connexion/nouveau-mot-de-passe/[^\s]+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def _login(client, username, password):
    return client.post("/fr/connexion/", {"username": username, "password": password})


def test_the_login_page_links_to_the_reset(tree, anonymous_client):
    html = anonymous_client.get("/fr/connexion/").content.decode()
    assert f'href="{FORGOT}"' in html
    assert "Mot de passe oublié ?" in html


def test_reset_by_e_mail_then_log_in_with_the_new_password(tree, member):
    client = Client()
    page = client.get(FORGOT)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mot de passe oublié ?" in html
    assert 'class="site-header' in html  # the site's layout

    response = client.post(FORGOT, {"email": "Societaire@Exemple.org"})
    assert response.status_code == 302
    assert response.url == SENT
    done = client.get(SENT).content.decode()
    assert "Consultez votre messagerie" in done

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["societaire@exemple.org"]
    assert message.subject == "Choisissez un nouveau mot de passe pour La Fabrique Commune"
    assert "Bonjour Societaire," in message.body
    assert "Votre identifiant : societaire" in message.body
    assert "ignorez cet e-mail" in message.body

    # The link leads to the form (Django moves the token into the session first).
    link = _reset_link(message)
    response = client.get(link)
    assert response.status_code == 302
    form_url = response.url
    form = client.get(form_url)
    assert form.status_code == 200
    assert "Choisir un nouveau mot de passe" in form.content.decode()

    # Django's validators are on, with their French messages.
    weak = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    html = weak.content.decode()
    assert "Ce mot de passe est trop courant." in html
    assert "Ce mot de passe est entièrement numérique." in html
    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "autre"})
    assert "Les deux mots de passe ne correspondent pas." in mismatch.content.decode()

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    complete = client.get(response.url)
    assert complete.status_code == 200
    assert "Mot de passe modifié" in complete.content.decode()

    # The link is spent.
    spent = Client().get(link, follow=True)
    assert "Ce lien n’est plus valable" in spent.content.decode()

    fresh = Client()
    assert _login(fresh, "societaire", PASSWORD).status_code == 200  # the old one is refused
    response = _login(fresh, "societaire", NEW_PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in fresh.session


def test_the_answer_does_not_tell_whether_the_address_has_an_account(tree, member):
    known = Client().post(FORGOT, {"email": "societaire@exemple.org"})
    unknown = Client().post(FORGOT, {"email": "personne@exemple.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url) == (302, SENT)
    assert len(mail.outbox) == 1
    assert Client().get(SENT).content == Client().get(SENT).content


def test_a_forged_or_broken_link_is_refused_in_french(tree, member):
    response = Client().get("/fr/connexion/nouveau-mot-de-passe/MQ/abc-123/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce lien n’est plus valable" in html
    assert 'href="/fr/connexion/mot-de-passe-oublie/"' in html


def test_a_new_password_lifts_the_login_lock(tree, member):
    for _ in range(5):
        _login(Client(), "societaire", "wrong-password")
    assert _login(Client(), "societaire", PASSWORD).status_code == 429
    client = Client()
    client.post(FORGOT, {"email": "societaire@exemple.org"})
    form_url = client.get(_reset_link(mail.outbox[0])).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = _login(Client(), "societaire", NEW_PASSWORD)
    assert response.status_code == 302


def test_the_lock_page_offers_the_reset(tree, member):
    for _ in range(5):
        response = _login(Client(), "societaire", "wrong-password")
    assert response.status_code == 429
    assert f'href="{FORGOT}"' in response.content.decode()


def test_requests_for_new_passwords_are_limited_per_address(tree, member, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = (2, 3600)
    client = Client()
    for _ in range(2):
        assert client.post(FORGOT, {"email": "societaire@exemple.org"}).status_code == 302
    response = client.post(FORGOT, {"email": "societaire@exemple.org"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert len(mail.outbox) == 2
    # The same limit for an address without an account: the answer tells nothing more.
    assert client.post(FORGOT, {"email": "personne@exemple.org"}).status_code == 429
    assert (
        Client(REMOTE_ADDR="192.0.2.9")
        .post(FORGOT, {"email": "societaire@exemple.org"})
        .status_code
        == 302
    )
