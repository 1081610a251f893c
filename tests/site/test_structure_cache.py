"""The shared structure cache never serves a page under an outdated rule.

Each test warms the cache with a first request, changes a rule the way an editor would, and
checks the very next request (from the outside) follows the new rule.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from wagtail.models import PageViewRestriction

from coopsite.foundation import structure_cache
from coopsite.foundation.areas import restrict_page
from coopsite.foundation.models import SiteSettings


def test_a_page_made_private_is_private_on_the_next_request(tree, anonymous_client):
    assert anonymous_client.get(tree.about.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=tree.about, restriction_type=PageViewRestriction.LOGIN
    )
    assert anonymous_client.get(tree.about.url).status_code == 302
    restriction.delete()
    assert anonymous_client.get(tree.about.url).status_code == 200


def test_changing_the_groups_of_a_restriction_applies_at_once(tree, member_client):
    assert member_client.get(tree.members_news.url).status_code == 200
    restrict_page(tree.members_area, [settings.GROUP_COMMITTEE])
    assert member_client.get(tree.members_news.url).status_code == 403
    restrict_page(tree.members_area, [settings.GROUP_MEMBERS])
    assert member_client.get(tree.members_news.url).status_code == 200


def test_a_restricted_section_stays_restricted_after_a_move(tree, anonymous_client):
    # The cached restriction holds the section's tree path: a move changes it.
    assert anonymous_client.get(tree.members_news.url).status_code == 302
    tree.members_area.move(tree.about, pos="last-child")
    tree.members_news.refresh_from_db()
    assert "/la-cooperative/espace-societaires/" in tree.members_news.url
    assert anonymous_client.get(tree.members_news.url).status_code == 302
    html = anonymous_client.get(tree.about.url).content.decode()
    assert "Espace sociétaires" not in html  # nor in the menu of its new parent


def test_a_page_moved_under_a_restriction_becomes_private(tree, anonymous_client):
    assert anonymous_client.get(tree.about.url).status_code == 200
    tree.about.move(tree.members_area, pos="last-child")
    tree.about.refresh_from_db()
    assert anonymous_client.get(tree.about.url).status_code == 302


def test_edited_site_settings_show_on_the_next_request(tree, anonymous_client):
    anonymous_client.get(tree.home.url)  # creates the settings with their defaults
    site_settings = SiteSettings.load()
    site_settings.cooperative_name = "Coopérative des Tanneurs"
    site_settings.save()
    assert "Coopérative des Tanneurs" in anonymous_client.get(tree.home.url).content.decode()


def test_user_bar_only_for_people_who_may_open_the_admin(
    tree, member_user, member_client, editor_client, anonymous_client
):
    marker = "wagtail-userbar"
    assert marker in editor_client.get(tree.about.url).content.decode()
    assert marker not in member_client.get(tree.about.url).content.decode()
    assert marker not in anonymous_client.get(tree.about.url).content.decode()
    # A group given the admin later gets the bar on the next request.
    members = Group.objects.get(name=settings.GROUP_MEMBERS)
    members.permissions.add(Permission.objects.get(codename="access_admin"))
    assert marker in member_client.get(tree.about.url).content.decode()


def test_a_member_page_costs_no_permission_query(
    tree, member_client, django_assert_max_num_queries
):
    member_client.get(tree.members_news.url)
    with django_assert_max_num_queries(15) as captured:
        member_client.get(tree.members_news.url)
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "auth_permission" not in sql
    assert "wagtailcore_pageviewrestriction" not in sql


def test_a_change_starts_a_new_generation_again_on_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        before = cache.get(structure_cache.GENERATION_KEY)
        structure_cache.invalidate()
        during = cache.get(structure_cache.GENERATION_KEY)
    after = cache.get(structure_cache.GENERATION_KEY)
    assert len(callbacks) == 1
    assert len({before, during, after}) == 3


def test_a_value_read_before_a_change_is_never_served_after_it(db):
    # A request that loaded the old value while the change was being committed stores it under
    # the generation that the commit abandons.
    calls = []

    def slow_loader():
        calls.append(1)
        structure_cache.invalidate()  # the change commits while this request reads
        return "ancienne valeur"

    assert structure_cache.cached("exemple", slow_loader) == "ancienne valeur"
    assert structure_cache.cached("exemple", lambda: "nouvelle valeur") == "nouvelle valeur"
