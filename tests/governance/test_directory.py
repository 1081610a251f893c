"""The members' directory: grouping, counts, filters, former members, privacy, query count."""

import datetime
import re

import pytest

from governance.directory import MEMBERS_PER_PAGE
from governance.models import MemberPage, MemberResource
from tests.factories import add_page, build_governance

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15  # issue 3: a decision page and the directory in 15 queries at most

URL = "/fr/espace-societaires/annuaire/"


def member_titles(response):
    return [m.title for group in response.context["college_groups"] for m in group.members]


def test_members_are_grouped_by_college_with_counts(governance, member_client):
    response = member_client.get(URL)
    assert response.status_code == 200
    groups = response.context["college_groups"]
    assert [g.college.title for g in groups] == ["Collège 1", "Collège 2", "Collège 3"]
    assert [g.count for g in groups] == [2, 2, 2]
    html = response.content.decode()
    assert "6 sociétaires actifs" in html
    assert "pondération 40 %" in html


def test_members_who_left_are_kept_but_not_listed(governance, member_client):
    member = MemberPage.objects.get(slug="structure-1-1")
    member.exit_date = datetime.date(2025, 1, 31)
    member.save_revision().publish()
    assert "Structure 1-1" not in member_titles(member_client.get(URL))
    page = member_client.get(member.url)  # history: the page stays
    assert page.status_code == 200
    assert "A quitté la coopérative le 31 janvier 2025" in page.content.decode()


def test_filter_by_kind(governance, member_client):
    found = member_titles(member_client.get(URL, {"kind": "association"}))
    assert found == ["Structure 2-1", "Structure 2-2"]


def test_filter_by_territory(governance, member_client):
    found = member_titles(member_client.get(URL, {"territory": "Hautes-Côtes"}))
    assert found == ["Structure 1-2", "Structure 2-2", "Structure 3-2"]


def test_filter_by_offer_and_need_type(governance, member_client):
    member = MemberPage.objects.get(slug="structure-3-1")
    member.resources = [MemberResource(direction="offer", kind="equipment", title="Camion")]
    member.save_revision().publish()
    assert member_titles(member_client.get(URL, {"offer": "equipment"})) == ["Structure 3-1"]
    # "need premises" is everyone's but Structure 3-1's now
    assert "Structure 3-1" not in member_titles(member_client.get(URL, {"need": "premises"}))
    # an offer is not a need
    assert member_titles(member_client.get(URL, {"need": "equipment"})) == []


def test_text_search_looks_into_offers_and_needs(governance, member_client):
    member = MemberPage.objects.get(slug="structure-2-2")
    member.resources = [MemberResource(direction="offer", kind="skills", title="Sérigraphie")]
    member.save_revision().publish()
    assert member_titles(member_client.get(URL, {"q": "sérigraphie"})) == ["Structure 2-2"]


def test_unknown_filter_values_are_ignored(governance, member_client):
    response = member_client.get(URL, {"kind": "<script>", "offer": "nope"})
    assert response.status_code == 200
    assert len(member_titles(response)) == 6


def test_anonymous_is_sent_to_login_for_directory_and_members(governance, anonymous_client):
    for url in [URL, governance.members[0].url]:
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/fr/connexion/")


def test_member_page_shows_contacts_to_members(governance, member_client):
    html = member_client.get(governance.members[0].url).content.decode()
    assert "dominique@structure.example" in html
    assert "Comptabilité" in html


def test_public_directory_shows_names_and_websites_of_listed_members_only(
    tree, governance, anonymous_client
):
    from governance.models import PublicDirectoryPage

    listed = MemberPage.objects.get(slug="structure-1-1")
    listed.public_listing = True
    listed.save_revision().publish()
    add_page(tree.home, PublicDirectoryPage, "Qui sommes-nous ?", "qui-sommes-nous")
    response = anonymous_client.get("/fr/qui-sommes-nous/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Collège 1" in html and "Collège 3" in html
    assert 'href="https://structure.example"' in html and "Structure 1-1" in html
    assert "Structure 1-2" not in html  # not listed
    for secret in ["dominique@structure.example", "Dominique Secret", "Salle de réunion"]:
        assert secret not in html


# The page's queries are constant in the number of members (routing, session, privacy memo,
# settings, menu): 10 and 300 members give the same count.
@pytest.mark.parametrize("member_count", [10, 300])
def test_directory_query_count_does_not_grow_with_members(
    tree, member_client, member_count, django_assert_max_num_queries, without_page_cache
):
    build_governance(tree, member_count=member_count)
    member_client.get(URL)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = member_client.get(URL)
    assert len(member_titles(response)) == min(member_count, MEMBERS_PER_PAGE)
    assert re.search(rf"{member_count} sociétaires actifs", response.content.decode())


def test_a_large_directory_comes_page_by_page_college_after_college(
    tree, member_client, without_page_cache
):
    build_governance(tree, member_count=130)  # 44, 43 and 43 members in three colleges
    first = member_client.get(URL)
    groups = first.context["college_groups"]
    assert [g.count for g in groups] == [44, 43, 43]
    assert [len(g.members) for g in groups] == [44, 16, 0]
    html = first.content.decode()
    assert "130 sociétaires actifs" in html
    assert "Page 1 sur 3" in html
    assert 'href="?page=2" rel="next"' in html
    assert "Collège 3" in html  # the summary names every college with its count
    last = member_client.get(URL, {"page": 3})
    assert [len(g.members) for g in last.context["college_groups"]] == [0, 0, 10]
    seen = [
        title
        for page in (1, 2, 3)
        for title in member_titles(member_client.get(URL, {"page": page}))
    ]
    assert len(seen) == len(set(seen)) == 130
    assert member_client.get(URL, {"page": "abc"}).context["members_page"].number == 1


def test_page_links_keep_the_filters(tree, member_client):
    build_governance(tree, member_count=130)
    html = member_client.get(URL, {"q": "Structure", "kind": ""}).content.decode()
    pages = re.findall(r'href="\?([^"]*page=\d+)"', html)
    assert pages and all(query.startswith("q=Structure&amp;page=") for query in pages)
