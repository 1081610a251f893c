"""Members' pages cached per set of groups (coopsite.foundation.page_cache), seen from outside:
each user gets their own name and CSRF token, no group ever gets another group's page, editors and
pending flash messages are never served from the cache, and a change shows at once."""

import re

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client

from governance.models import MemberCategory, MemberKind, MemberPage
from tests.factories import add_page, make_user
from tests.governance.conftest import make_decision

DIRECTORY = "/fr/espace-societaires/annuaire/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def account_name(html):
    return re.search(r'<span class="account__name">([^<]*)</span>', html).group(1)


@pytest.fixture
def members(db):
    return [make_user(name, settings.GROUP_MEMBERS) for name in ("camille", "dominique", "eden")]


def test_members_of_the_same_groups_share_the_page_with_their_own_name(
    governance, members, django_assert_max_num_queries
):
    first = logged_in(members[0]).get(DIRECTORY)
    assert first["X-Cache"] == "MISS"
    assert account_name(first.content.decode()) == "Camille"
    client = logged_in(members[1])
    with django_assert_max_num_queries(2):  # the user, their groups: nothing else
        second = client.get(DIRECTORY)
    assert second["X-Cache"] == "HIT"
    html = second.content.decode()
    assert account_name(html) == "Dominique"
    assert "Camille" not in html
    assert "6 sociétaires actifs" in html


def test_each_member_gets_a_csrf_token_of_their_own_and_can_log_out(governance, members):
    logged_in(members[0]).get(DIRECTORY)
    client = Client(enforce_csrf_checks=True)
    client.force_login(members[1])
    response = client.get(DIRECTORY)
    assert response["X-Cache"] == "HIT"
    token = CSRF_INPUT.search(response.content.decode()).group(1)
    assert "placeholder" not in token
    logged_out = client.post("/fr/deconnexion/", {"csrfmiddlewaretoken": token})
    assert logged_out.status_code == 302
    assert client.get(DIRECTORY).status_code == 302  # to the login page: logged out


def test_a_name_is_escaped(governance, members):
    logged_in(members[0]).get(DIRECTORY)
    members[1].first_name, members[1].last_name = "<b>Zoé</b>", "& Cie"
    members[1].save()
    html = logged_in(members[1]).get(DIRECTORY).content.decode()
    assert account_name(html) == "&lt;b&gt;Zoé&lt;/b&gt; &amp; Cie"


def test_the_committee_and_the_members_never_share_a_decision_page(
    governance, members, committee_user
):
    from partnerships.models import Partnership

    decision = make_decision(governance.decisions_index)
    record = Partnership.objects.create(title="Mécénat secret", kind="patronage", stage="idea")
    record.decisions.add(decision)
    committee_html = logged_in(committee_user).get(decision.url).content.decode()
    assert "Mécénat secret" in committee_html
    response = logged_in(members[0]).get(decision.url)
    assert response["X-Cache"] == "MISS"
    assert "Mécénat secret" not in response.content.decode()
    assert "Mécénat secret" in logged_in(committee_user).get(decision.url).content.decode()
    # A link removed shows at once to the committee.
    record.decisions.remove(decision)
    assert "Mécénat secret" not in logged_in(committee_user).get(decision.url).content.decode()


def test_visitors_never_get_a_members_page_from_the_cache(governance, members):
    logged_in(members[0]).get(DIRECTORY)
    response = Client().get(DIRECTORY)
    assert response.status_code == 302
    assert "X-Cache" not in response


def test_editors_are_never_served_from_the_cache(governance, members, editor_client):
    logged_in(members[0]).get(DIRECTORY)
    response = editor_client.get(DIRECTORY)
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_a_pending_flash_message_is_shown_not_cached(governance, members):
    logged_in(members[0]).get(DIRECTORY)
    client = logged_in(members[1])
    storage, response = CookieStorage(HttpRequest()), HttpResponse()
    storage.add(constants.SUCCESS, "Vos offres sont enregistrées.")
    storage.update(response)  # as a view that adds a message and redirects
    client.cookies[CookieStorage.cookie_name] = response.cookies[CookieStorage.cookie_name].value
    response = client.get(DIRECTORY)
    assert "X-Cache" not in response
    assert "Vos offres sont enregistrées." in response.content.decode()
    assert response.cookies[CookieStorage.cookie_name]["max-age"] == 0
    del client.cookies[CookieStorage.cookie_name]  # as the browser does with that answer
    again = client.get(DIRECTORY)  # shown once: the cached page again
    assert again["X-Cache"] == "HIT"
    assert "Vos offres sont enregistrées." not in again.content.decode()
    assert "Vos offres" not in logged_in(members[2]).get(DIRECTORY).content.decode()


