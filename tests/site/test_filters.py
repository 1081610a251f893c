"""One way to filter the site's lists (issue 20, item 4): django-filter FilterSets built on
`coopsite.foundation.filters`, one include for their forms, one for the pages of a list."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from governance.decisions import DecisionFilterSet
from governance.directory import DirectoryFilterSet
from governance.models import DecisionPage, MemberPage
from partnerships.listing import PartnershipFilterSet
from partnerships.models import Partnership
from tests.factories import build_governance
from training.catalog import CatalogFilterSet
from training.models import Audience, CoursePage, Theme, TrainingSession


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def get(**params):
    return RequestFactory().get("/liste/", params)


def directory(**params):
    return DirectoryFilterSet(get(**params), MemberPage.objects.none(), territories=["Nord"])


def catalogue(**params):
    return CatalogFilterSet(
        get(**params),
        CoursePage.objects.none(),
        themes=[Theme(name="Gouvernance", slug="gouvernance")],
        audiences=[Audience(name="Élus", slug="elus")],
        places=["Sarrebourg"],
        upcoming=TrainingSession.objects.none(),
        today=None,
    )


def partnerships(**params):
    return PartnershipFilterSet(
        get(**params), Partnership.objects.none(), territories=["Sarre"], owners=[]
    )


def decisions(**params):
    return DecisionFilterSet(get(**params), DecisionPage.objects.none(), years=[2025, 2024])


def render_form(filterset):
    return render_to_string(
        "includes/filter_form.html",
        {"filterset": filterset, "label": "Filtrer la liste", "clear_url": "/liste/"},
    )


@pytest.mark.parametrize(
    "build, names",
    [
        (directory, ["q", "kind", "territory", "offer", "need"]),
        (catalogue, ["theme", "audience", "place", "available"]),
        (partnerships, ["kind", "stage", "territory", "owner", "overdue"]),
        (decisions, ["body", "year", "status"]),
    ],
)
def test_the_include_renders_every_filter_of_each_list_with_its_label(build, names):
    html = render_form(build())
    assert html.count('<form class="filters" method="get"') == 1
    assert 'aria-label="Filtrer la liste"' in html
    for name in names:
        assert f'<label for="f-{name}">' in html
        assert f'id="f-{name}"' in html and f'name="{name}"' in html
    assert '<button type="submit" class="button">Filtrer</button>' in html
    assert "Effacer les filtres" not in html  # no filter applies: nothing to clear


def test_selects_offer_all_first_then_the_choices_with_the_chosen_one_selected():
    html = render_form(directory(kind="association", territory="Nord"))
    assert '<option value="">Tous</option>' in html
    assert '<option value="association" selected>Association</option>' in html
    assert '<option value="Nord" selected>Nord</option>' in html
    assert '<a href="/liste/">Effacer les filtres</a>' in html


def test_the_catalogue_offers_its_places_then_remote():
    html = render_form(catalogue(place="distance"))
    assert '<option value="Sarrebourg">Sarrebourg</option>' in html
    assert '<option value="distance" selected>À distance</option>' in html
    assert html.index("Sarrebourg") < html.index("À distance")


def test_an_unknown_choice_is_left_out_with_a_message_in_french_and_the_rest_applies():
    filters = decisions(body="nope", year="20x5", status="adopted")
    assert filters.values == {"body": "", "year": "", "status": "adopted"}
    assert filters.body == "" and filters.status == "adopted"
    assert filters.query_string == "status=adopted"
    html = render_form(filters)
    assert "« nope » ne fait pas partie des choix : ce filtre est laissé de côté." in html
    assert "Une année s’écrit en quatre chiffres : ce filtre est laissé de côté." in html


def test_a_territory_outside_the_list_still_filters_as_links_always_did():
    filters = directory(territory="Ailleurs")
    assert filters.territory == "Ailleurs" and filters.active
    assert filters.query_string == "territory=Ailleurs"
    html = render_form(filters)
    assert '<option value="Nord">Nord</option>' in html and "Ailleurs" not in html


def test_a_hidden_place_is_not_a_filter_of_the_catalogue():
    filters = catalogue(place="Ferme du Projet-Secret")
    assert filters.place == "" and not filters.active


def test_a_checkbox_is_on_with_1_only():
    assert catalogue(available="1").available is True
    assert catalogue(available="yes").available is False
    assert catalogue(available="1").query_string == "available=1"
    html = render_form(partnerships(overdue="1"))
    assert '<div class="field field--checkbox"><input type="checkbox" name="overdue"' in html
    assert 'value="1"' in html and "checked" in html


def test_the_query_string_keeps_the_form_order_and_drops_empty_values():
    filters = directory(need="premises", q="  Structure ", kind="", page="2")
    assert filters.query_string == "q=Structure&need=premises"


def test_an_owner_must_be_a_number():
    assert partnerships(owner="12").owner == "12"
    assert partnerships(owner="12; drop").owner == ""


def render_pages(number, query):
    page = Paginator(range(45), 10).get_page(number)
    return render_to_string(
        "includes/pagination.html", {"page_obj": page, "query": query, "label": "Pages"}
    )


def test_the_page_links_keep_the_other_parameters():
    html = render_pages(2, "q=a b&kind=x")
    assert '<nav class="pagination" aria-label="Pages">' in html
    assert 'href="?q=a b&amp;kind=x&amp;page=1" rel="prev"' in html
    assert 'href="?q=a b&amp;kind=x&amp;page=3" rel="next"' in html
    assert "Page 2 sur 5" in html


def test_the_page_links_of_a_list_without_filters():
    html = render_pages(1, "")
    assert 'href="?page=2" rel="next"' in html and 'rel="prev"' not in html


def test_a_list_of_one_page_has_no_page_links():
    page = Paginator(range(5), 10).get_page(1)
    html = render_to_string("includes/pagination.html", {"page_obj": page, "query": "q=a"})
    assert html.strip() == ""


TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize(
    "template, filtered",
    [
        ("governance/directory_page.html", True),
        ("training/training_catalog_page.html", True),
        ("partnerships/partnerships_index_page.html", True),
        ("governance/decision_index_page.html", True),
        ("coopsite/search.html", False),
    ],
)
def test_every_list_uses_the_shared_includes(template, filtered):
    text = (TEMPLATES / template).read_text()
    assert ('{% include "includes/filter_form.html"' in text) == filtered
    assert "<select" not in text and '<nav class="pagination"' not in text
    if template != "training/training_catalog_page.html":  # one page: no pagination
        assert '{% include "includes/pagination.html"' in text


def test_the_decisions_index_says_which_filter_it_left_out(tree, member_client):
    index = build_governance(tree).decisions_index
    html = member_client.get(index.url, {"body": "nope"}).content.decode()
    assert "« nope » ne fait pas partie des choix : ce filtre est laissé de côté." in html
    assert 'aria-invalid="true" aria-describedby="f-body_error"' in html
    assert '<p class="field__error" id="f-body_error">' in html


def test_each_cached_list_is_keyed_on_every_filter_it_reads(tree, member_client, anonymous_client):
    """The page cache keeps a list per value of the parameters its page names (`params`)."""
    governance = build_governance(tree)
    lists = [
        (member_client, governance.directory.url, DirectoryFilterSet),
        (member_client, governance.decisions_index.url, DecisionFilterSet),
        (anonymous_client, tree.catalog.url, CatalogFilterSet),
    ]
    for client, url, filterset in lists:
        response = client.get(url)
        assert response.status_code == 200
        assert set(filterset.base_filters) <= set(response._coop_cache_params), url
