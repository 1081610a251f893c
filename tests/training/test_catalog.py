"""The public catalogue: filters, seats, privacy, and a constant number of queries."""

import re

import pytest
from wagtail.models import PageViewRestriction

from training.models import Registration

from .conftest import make_course, make_session


def titles(response):
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def catalog_data(tree, themes, audiences):
    gov = make_course(
        tree.catalog,
        title="Gouvernance",
        themes=[themes["gouvernance"]],
        audiences=[audiences["benevoles"]],
    )
    make_session(gov, place="Sarrebourg", capacity=1)
    compta = make_course(
        tree.catalog,
        title="Comptabilité",
        themes=[themes["gestion"]],
        audiences=[audiences["elus"]],
    )
    full = make_session(compta, place="Val-de-Sarre", capacity=1)
    Registration.objects.create(
        session=full, name="P", email="p@exemple.org", status="confirmed", consent=True
    )
    web = make_course(tree.catalog, title="Communication")
    make_session(web, place="", remote=True)
    old = make_course(tree.catalog, title="Ancienne")
    make_session(old, in_days=-40)
    return tree.catalog


def test_catalogue_lists_courses_with_seats_for_everyone(catalog_data, anonymous_client):
    response = anonymous_client.get(catalog_data.url)
    assert response.status_code == 200
    assert titles(response) == ["Ancienne", "Communication", "Comptabilité", "Gouvernance"]
    html = response.content.decode()
    assert "Complet : liste d’attente" in html
    assert "1 place restante" in html
    assert "À distance" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("theme=gouvernance", ["Gouvernance"]),
        ("theme=gestion", ["Comptabilité"]),
        ("audience=elus", ["Comptabilité"]),
        ("place=Sarrebourg", ["Gouvernance"]),
        ("place=distance", ["Communication"]),
        ("available=1", ["Communication", "Gouvernance"]),
        ("theme=gestion&available=1", []),
        ("theme=inconnu", ["Ancienne", "Communication", "Comptabilité", "Gouvernance"]),
    ],
)
def test_filters(catalog_data, anonymous_client, query, expected):
    assert titles(anonymous_client.get(f"{catalog_data.url}?{query}")) == expected


def test_no_match_says_so(catalog_data, anonymous_client):
    html = anonymous_client.get(f"{catalog_data.url}?theme=gestion&available=1").content.decode()
    assert "Aucune formation ne correspond à ces filtres." in html


def test_unpublished_and_restricted_courses_stay_out(tree, anonymous_client, member_client):
    draft = make_course(tree.catalog, title="Brouillon")
    draft.unpublish()
    private = make_course(tree.catalog, title="Réservée aux sociétaires")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert titles(anonymous_client.get(tree.catalog.url)) == []
    assert titles(member_client.get(tree.catalog.url)) == ["Réservée aux sociétaires"]


@pytest.mark.parametrize("course_count", [5, 200])
def test_catalogue_queries_do_not_grow_with_courses(
    tree, themes, audiences, anonymous_client, course_count, django_assert_max_num_queries
):
    for n in range(course_count):
        course = make_course(
            tree.catalog,
            title=f"Formation {n:03}",
            slug=f"f-{n}",
            themes=list(themes.values()),
            audiences=[audiences["elus"]],
        )
        make_session(course, day_count=2)
        if n % 2:
            make_session(course, in_days=40, place="Sarrebourg")
    anonymous_client.get(tree.catalog.url)
    with django_assert_max_num_queries(15):
        response = anonymous_client.get(tree.catalog.url)
    assert len(titles(response)) == course_count


def test_courses_are_in_french_alphabetical_order(tree, anonymous_client):
    for title in ["Gestion", "Élus locaux", "animer", "Coopérer"]:
        make_course(tree.catalog, title=title)
    assert titles(anonymous_client.get(tree.catalog.url)) == [
        "animer",
        "Coopérer",
        "Élus locaux",
        "Gestion",
    ]
