"""The admin's APIs, choosers, searches and reports show a record only to whom may read it.

Issue 19, item 1: wagtail-localize's snippet API answered every admin user with the title of
every partnership and the name of every partner. The same shape is checked everywhere else:
every admin URL naming a model (app label and model name), the snippet choosers, Wagtail's admin
API, the search-promotions query chooser, the admin's search and every report.
"""

import json

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query

from partnerships.history import recorded_by
from partnerships.models import Organisation, Partnership

SECRET = "Négociation confidentielle"  # the committee-only page of the tree (factories.py)
RECORD = "Fonds de dotation du Faubourg"
PARTNER = "Brasserie du Vieux Port"


def _text(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.fixture
def records(tree, committee_user):
    with recorded_by(committee_user):
        partnership = Partnership.objects.create(
            title=RECORD, kind="patronage", stage="negotiation", objectives="Montant en discussion."
        )
    organisation = Organisation.objects.create(name=PARTNER)
    return partnership, organisation


def _model_urls(partnership, organisation):
    """Every admin URL that names a partnership model, by app label and model name."""
    return [
        "/admin/localize/api/snippets/partnerships/partnership/?format=json",
        "/admin/localize/api/snippets/partnerships/organisation/?format=json",
        f"/admin/localize/api/snippets/partnerships/partnership/{partnership.pk}/?format=json",
        f"/admin/localize/api/snippets/partnerships/organisation/{organisation.pk}/?format=json",
        f"/admin/localize/submit/snippet/partnerships/partnership/{partnership.pk}/",
        "/admin/snippets/choose/partnerships/partnership/?q=Fonds",
        "/admin/snippets/choose/partnerships/partnership/results/?q=Fonds",
        f"/admin/snippets/choose/partnerships/partnership/chosen/{partnership.pk}/",
        "/admin/snippets/choose/partnerships/organisation/results/",
        f"/admin/snippets/choose/partnerships/organisation/chosen/{organisation.pk}/",
        "/admin/snippets/partnerships/partnership/?q=Fonds",
        "/admin/snippets/partnerships/organisation/?q=Brasserie",
        f"/admin/bulk/partnerships/partnership/delete/?id={partnership.pk}",
        "/admin/tag-autocomplete/partnerships/partnership/?term=a",
    ]


@pytest.mark.parametrize("role", ["editor"])
def test_editors_get_no_partnership_record_by_any_admin_url_naming_its_model(
    records, role_clients, role
):
    client = role_clients[role]
    for url in _model_urls(*records):
        response = client.get(url)
        # Refused: 403, or Wagtail's redirection to the dashboard with its message.
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        assert RECORD not in _text(response), url
        assert PARTNER not in _text(response), url


def test_the_translation_api_is_refused_for_a_model_the_user_may_not_view(records, editor_client):
    for model in ("partnership", "organisation"):
        url = f"/admin/localize/api/snippets/partnerships/{model}/?format=json"
        assert editor_client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_the_committee_and_the_admin_keep_the_translation_api(records, role_clients, role):
    client = role_clients[role]
    partnership, organisation = records
    listing = client.get("/admin/localize/api/snippets/partnerships/partnership/?format=json")
    assert listing.status_code == 200
    assert RECORD in [item["title"] for item in json.loads(listing.content)]
    partners = client.get("/admin/localize/api/snippets/partnerships/organisation/?format=json")
    assert PARTNER in [item["title"] for item in json.loads(partners.content)]
    chooser = client.get("/admin/snippets/choose/partnerships/partnership/results/?q=Fonds")
    assert chooser.status_code == 200 and RECORD in _text(chooser)


def test_editors_keep_the_models_they_manage(tree, editor_client):
    from training.models import Theme

    Theme.objects.create(name="Gouvernance partagée")
    for url in [
        "/admin/localize/api/snippets/training/theme/?format=json",
        "/admin/snippets/choose/training/theme/",
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert "Gouvernance partag" in _text(response), url


def test_any_model_named_in_an_admin_url_asks_for_a_permission_on_it(tree, member_user):
    """Checked on the URL's app label and model name: a model added later is covered too.
    Here a user given admin access and nothing else, on a model of wagtail_localize."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    member_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(member_user)
    for url in [
        "/admin/localize/api/snippets/training/theme/?format=json",
        "/admin/localize/api/snippets/partnerships/organisation/?format=json",
        "/admin/snippets/choose/training/theme/",
        "/admin/snippets/choose/partnerships/organisation/",
    ]:
        assert client.get(url).status_code == 403, url


# --- Wagtail's admin API --------------------------------------------------------------------


def test_the_admin_pages_api_leaves_out_pages_restricted_to_other_groups(tree, editor_client):
    listing = editor_client.get("/admin/api/main/pages/?limit=20")
    assert listing.status_code == 200
    titles = [item["title"] for item in json.loads(listing.content)["items"]]
    assert "Mentions légales" in titles
    assert SECRET not in titles and "Partenariats" not in titles
    for url in [
        f"/admin/api/main/pages/{tree.partnerships_method.pk}/",
        f"/admin/api/main/pages/{tree.partnerships.pk}/",
        f"/admin/api/main/pages/?child_of={tree.partnerships.pk}",
        f"/admin/api/main/pages/?descendant_of={tree.partnerships.pk}",
        f"/admin/api/main/pages/?search={SECRET}",
        f"/admin/api/main/pages/find/?id={tree.partnerships_method.pk}",
    ]:
        response = editor_client.get(url)
        assert response.status_code in (400, 403, 404) or SECRET not in _text(response), url
        assert SECRET not in _text(response), url


def test_the_admin_documents_api_leaves_out_the_committees_collection(
    tree, editor_client, committee_client
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    document = Document.objects.create(
        title="Convention avec la Brasserie",
        file=ContentFile(b"Convention", name="convention.txt"),
        collection=Collection.objects.get(name="Partenariats"),
    )
    for url in ["/admin/api/main/documents/", f"/admin/api/main/documents/{document.pk}/"]:
        response = editor_client.get(url)
        assert document.title not in _text(response), url
    listing = committee_client.get("/admin/api/main/documents/")
    assert document.title in _text(listing)


def test_the_committee_reads_its_pages_in_the_admin_pages_api(tree, committee_client):
    url = f"/admin/api/main/pages/{tree.partnerships_method.pk}/"
    response = committee_client.get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["title"] == SECRET


# --- Search promotions: the popular queries ---------------------------------------------------


@pytest.fixture
def committee_query(db):
    """What the committee searched for on the site: a partner's name."""
    query = Query.get(PARTNER)
    query.add_hit()
    Query.get("formations").add_hit()
    return query


@pytest.mark.parametrize("role", ["editor", "committee"])
def test_the_popular_queries_are_shown_to_the_administrators_only(
    committee_query, role_clients, role
):
    client = role_clients[role]
    for url in [
        reverse("wagtailsearchpromotions:chooser"),
        reverse("wagtailsearchpromotions:chooserresults"),
        reverse("wagtailsearchpromotions:chooserresults") + "?q=brasserie",
        reverse("wagtailsearchpromotions:search_terms"),
        reverse("wagtailsearchpromotions:search_terms_results"),
    ]:
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        assert PARTNER.lower() not in _text(response).lower(), url


def test_a_promotions_manager_chooses_no_popular_query_but_may_type_one(
    committee_query, editor_user, editor_client
):
    from django.contrib.auth.models import Permission

    editor_user.user_permissions.add(Permission.objects.get(codename="add_searchpromotion"))
    response = editor_client.get(reverse("wagtailsearchpromotions:chooserresults"))
    assert response.status_code == 200
    assert PARTNER.lower() not in _text(response).lower()
    assert "formations" not in _text(response)
    assert editor_client.get(reverse("wagtailsearchpromotions:add")).status_code == 200


def test_the_administrators_choose_among_popular_queries(committee_query, superuser_client):
    response = superuser_client.get(reverse("wagtailsearchpromotions:chooserresults"))
    assert response.status_code == 200
    assert PARTNER.lower() in _text(response).lower()


# --- The admin's search and reports ----------------------------------------------------------


@pytest.fixture
def busy_partnership_page(tree, committee_user):
    """The committee's page was edited last of its type, and is locked by the committee."""
    page = tree.partnerships_method
    page.save_revision(user=committee_user)
    page.locked = True
    page.locked_by = committee_user
    page.save(update_fields=["locked", "locked_by"])
    return page


def _admin_reports():
    return [
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:locked_pages_results"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:aging_pages_results"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailadmin_reports:page_types_usage_results"),
        reverse("wagtail_localize:translations_report"),
        reverse("wagtail_localize:translations_report_results"),
        reverse("wagtailsearchpromotions:search_terms"),
        reverse("logins_report"),
        reverse("register_report"),
        reverse("training_registrations"),
        reverse("partnerships_report"),
        reverse("partnerships_report_results"),
    ]


def test_editors_read_no_committee_record_in_any_report_or_search(
    records, busy_partnership_page, editor_client
):
    urls = _admin_reports() + [
        reverse("wagtailadmin_pages:search") + "?q=confidentielle",
        reverse("wagtailadmin_pages:search_results") + "?q=confidentielle",
        reverse("wagtailadmin_choose_page_search") + "?q=confidentielle",
        reverse("wagtaildocs:index") + "?q=Partenariats",
        reverse("wagtailimages:index") + "?q=Partenariats",
        reverse("wagtailsnippets:index"),
        reverse("wagtailadmin_home"),
    ]
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        text = _text(response)
        for secret in (SECRET, RECORD, PARTNER):
            assert secret not in text, (url, secret)


def test_the_committee_still_finds_its_page_in_the_page_types_report(
    busy_partnership_page, committee_client
):
    response = committee_client.get(reverse("wagtailadmin_reports:page_types_usage_results"))
    assert response.status_code == 200
    assert SECRET in _text(response)


def test_the_translations_report_leaves_out_the_committees_pages(
    tree, translate, editor_client, committee_client
):
    translate(tree.partnerships)
    translate(tree.partnerships_method)
    translate(tree.about)
    for url in [
        reverse("wagtail_localize:translations_report"),
        reverse("wagtail_localize:translations_report_results"),
        reverse("wagtail_localize:translations_report_results") + "?source_title=confidentielle",
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in _text(response), url
    listing = editor_client.get(reverse("wagtail_localize:translations_report_results"))
    assert tree.about.title in _text(listing)
    committee = committee_client.get(reverse("wagtail_localize:translations_report_results"))
    assert SECRET in _text(committee)


def test_the_committee_meets_no_draft_of_the_editors_in_the_admin(
    tree, committee_client, editor_client
):
    """Found by the privacy audit's enumeration of the URL resolver: the page chooser's browsing,
    the move confirmation and the page types report named an unpublished page of the editors
    (its draft title) to the committee, who may not edit it."""
    from coopsite.foundation.models import StandardPage
    from tests.factories import add_page

    # The latest edited standard page: the page types report would name it.
    draft = add_page(
        tree.home, StandardPage, "Rencontres 2027 (en préparation)", "r27", publish=False
    )
    assert not draft.live
    named = [
        reverse("wagtailadmin_choose_page_child", args=[draft.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[draft.pk, tree.home.pk]),
    ]
    for url in named:
        assert committee_client.get(url).status_code in (302, 403), url
        response = editor_client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        if response["Content-Type"].startswith("application/json"):  # the chooser's modal
            text = json.loads(text)["html"]
        assert draft.title in text, url
    for url in [
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailadmin_reports:page_types_usage_results") + "?page_locale=fr",
    ]:
        response = committee_client.get(url)
        assert response.status_code == 200, url
        assert draft.title not in _text(response), url
