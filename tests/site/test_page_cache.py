"""Whole public pages cached for anonymous visitors (coopsite.foundation.page_cache), seen from
outside.

A page served from the cache must never be stale where it matters (a publication, seats left),
never shown to a logged-in user, and never keep another visitor's CSRF token.
"""

import re

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from coopsite.foundation import page_cache
from tests.training.conftest import make_course, make_session
from training.models import Registration
from training.registration import cancel, register

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def fresh():
    """A new visitor: no cookie at all."""
    return Client()


def get_twice(url):
    first = fresh().get(url)
    second = fresh().get(url)
    return first, second


def seats_badge(html, session):
    block = html.split(f'id="session-{session.pk}"', 1)[1]
    return re.search(r'class="badge badge--\w+">([^<]+)<', block).group(1)


@pytest.fixture
def course(tree):
    return make_course(tree.catalog, title="Animer une réunion", slug="animer", summary="Un jour.")


@pytest.fixture
def session(course):
    return make_session(course, capacity=3)


def test_public_pages_are_served_from_the_cache_without_any_query(
    tree, course, session, django_assert_num_queries
):
    urls = [
        tree.home.url,
        tree.catalog.url,
        course.url,
        course.url + "agenda/",
        tree.catalog.url + "agenda/",
        "/sitemap.xml",
    ]
    for url in urls:
        first, second = get_twice(url)
        assert first.status_code == second.status_code == 200, url
        assert first["X-Cache"] == "MISS", url
        assert second["X-Cache"] == "HIT", url
        assert second.content == first.content or "csrfmiddlewaretoken" in first.content.decode()
        assert second["Content-Type"] == first["Content-Type"], url
        with django_assert_num_queries(0):
            assert fresh().get(url)["X-Cache"] == "HIT"
    calendar = fresh().get(course.url + "agenda/")
    assert calendar["X-Cache"] == "HIT"
    assert calendar["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in calendar.content.decode()


def test_security_headers_are_sent_with_cached_pages(tree):
    fresh().get(tree.home.url)
    cached = fresh().get(tree.home.url)
    assert cached["X-Cache"] == "HIT"
    assert "default-src 'self'" in cached["Content-Security-Policy"]
    assert cached["X-Frame-Options"] == "DENY"


def test_other_pages_are_never_cached(tree, anonymous_client):
    for url in [tree.about.url, "/fr/recherche/?q=coop", "/fr/connexion/"]:
        response = anonymous_client.get(url)
        assert "X-Cache" not in response, url


def test_logged_in_users_never_get_nor_fill_the_cache(tree, course, member_user, member_client):
    assert fresh().get(course.url)["X-Cache"] == "MISS"
    response = member_client.get(course.url)
    assert "X-Cache" not in response
    html = response.content.decode()
    assert member_user.get_username() in html or member_user.get_full_name() in html
    assert "Se déconnecter" in html
    # …and what a member saw is not served to the next visitor.
    assert "Se déconnecter" not in fresh().get(course.url).content.decode()


def test_a_made_up_session_cookie_is_served_from_the_cache(
    tree, course, django_assert_max_num_queries
):
    fresh().get(course.url)
    for made_up in ("anything", "0123456789abcdefghijklmnopqrstuv"):
        visitor = fresh()
        visitor.cookies["sessionid"] = made_up
        with django_assert_max_num_queries(1):  # the session looked up, once
            response = visitor.get(course.url)
        assert response["X-Cache"] == "HIT"
        assert response.cookies["sessionid"]["max-age"] == 0  # and the browser forgets it
        assert "Se déconnecter" not in response.content.decode()


def test_a_valid_session_is_never_served_the_anonymous_page(tree, course, member_client):
    fresh().get(course.url)
    assert fresh().get(course.url)["X-Cache"] == "HIT"
    response = member_client.get(course.url)
    assert "X-Cache" not in response
    assert "Se déconnecter" in response.content.decode()
    # A visitor without an account but with something in their session (a shared password
    # given, for one) is not an anonymous visitor without a cookie either.
    visitor = fresh()
    session = visitor.session
    session["wagtail-passed-restrictions"] = [1]
    session.save()
    visitor.cookies["sessionid"] = session.session_key
    assert "X-Cache" not in visitor.get(course.url)


def test_parameters_a_page_does_not_read_are_left_out_of_the_key(
    tree, course, django_assert_num_queries
):
    urls = [tree.home.url, tree.catalog.url, course.url, course.url + "agenda/", "/sitemap.xml"]
    for url in urls:
        assert fresh().get(url)["X-Cache"] == "MISS", url
        for junk in ("?utm_source=lettre", "?x=1&y=2", "?zzz=%3Cscript%3E&utm_source=autre"):
            with django_assert_num_queries(0):
                response = fresh().get(url + junk)
            assert response["X-Cache"] == "HIT", url + junk


def test_a_busting_query_costs_at_most_two_renders(tree, course, django_assert_num_queries):
    """Even the first request at an address comes with junk: it teaches the cache which
    parameters the page reads; the next one fills the entry; every other is a hit."""
    for url in ["/sitemap.xml", tree.catalog.url]:
        fresh().get(url + "?r=1")
        fresh().get(url + "?r=2")
        with django_assert_num_queries(0):
            assert fresh().get(url + "?r=3")["X-Cache"] == "HIT"
        with django_assert_num_queries(0):
            assert fresh().get(url)["X-Cache"] == "HIT"


def test_a_parameter_left_out_is_never_shown_to_another_visitor(tree, course):
    # The login link holds the current address: it must not carry what someone else sent.
    first = fresh().get(course.url + "?campagne=chez-nous").content.decode()
    assert "campagne" not in fresh().get(course.url + "?campagne=chez-nous").content.decode()
    assert "chez-nous" not in fresh().get(course.url).content.decode()
    assert "chez-nous" not in fresh().get(course.url + "?autre=1").content.decode()
    assert "connexion" in first


def test_catalogue_filters_still_have_entries_of_their_own(tree, course, session):
    from training.models import Theme

    theme = Theme.objects.create(name="Gouvernance", slug="gouvernance")
    other = make_course(tree.catalog, title="Tenir sa comptabilité", slug="compta", summary="x")
    course.themes.add(theme)
    course.save_revision().publish()
    assert other.pk
    url = tree.catalog.url
    everything = fresh().get(url).content.decode()
    assert "Tenir sa comptabilité" in everything
    filtered = fresh().get(f"{url}?theme={theme.slug}&utm_source=x")
    assert filtered["X-Cache"] == "MISS"
    assert "Tenir sa comptabilité" not in filtered.content.decode()
    assert "Animer une réunion" in filtered.content.decode()
    # The same filter, parameters in another order and with other junk: the same entry.
    again = fresh().get(f"{url}?utm_medium=y&theme={theme.slug}")
    assert again["X-Cache"] == "HIT"
    assert "Tenir sa comptabilité" not in again.content.decode()
    assert "Tenir sa comptabilité" in fresh().get(url + "?utm_source=z").content.decode()
    available = fresh().get(url + "?available=1&theme=" + theme.slug)
    assert available["X-Cache"] == "MISS"


def test_each_visitor_gets_a_csrf_token_of_their_own_and_can_register(course, session):
    fresh().get(course.url)  # fills the cache
    visitors, tokens = [], []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(course.url)
        assert response["X-Cache"] == "HIT"
        token = CSRF_INPUT.search(response.content.decode()).group(1)
        assert "placeholder" not in token
        assert "csrftoken" in response.cookies
        visitors.append(visitor)
        tokens.append(token)
    for number, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        posted = visitor.post(
            course.url,
            {
                "csrfmiddlewaretoken": token,
                "session": session.pk,
                "name": f"Personne {number}",
                "email": f"personne{number}@exemple.org",
                "consent": "on",
            },
        )
        assert posted.status_code == 302, posted.content.decode()[:500]
    assert tokens[0] != tokens[1]
    assert session.registrations.count() == 2


def test_seats_left_follow_registrations_cancellations_and_promotions(course, session):
    assert seats_badge(fresh().get(course.url).content.decode(), session) == "3 places restantes"
    register(session, name="Alix", email="alix@exemple.org", consent=True)
    response = fresh().get(course.url)
    assert seats_badge(response.content.decode(), session) == "2 places restantes"
    assert response["X-Cache"] == "MISS"
    assert fresh().get(course.url)["X-Cache"] == "HIT"
    for number in range(3):
        register(session, name=f"P{number}", email=f"p{number}@exemple.org", consent=True)
    html = fresh().get(course.url).content.decode()
    assert seats_badge(html, session) == "Complet : liste d’attente"
    cancel(Registration.objects.get(email="alix@exemple.org"))
    # The first person waiting took the seat: still full.
    html = fresh().get(course.url).content.decode()
    assert seats_badge(html, session) == "Complet : liste d’attente"
    cancel(Registration.objects.get(email="p0@exemple.org"))
    html = fresh().get(course.url).content.decode()
    assert seats_badge(html, session) == "1 place restante"
    catalog = fresh().get(course.get_parent().url).content.decode()
    assert "1 place restante" in catalog


def test_a_session_added_or_changed_shows_at_once(tree, course, session):
    fresh().get(course.url)
    fresh().get(course.url + "agenda/")
    session.place = "Tiers-lieu La Fabrique"
    session.save()
    assert "Tiers-lieu La Fabrique" in fresh().get(course.url).content.decode()
    make_session(course, in_days=60, place="Maison des Associations de Sarre")
    assert "Maison des Associations de Sarre" in fresh().get(course.url).content.decode()
    ics = fresh().get(course.url + "agenda/").content.decode()
    assert "Maison des Associations de Sarre" in ics


def test_publish_and_unpublish_renew_the_cached_page(tree, course):
    assert fresh().get(tree.catalog.url)["X-Cache"] == "MISS"
    assert fresh().get(tree.catalog.url)["X-Cache"] == "HIT"
    course.title = "Animer une réunion qui décide"
    course.save_revision().publish()
    assert "Animer une réunion qui décide" in fresh().get(course.url).content.decode()
    assert "Animer une réunion qui décide" in fresh().get(tree.catalog.url).content.decode()
    assert "Animer une réunion qui décide" in fresh().get("/sitemap.xml").content.decode() or (
        course.url in fresh().get("/sitemap.xml").content.decode()
    )
    course.unpublish()
    assert fresh().get(course.url).status_code == 404
    assert course.url_path not in fresh().get("/sitemap.xml").content.decode()
    assert "Animer une réunion" not in fresh().get(tree.catalog.url).content.decode()


def test_a_draft_is_never_shown(tree, course):
    fresh().get(course.url)
    course.title = "Brouillon secret"
    course.save_revision()  # not published
    assert "Brouillon secret" not in fresh().get(course.url).content.decode()


def test_a_page_made_private_is_no_longer_served_from_the_cache(tree, course):
    fresh().get(course.url)
    assert fresh().get(course.url)["X-Cache"] == "HIT"
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = fresh().get(course.url)
    assert response.status_code == 302
    assert "/connexion/" in response["Location"]


def test_a_page_showing_a_flash_message_is_not_stored(tree, course, session):
    visitor = fresh()
    response = visitor.post(
        course.url,
        {"session": session.pk, "name": "Alix", "email": "alix@exemple.org", "consent": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "X-Cache" not in response
    # The next visitor gets the page from the view, without anyone's message.
    html = fresh().get(course.url).content.decode()
    assert "Alix" not in html


def test_a_change_made_without_signals_is_forgotten_after_the_timeout(tree, course, settings):
    fresh().get(course.url)
    type(course).objects.filter(pk=course.pk).update(title="Titre changé en base")
    assert "Titre changé en base" not in fresh().get(course.url).content.decode()
    page_cache.invalidate()  # what the timeout does, in the end
    assert "Titre changé en base" in fresh().get(course.url).content.decode()


def test_english_and_french_pages_have_their_own_entries(tree, course, translate):
    english = translate(course)
    fresh().get(course.url)
    response = fresh().get(english.url)
    assert response["X-Cache"] == "MISS"
    assert response["Content-Language"] == "en"
    assert fresh().get(course.url)["Content-Language"] == "fr"
