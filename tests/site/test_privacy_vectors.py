"""One test per way private content could get out (issue: privacy matrix and hardening).

The matrix (test_privacy_matrix.py) crawls the demo site; these tests pin each vector down on
a small tree, with the roles of tests/conftest.py.
"""

from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, PageViewRestriction

from coopsite.foundation.models import StandardPage
from partnerships.history import recorded_by
from partnerships.models import Partnership
from tests.factories import add_page
from tests.training.conftest import make_course, make_session
from training.models import Registration

SECRET = "Négociation confidentielle"  # in the partnerships page of the tree (factories.py)
MEMBERS_SECRET = "rue des Tanneurs accueille trois structures"  # in the members' news
NOT_COMMITTEE = ["anonymous", "member", "editor"]


def _text(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.fixture
def draft_page(tree):
    """A page of the public section never published, and a draft on a published page."""
    page = add_page(
        tree.home,
        StandardPage,
        "Rencontres 2027 en préparation",
        "rencontres-2027",
        publish=False,
        intro="<p>Programme provisoire des rencontres, lieux à confirmer.</p>",
    )
    draft = tree.about.get_latest_revision_as_object()
    draft.intro = "<p>Brouillon : un sixième collège sera proposé.</p>"
    draft.save_revision()
    return page


@pytest.fixture
def password_page(tree):
    page = add_page(
        tree.home,
        StandardPage,
        "Dossier du jury",
        "dossier-du-jury",
        intro="<p>Notes du jury : candidature retenue sous réserve.</p>",
    )
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="jury-2026"
    )
    return page


@pytest.fixture
def partnership(committee_user):
    with recorded_by(committee_user):
        return Partnership.objects.create(
            title="Fonds de dotation du Faubourg",
            kind="patronage",
            stage="negotiation",
            objectives="Montant plafonné en discussion.",
        )


@pytest.fixture
def registration(tree):
    session = make_session(make_course(tree.catalog, title="Animer une réunion"))
    return Registration.objects.create(
        session=session,
        name="Inès Inscrite",
        email="ines.inscrite@exemple.org",
        consent=True,
        status=Registration.CONFIRMED,
    )


# --- Search -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member", "editor"])
def test_search_never_shows_a_partnership_page(tree, role_clients, role):
    response = role_clients[role].get("/fr/recherche/", {"q": "Négociation"})
    assert response.status_code == 200
    assert SECRET not in _text(response)


def test_search_never_shows_drafts_nor_password_pages(
    tree, draft_page, password_page, role_clients
):
    for role in ["anonymous", "member", "committee"]:
        for query in ["rencontres", "collège", "jury"]:
            text = _text(role_clients[role].get("/fr/recherche/", {"q": query}))
            assert "Rencontres 2027" not in text
            assert "un sixième collège sera proposé" not in text
            assert "Dossier du jury" not in text


# --- Sitemap, feeds, API ------------------------------------------------------------------


def test_sitemap_lists_neither_private_nor_draft_nor_password_pages(
    tree, draft_page, password_page, anonymous_client
):
    text = _text(anonymous_client.get("/sitemap.xml"))
    assert "/la-cooperative/" in text
    for slug in ["espace-societaires", "partenariats", "rencontres-2027", "dossier-du-jury"]:
        assert slug not in text


def test_calendar_feeds_name_no_one_who_registered(tree, registration, anonymous_client):
    course = registration.session.course
    for url in [course.url + "agenda/", tree.catalog.url + "agenda/"]:
        response = anonymous_client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        text = _text(response)
        assert "ines.inscrite" not in text
        assert "Inès" not in text


def test_course_json_ld_names_no_one_who_registered(tree, registration, anonymous_client):
    text = _text(anonymous_client.get(registration.session.course.url))
    assert "application/ld+json" in text
    assert "ines.inscrite" not in text


@pytest.mark.parametrize("url", ["/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/"])
def test_wagtail_api_is_not_served(tree, anonymous_client, url):
    # Not installed: the path falls to the language redirect, then to a 404.
    assert anonymous_client.get(url, follow=True).status_code == 404


# --- Previews, revisions, drafts, unpublished pages ----------------------------------------


