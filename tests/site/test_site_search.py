"""The site search over every kind of content: what each role finds, facets, pagination and
suggestions. Nothing a role may not open leaves a trace: title, excerpt, count or facet."""

import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from coopsite.foundation.models import StandardPage
from governance.models import MemberResource
from tests.factories import add_page, build_governance
from tests.partnerships.conftest import make_partnership
from tests.training.conftest import make_course, make_session
from training.models import Theme

pytestmark = pytest.mark.django_db

WORD = "tanneurs"  # in one item of each kind, public and private


@pytest.fixture
def content(tree, committee_user):
    gov = build_governance(tree)
    lender = gov.members[0]
    lender.resources = [
        *lender.resources.all(),
        MemberResource(
            direction="offer", kind="premises", title="Salle des Tanneurs", details="30 places"
        ),
    ]
    lender.save_revision().publish()
    theme = Theme.objects.create(name="Lieux partagés", slug="lieux")
    course = make_course(
        tree.catalog, title="Animer un tiers-lieu", slug="tiers-lieu", themes=[theme]
    )
    course.summary = f"Visite du local des {WORD}."
    course.save_revision().publish()
    make_session(course)
    add_page(tree.home, StandardPage, "Le quartier des Tanneurs", "quartier")
    add_page(tree.partnerships, StandardPage, "Mécénat rue des Tanneurs", "mecenat-tanneurs")
    make_partnership(committee_user, title="Bail solidaire", objectives=f"Local rue des {WORD}")
    add_page(tree.home, StandardPage, "Brouillon des Tanneurs", "brouillon", publish=False)
    return gov