def test_a_member_published_or_an_offer_changed_shows_at_once(governance, members):
    client = logged_in(members[0])
    client.get(DIRECTORY)
    college = governance.colleges[0]
    add_page(
        college,
        MemberPage,
        "Nouvelle structure",
        "nouvelle-structure",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.EMPLOYEES,
    )
    html = client.get(DIRECTORY).content.decode()
    assert "Nouvelle structure" in html and "7 sociétaires actifs" in html
    resource = MemberPage.objects.get(slug="structure-1-1").resources.first()
    resource.title = "Camion frigorifique partagé"
    resource.save()
    assert "Camion frigorifique partagé" in client.get(DIRECTORY).content.decode()


def test_pages_with_a_form_or_a_user_of_their_own_are_not_cached(governance, members):
    member_page = MemberPage.objects.get(slug="structure-1-1")
    client = logged_in(members[0])
    client.get(member_page.url)
    assert "X-Cache" not in client.get(member_page.url)


@pytest.fixture
def decision_writers(governance):
    """Two members of the same groups, one of them a writer of decisions who was given access
    to the admin on their own account (not through a group)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    writers = Group.objects.create(name="Rédaction des décisions")
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=writers,
            page=governance.decisions_index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    writer = make_user("redactrice", settings.GROUP_MEMBERS, writers.name)
    writer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    plain = make_user("lecteur", settings.GROUP_MEMBERS, writers.name)
    return writer, plain


def on_site(user):
    """Logged in, on the site's own host name (the one Wagtail's previews are rendered for)."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


@pytest.mark.parametrize("view", ["view_draft", "revision"])
def test_a_draft_previewed_in_the_admin_never_reaches_the_cache(governance, decision_writers, view):
    writer, plain = decision_writers
    decision = make_decision(governance.decisions_index, slug="ago-2026")
    draft = decision.get_latest_revision_as_object()
    draft.title = "Résolution brouillon secret"
    revision = draft.save_revision(user=writer)
    writer_client = on_site(writer)
    assert writer_client.get("/admin/").status_code == 200  # the admin is theirs

    # The live page cached for their groups is not what the preview shows…
    assert on_site(plain).get(decision.url)["X-Cache"] == "MISS"
    url = (
        f"/admin/pages/{decision.pk}/view_draft/"
        if view == "view_draft"
        else f"/admin/pages/{decision.pk}/revisions/{revision.pk}/view/"
    )
    preview = writer_client.get(url)
    assert preview.status_code == 200
    assert "Résolution brouillon secret" in preview.content.decode()
    # …and the draft is never stored under the live address, cache empty or not.
    from coopsite.foundation import page_cache

    page_cache.invalidate()
    assert "Résolution brouillon secret" in writer_client.get(url).content.decode()
    response = on_site(plain).get(decision.url)
    assert response.status_code == 200
    assert "Résolution brouillon secret" not in response.content.decode()
    assert "Résolution ago-2026" in response.content.decode()
    # The writer, who may open the admin, gets the live page from the view, never the cache.
    own = writer_client.get(decision.url)
    assert "X-Cache" not in own
    assert "Résolution brouillon secret" not in own.content.decode()


def test_members_pages_are_keyed_on_their_own_filters_only(governance, members):
    client = logged_in(members[0])
    assert client.get(DIRECTORY)["X-Cache"] == "MISS"
    assert client.get(DIRECTORY + "?utm_source=lettre")["X-Cache"] == "HIT"
    filtered = client.get(DIRECTORY + "?kind=association&x=1")
    assert filtered["X-Cache"] == "MISS"
    again = logged_in(members[1]).get(DIRECTORY + "?y=2&kind=association")
    assert again["X-Cache"] == "HIT"
    assert again.content.decode().count("member-card") == filtered.content.decode().count(
        "member-card"
    )