def _admin_views_of(page):
    revision = page.latest_revision
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"]),
        reverse("wagtailadmin_pages:usage", args=[page.pk]),
        reverse("wagtailadmin_pages:move", args=[page.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        reverse("wagtailadmin_explore", args=[page.pk]),
        reverse("wagtailadmin_choose_page_child", args=[page.pk]),
    ]


@pytest.mark.parametrize("role", NOT_COMMITTEE)
def test_previews_and_revisions_of_a_partnership_page_are_refused(tree, role_clients, role):
    page = tree.partnerships_method
    for url in _admin_views_of(page):
        response = role_clients[role].get(url)
        assert response.status_code in (302, 403), url
        assert SECRET not in _text(response), url


def test_the_committee_previews_its_own_pages(tree, committee_client):
    page = tree.partnerships_method
    for url in _admin_views_of(page)[:6]:
        response = committee_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert SECRET in _text(response) or "preview" in url, url


def test_unpublished_pages_and_drafts_stay_with_the_editors(
    tree, draft_page, role_clients, editor_client
):
    for role in ["anonymous", "member", "committee"]:
        client = role_clients[role]
        assert client.get("/fr/rencontres-2027/").status_code == 404
        assert "sixième collège" not in _text(client.get(tree.about.url))
        for url in [
            reverse("wagtailadmin_pages:view_draft", args=[draft_page.pk]),
            reverse("wagtailadmin_pages:view_draft", args=[tree.about.pk]),
        ]:
            response = client.get(url)
            assert response.status_code in (302, 403), (role, url)
    chooser = _text(
        role_clients["committee"].get(
            reverse("wagtailadmin_choose_page_child", args=[tree.home.pk])
        )
    )
    assert "Rencontres 2027" not in chooser
    # The editors, who write them, see both.
    draft = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=[tree.about.pk]))
    assert "sixième collège" in _text(draft)


def test_password_protected_page_asks_for_its_password_first(tree, password_page, anonymous_client):
    response = anonymous_client.get(password_page.url)
    assert response.status_code == 200
    assert "Notes du jury" not in _text(response)
    assert "password" in _text(response)
    restriction = PageViewRestriction.objects.get(page=password_page)
    action = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, password_page.pk]
    )
    wrong = anonymous_client.post(action, {"password": "non", "return_url": password_page.url})
    assert "Notes du jury" not in _text(wrong)
    anonymous_client.post(action, {"password": "jury-2026", "return_url": password_page.url})
    assert "Notes du jury" in _text(anonymous_client.get(password_page.url))


# --- Documents and images -----------------------------------------------------------------


def _document(collection_name, content=b"Compte rendu confidentiel"):
    return Document.objects.create(
        title="Compte rendu du bureau",
        file=ContentFile(content, name="compte-rendu-bureau.txt"),
        collection=Collection.objects.get(name=collection_name),
    )


