"""The search backend: French stemming and accent folding, English pages in English.

Stemming needs PostgreSQL (its full-text search with coop_french / coop_english); SQLite's
full-text index folds accents but does not stem, so those cases are skipped there.
"""

import pytest
from django.db import connection
from django.utils import translation
from wagtail.models import Locale, Page

from coopsite.foundation.models import StandardPage
from tests.factories import add_page

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming: PostgreSQL full-text search only"
)


@pytest.fixture
def search_section(tree, translate):
    """A section with two French pages, one of them translated; returns a search function."""
    section = add_page(tree.home, StandardPage, "Rubrique", "rubrique")
    formation = add_page(
        section,
        StandardPage,
        "Une formation à la coopération",
        "formation",
        intro="<p>La coopérative accueille les assemblées générales.</p>",
    )
    add_page(section, StandardPage, "Le jardin partagé", "jardin", intro="<p>Des légumes.</p>")
    translate(section)
    translate(
        formation,
        strings={
            "Une formation à la coopération": "Cooperation training",
            "La coopérative accueille les assemblées générales.": (
                "The cooperative hosts the general meetings."
            ),
        },
    )

    def found(query, language="fr"):
        """Titles found in the section, searched in `language` as the site does."""
        with translation.override(language):
            locale = Locale.objects.get(language_code=language)
            pages = Page.objects.live().filter(locale=locale)
            pages = pages.child_of(section.get_translation(locale))
            return [page.title for page in pages.search(query)]

    return found


@postgresql_only
@pytest.mark.parametrize(
    "query",
    [
        "formations",  # plural finds the singular
        "coopératives",  # and another word of the same stem
        "cooperation",  # without its accents
        "COOPÉRATION",
        "assemblee generale",
        "cooperatif",  # same stem as coopération, coopérative
    ],
)
def test_french_stemming_and_accents(search_section, query):
    assert search_section(query) == ["Une formation à la coopération"]


@postgresql_only
@pytest.mark.parametrize("query", ["meeting", "cooperatives", "trainings", "hosting"])
def test_english_pages_are_searched_in_english(search_section, query):
    assert search_section(query, "en") == ["Cooperation training"]


@postgresql_only
def test_the_english_stemmer_is_not_used_on_french_pages(search_section):
    # English stemming would reduce "généralement" and "générales" alike only in French.
    assert search_section("généralement") == ["Une formation à la coopération"]
    assert search_section("legume") == ["Le jardin partagé"]


def test_accents_are_folded_on_every_database(search_section):
    assert search_section("cooperation") == ["Une formation à la coopération"]
    assert search_section("jardin partage") == ["Le jardin partagé"]
    assert search_section("garden", "en") == []


@postgresql_only
def test_connections_plan_for_ssd_so_searches_use_the_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'coop_indexentry_title_body_gin'"
        )
        assert "gin" in cursor.fetchone()[0].lower()


def test_the_search_page_in_english_finds_the_english_pages(search_section, anonymous_client):
    response = anonymous_client.get("/en/recherche/", {"q": "cooperation"})
    titles = [hit.title for hit in response.context["results"]]
    assert titles == ["Cooperation training"]
    if connection.vendor == "postgresql":  # English stemming: "meeting" finds "meetings"
        response = anonymous_client.get("/en/recherche/", {"q": "meeting"})
        assert [hit.title for hit in response.context["results"]] == ["Cooperation training"]
