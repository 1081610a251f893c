"""Who may open which area, as real client requests (anonymous, member, committee, editor)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, PageViewRestriction

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


def test_denied_page_carries_nothing_of_the_restricted_page(tree, member_client):
    tree.partnerships.search_description = "Négociations secrètes avec la Banque Régionale"
    tree.partnerships.save_revision().publish()
    html = member_client.get("/fr/partenariats/").content.decode()
    assert "Banque Régionale" not in html
    assert "<title>Partenariats" not in html


def test_restriction_added_after_translation_reaches_the_english_page(
    tree, translate, anonymous_client, member_client
):
    translate(tree.home, strings={"accueil": "home"})
    about_en = translate(tree.about, strings={"la-cooperative": "the-cooperative"})
    assert anonymous_client.get(about_en.url).status_code == 200
    restrict_page_only(tree.about, settings.GROUP_MEMBERS)
    assert anonymous_client.get(about_en.url).status_code == 302
    assert member_client.get(about_en.url).status_code == 200
    # and lifting it lifts it in both languages
    PageViewRestriction.objects.filter(page=tree.about).delete()
    assert anonymous_client.get(about_en.url).status_code == 200
    assert anonymous_client.get("/fr/la-cooperative/").status_code == 200


def restrict_page_only(page, group_name):
    """A restriction made as in the admin's privacy dialog: on one page, one language."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name=group_name))


@pytest.mark.parametrize(
    ("collection", "allowed", "refused"),
    [
        ("Espace sociétaires", "member_client", "anonymous_client"),
        ("Partenariats", "committee_client", "member_client"),
    ],
)
def test_documents_of_an_area_are_served_only_to_its_groups(
    tree, collection, allowed, refused, request
):
    document = Document.objects.create(
        title="Compte rendu",
        file=ContentFile(b"%PDF-1.4 confidentiel", name="compte-rendu.pdf"),
        collection=Collection.objects.get(name=collection),
    )
    assert request.getfixturevalue(allowed).get(document.url).status_code == 200
    response = request.getfixturevalue(refused).get(document.url)
    assert response.status_code in (302, 403)
    assert b"confidentiel" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_committee_edits_partnership_pages_in_the_admin(tree, committee_client):
    url = reverse("wagtailadmin_pages:edit", args=[tree.partnerships_method.pk])
    assert committee_client.get(url).status_code == 200


def test_editors_neither_list_nor_open_partnership_pages_in_the_admin(tree, editor_client):
    listing = editor_client.get(reverse("wagtailadmin_explore", args=[tree.home.pk]))
    assert listing.status_code == 200
    assert "Partenariats" not in listing.content.decode()
    assert "Espace sociétaires" in listing.content.decode()
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[tree.partnerships_method.pk]))
    assert edit.status_code in (302, 403)
    chooser = editor_client.get(reverse("wagtailadmin_choose_page"), {"q": "Négociation"})
    assert "Négociation confidentielle" not in chooser.content.decode()