def test_document_files_are_kept_outside_the_public_media_folder(tree, settings, anonymous_client):
    document = _document("Espace sociétaires")
    path = Path(document.file.path)
    assert Path(settings.PRIVATE_MEDIA_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    # No URL of the media folder reaches it (in production the web server serves /media/).
    guessed = settings.MEDIA_URL + document.file.name
    assert anonymous_client.get(guessed).status_code == 404
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018


def test_document_names_cannot_leave_their_folder(tree):
    for name in ["documents/../../etc/passwd", "documents/../../media/x.txt", "/etc/passwd"]:
        with pytest.raises(SuspiciousFileOperation):
            default_storage.path(name)
    # A file name with "../" is refused before it reaches the storage, and nothing is saved.
    with pytest.raises(SuspiciousFileOperation), transaction.atomic():
        Document.objects.create(
            title="Piège",
            file=ContentFile(b"x", name="../../../etc/cron.d/piege.txt"),
            collection=Collection.get_first_root_node(),
        )
    assert not Document.objects.filter(title="Piège").exists()


@pytest.mark.parametrize(
    ("collection", "allowed", "refused"),
    [
        ("Espace sociétaires", ["member", "editor", "admin"], ["anonymous"]),
        ("Partenariats", ["committee", "admin"], ["anonymous", "member", "editor"]),
    ],
)
def test_private_documents_are_served_only_through_the_checked_view(
    tree, role_clients, collection, allowed, refused
):
    document = _document(collection)
    for role in allowed:
        assert "confidentiel" in _text(role_clients[role].get(document.url)), role
    for role in refused:
        response = role_clients[role].get(document.url)
        assert response.status_code in (302, 403), role
        assert "confidentiel" not in _text(response)


def test_editors_neither_list_nor_choose_the_committees_documents(tree, editor_client):
    document = _document("Partenariats")
    for url in [
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:document_usage", args=[document.pk]),
    ]:
        response = editor_client.get(url)
        assert "Compte rendu du bureau" not in _text(response), url


# --- Error pages --------------------------------------------------------------------------


def test_a_403_page_says_nothing_of_the_page(tree, member_client):
    response = member_client.get(tree.partnerships_method.url)
    assert response.status_code == 403
    assert SECRET not in _text(response)
    assert "Partenariats" not in _text(response)


# --- Partnerships: history and exports ----------------------------------------------------


@pytest.mark.parametrize("role", NOT_COMMITTEE)
def test_partnership_history_and_exports_are_refused(tree, partnership, role_clients, role):
    urls = [
        reverse("partnership_history", args=[partnership.pk]),
        reverse("partnerships_report") + "?export=csv",
        reverse("partnerships_report") + "?export=xlsx",
        f"/admin/snippets/partnerships/partnership/history/{partnership.pk}/",
        f"/admin/snippets/partnerships/partnership/edit/{partnership.pk}/",
        "/admin/snippets/partnerships/partnership/",
        "/admin/snippets/choose/partnerships/partnership/",
        tree.partnerships.url + f"{partnership.pk}/",
    ]
    for url in urls:
        response = role_clients[role].get(url)
        assert response.status_code in (302, 403, 404), (role, url)
        assert "Fonds de dotation" not in _text(response), (role, url)


def test_the_committee_reads_history_and_exports(tree, partnership, committee_client):
    assert "Fonds de dotation" in _text(
        committee_client.get(reverse("partnership_history", args=[partnership.pk]))
    )
    assert "Fonds de dotation" in _text(
        committee_client.get(reverse("partnerships_report") + "?export=csv")
    )


# --- Registrations ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member", "committee"])
def test_registration_exports_are_refused_to_all_but_editors(
    tree, registration, role_clients, role
):
    session = registration.session
    for url in [
        reverse("training_registrations"),
        reverse("training_registrations") + "?export=csv",
        reverse("training_registrations") + "?export=xlsx",
        reverse("training_attendance_sheet", args=[session.pk]),
        session.course.url + "inscrits/",
    ]:
        response = role_clients[role].get(url)
        assert response.status_code in (302, 403), (role, url)
        assert "ines.inscrite" not in _text(response), (role, url)


def test_editors_export_the_registrations(tree, registration, editor_client):
    response = editor_client.get(reverse("training_registrations") + "?export=csv")
    assert "ines.inscrite@exemple.org" in _text(response)


# --- Admin listings and choosers for editors outside the committee ------------------------


def test_editors_find_no_partnership_page_anywhere_in_the_admin(tree, editor_client):
    for url in [
        reverse("wagtailadmin_pages:search") + "?q=Négociation",
        reverse("wagtailadmin_choose_page_search") + "?q=Négociation",
        reverse("wagtailadmin_explore", args=[tree.home.pk]),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_pages:type_use", args=["coopsite", "standardpage"]),
        reverse("wagtailadmin_home"),
    ]:
        response = editor_client.get(url)
        assert response.status_code in (200, 403), url
        assert SECRET not in _text(response), url


def test_committee_finds_its_pages_in_the_admin_search(tree, committee_client):
    response = committee_client.get(reverse("wagtailadmin_pages:search") + "?q=Négociation")
    assert SECRET in _text(response)


def test_privacy_audit_refuses_an_address_that_is_not_http_in_french(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Ce n’est pas une adresse http"):
        call_command("privacy_audit", "--base-url", "ftp://intranet.example")