def search(client, **params):
    params.setdefault("q", WORD)
    response = client.get("/fr/recherche/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return [hit.title for hit in response.context["results"]]


def facet_counts(response):
    return {
        facet.name: {option.label: option.count for option in facet.options}
        for facet in response.context["facets"]
    }


NEWS = "Nouvelles réservées"  # the members' news of the test tree mention the Tanneurs
EXPECTED = {
    "anonymous": {"Le quartier des Tanneurs", "Animer un tiers-lieu"},
    "member": {"Le quartier des Tanneurs", "Animer un tiers-lieu", "Structure 1-1", NEWS},
    "editor": {"Le quartier des Tanneurs", "Animer un tiers-lieu", "Structure 1-1", NEWS},
    "committee": {
        "Le quartier des Tanneurs",
        "Animer un tiers-lieu",
        "Structure 1-1",
        NEWS,
        "Mécénat rue des Tanneurs",
        "Bail solidaire",
    },
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_finds_what_it_may_open_and_no_trace_of_the_rest(content, role_clients, role):
    response = search(role_clients[role])
    found = set(titles(response))
    assert found == EXPECTED[role]
    assert response.context["results"].paginator.count == len(EXPECTED[role])
    html = response.content.decode()
    hidden = set().union(*EXPECTED.values()) - EXPECTED[role]
    for title in hidden | {"Brouillon des Tanneurs"}:
        assert title not in html
    if "Bail solidaire" not in found:
        assert "Local rue des" not in html and "Partenariats" not in html
    if NEWS not in found:  # nor the members' news' text in an excerpt
        assert "accueille trois structures" not in html and "Salle des Tanneurs" not in html
    counts = facet_counts(response)
    assert sum(counts["type"].values()) == len(EXPECTED[role])
    if role == "anonymous":
        assert "college" not in counts  # no member found: no college facet at all


def test_offers_and_needs_find_the_member_with_an_excerpt(content, member_client):
    response = search(member_client, q="salle tanneurs")
    # The member by its offer; the course by its summary and its session's "Salle des fêtes".
    assert set(titles(response)) == {"Structure 1-1", "Animer un tiers-lieu"}
    html = response.content.decode()
    assert re.search(r"<mark>Tanneurs</mark>", html)
    assert facet_counts(response)["college"] == {"Collège 1": 1}


def test_facets_filter_in_the_query_and_keep_other_values_reachable(content, committee_client):
    response = search(committee_client, type="training.coursepage")
    assert titles(response) == ["Animer un tiers-lieu"]
    counts = facet_counts(response)
    # The type facet still counts every type (its own choice is not applied to it).
    assert counts["type"]["Formations"] == 1
    assert counts["type"]["Partenariats"] == 1
    assert counts["theme"] == {"Lieux partagés": 1}
    response = search(committee_client, theme="lieux")
    assert titles(response) == ["Animer un tiers-lieu"]
    response = search(committee_client, type="partnerships.partnership")
    assert titles(response) == ["Bail solidaire"]
    assert 'href="/fr/partenariats/' in response.content.decode()


def test_a_member_cannot_reach_partnerships_through_a_facet(content, member_client):
    response = search(member_client, type="partnerships.partnership")
    assert titles(response) == []
    assert "Bail solidaire" not in response.content.decode()


def test_pagination_stays_full_and_counts_true(tree, member_client):
    for number in range(23):
        add_page(tree.home, StandardPage, f"Atelier {number} des Tanneurs", f"atelier-{number}")
        add_page(
            tree.members_area, StandardPage, f"Réunion {number} des Tanneurs", f"reunion-{number}"
        )
        add_page(
            tree.partnerships, StandardPage, f"Mécénat {number} des Tanneurs", f"mecenat-{number}"
        )
    seen = []
    for number in (1, 2, 3, 4, 5):
        response = search(member_client, page=number)
        results = response.context["results"]
        assert results.paginator.count == 47  # 23 public, 23 members' and their news page
        seen += titles(response)
        assert len(titles(response)) == (10 if number < 5 else 7)
    assert len(set(seen)) == 47
    assert not any(title.startswith("Mécénat") for title in seen)


def test_no_result_page_suggests_the_editors_promotions(content, tree, anonymous_client):
    promoted = Query.get("aide")
    SearchPromotion.objects.create(query=promoted, page=tree.catalog, description="Nos formations")
    SearchPromotion.objects.create(query=promoted, page=tree.members_news)  # members only
    response = search(anonymous_client, q="aide")
    html = response.content.decode()
    assert "Aucun résultat pour « aide »" in html or "Aucun résultat" in html
    assert "Catalogue des formations" in html and "Nos formations" in html
    assert tree.members_news.title not in html
    # Another query with no promotion of its own is offered the editors' others.
    assert "Catalogue des formations" in search(anonymous_client, q="zzzz").content.decode()
    assert Query.get("zzzz").hits == 1  # counted for the editors' popular searches


# --- the index follows every change ---------------------------------------------------------


def test_index_follows_sessions_themes_records_and_publishing(tree, committee_client):
    def found(q):
        return titles(search(committee_client, q=q))

    course = make_course(tree.catalog, title="Comptabilité associative", slug="compta")
    session = make_session(course, place="Maison des associations de Sarrebourg")
    assert found("Sarrebourg") == ["Comptabilité associative"]  # a session's place
    session.place = "Médiathèque de Phalsbourg"
    session.save()
    assert found("Sarrebourg") == [] and found("Phalsbourg") == ["Comptabilité associative"]
    session.delete()
    assert found("Phalsbourg") == []

    theme = Theme.objects.create(name="Finances", slug="finances")
    course.themes = [theme]
    course.save_revision().publish()
    assert found("finances") == ["Comptabilité associative"]
    theme.name = "Trésorerie"
    theme.save()
    assert found("trésorerie") == ["Comptabilité associative"]

    record = make_partnership(title="Prêt de camion", objectives="Livraisons du marché")
    assert found("camion") == ["Prêt de camion"]
    record.objectives = "Livraisons de la recyclerie"
    record.save()
    assert found("recyclerie") == ["Prêt de camion"] and found("marché") == []

    course.unpublish()
    assert found("trésorerie") == []
    course.save_revision().publish()
    assert found("trésorerie") == ["Comptabilité associative"]
    course.delete()
    assert found("trésorerie") == []


def test_rebuild_command_rebuilds_the_index_with_a_progress_bar(content, committee_client):
    from io import StringIO

    from django.core.management import CommandError, call_command
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    assert titles(search(committee_client)) == []
    out = StringIO()
    call_command("rebuild_search_index", "--chunk-size", "3", stdout=out)
    output = out.getvalue()
    assert "Reconstruction de l’index de recherche" in output
    assert re.search(r"\[#{30}\] 100 %", output)
    assert "Index de recherche reconstruit" in output
    assert set(titles(search(committee_client))) == EXPECTED["committee"]
    with pytest.raises(CommandError, match="nothing was changed|rien n’a été changé"):
        call_command("rebuild_search_index", "--chunk-size", "0", stdout=StringIO())


# The committee's search page with every facet (25 today, 4 of them the site's header and
# menus), whatever the data size.
QUERY_BUDGET = 25


def test_search_page_queries_do_not_grow_with_the_data(
    content, tree, committee_client, django_assert_max_num_queries
):
    search(committee_client)  # warm the caches (structure, content types)
    with django_assert_max_num_queries(QUERY_BUDGET):
        search(committee_client)
    for number in range(15):
        add_page(tree.home, StandardPage, f"Atelier {number} des Tanneurs", f"atelier-{number}")
        make_partnership(title=f"Bail {number}", objectives="Local rue des Tanneurs")
    search(committee_client)  # the new pages emptied the structure cache: warm it again
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = search(committee_client)
    assert response.context["results"].paginator.count > 20


def test_excerpts_are_escaped_marked_without_accents_and_cleaned():
    from coopsite.sitewide.search import highlight

    text = "Une <script>alert(1)</script> formation. , Les formations coopératives., Fin."
    excerpt = str(highlight(text, "Formation cooperative"))
    assert "<script>" not in excerpt and "&lt;script&gt;" in excerpt
    assert "<mark>formation.</mark>" in excerpt and "<mark>formations</mark>" in excerpt
    assert "<mark>coopératives.</mark>" in excerpt
    assert ".," not in excerpt and ". ," not in excerpt
    words = " ".join(f"mot{number}" for number in range(100))
    long = str(highlight(f"{words} Tanneurs {words}", "tanneurs"))
    assert long.startswith("… ") and long.endswith(" …") and "<mark>Tanneurs</mark>" in long


@pytest.mark.parametrize("q", ['"', "*", "'", "AND", "(", "-", "NEAR", "a OR b", "é%_\\", "😀"])
def test_odd_queries_answer_normally(content, committee_client, q):
    response = search(committee_client, q=q)
    assert "Aucun résultat" in response.content.decode() or response.context["results"]


def test_a_query_without_words_finds_nothing_rather_than_everything(content, committee_client):
    for q in ['"', "***", " - "]:
        response = search(committee_client, q=q)
        assert response.context["results"].paginator.count == 0
        assert "Aucun résultat" in response.content.decode()
