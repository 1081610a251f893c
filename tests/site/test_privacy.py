"""Who may open which area, as real client requests (anonymous, member, committee, editor)."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_site_login_for_the_members_area(tree, anonymous_client):
    response = anonymous_client.get("/fr/espace-societaires/")
    assert response.status_code == 302
    assert response.url == "/fr/connexion/?next=/fr/espace-societaires/"
    login = anonymous_client.get(response.url)
    assert login.status_code == 200
    assert "Connexion" in login.content.decode()
    assert "Identifiant" in login.content.decode()


def test_anonymous_never_gets_restricted_sub_pages(tree, anonymous_client):
    for url in ["/fr/espace-societaires/nouvelles/", "/fr/partenariats/negociation/"]:
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/fr/connexion/")


def test_member_reads_the_members_area(tree, member_client):
    response = member_client.get("/fr/espace-societaires/")
    assert response.status_code == 200
    assert "Nouvelles réservées" in response.content.decode()
    assert member_client.get("/fr/espace-societaires/nouvelles/").status_code == 200


def test_member_is_denied_the_partnerships_area_with_a_french_message(tree, member_client):
    for url in ["/fr/partenariats/", "/fr/partenariats/negociation/"]:
        response = member_client.get(url)
        assert response.status_code == 403
        html = response.content.decode()
        assert "Accès réservé" in html
        assert "réservée à un autre groupe" in html
        assert "Mécénat de compétences" not in html


def test_committee_reads_the_partnerships_area(tree, committee_client):
    response = committee_client.get("/fr/partenariats/")
    assert response.status_code == 200
    assert "Négociation confidentielle" in response.content.decode()


def test_editor_reads_the_members_area_but_not_the_partnerships(tree, editor_client):
    assert editor_client.get("/fr/espace-societaires/").status_code == 200
    assert editor_client.get("/fr/partenariats/").status_code == 403


def test_superuser_reads_everything(tree, superuser_client):
    assert superuser_client.get("/fr/espace-societaires/").status_code == 200
    assert superuser_client.get("/fr/partenariats/negociation/").status_code == 200


def test_login_on_the_site_then_open_the_members_area(tree, member_user, anonymous_client):
    response = anonymous_client.post(
        "/fr/connexion/",
        {
            "username": "societaire",
            "password": "test-password-1234",
            "next": "/fr/espace-societaires/",
        },
    )
    assert response.status_code == 302
    assert response.url == "/fr/espace-societaires/"
    assert anonymous_client.get("/fr/espace-societaires/").status_code == 200


def test_wrong_password_gets_a_french_error(tree, member_user, anonymous_client):
    response = anonymous_client.post(
        "/fr/connexion/", {"username": "societaire", "password": "mauvais"}
    )
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(tree, member_client):
    response = member_client.post("/fr/deconnexion/")
    assert response.status_code == 302
    assert member_client.get("/fr/espace-societaires/").status_code == 302


def test_logged_in_user_sent_to_login_is_told_why(tree, member_client):
    response = member_client.get("/fr/connexion/?next=/fr/partenariats/")
    assert "ne donne pas accès à la page demandée" in response.content.decode()


def test_english_translation_of_a_restricted_area_is_restricted_too(
    tree, translate, anonymous_client, member_client, committee_client
):
    translate(tree.home, strings={"accueil": "home"})
    partnerships_en = translate(tree.partnerships)
    members_en = translate(tree.members_area)
    assert partnerships_en.live and members_en.live

    assert anonymous_client.get(members_en.url).status_code == 302
    assert member_client.get(members_en.url).status_code == 200
    assert member_client.get(partnerships_en.url).status_code == 403
    assert committee_client.get(partnerships_en.url).status_code == 200
