"""What Lighthouse and the Nu HTML Checker see from outside: a favicon at /favicon.ico and
linked from every page, and a meta description on every page that has something to say.
"""

import html
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

from coopsite.foundation.templatetags.coop_tags import page_description, truncate_on_word
from coopsite.sitewide.privacy_audit import ClientFetcher, extract_links

ICO_HEADER = b"\x00\x00\x01\x00"  # reserved 0, type 1 (icon)
META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def description_in(response):
    """The meta description as a browser reads it (entities decoded), or None."""
    found = META_DESCRIPTION.findall(response.content.decode())
    assert len(found) <= 1
    return html.unescape(found[0]) if found else None


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# --- The favicon ---------------------------------------------------------------------------


def test_the_favicon_is_an_icon_at_the_root_of_the_site(anonymous_client):
    response = anonymous_client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content).startswith(ICO_HEADER)


def test_the_favicon_is_served_as_in_production_without_the_static_finders(settings):
    # Production (DEBUG off, no finders, no autorefresh): WhiteNoise reads WHITENOISE_ROOT once
    # at start-up, nothing to collect.
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    response = Client().get("/favicon.ico")  # a new client: a new WhiteNoise, these settings
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(ICO_HEADER)


def test_the_svg_mark_is_a_static_file_in_the_site_colours(anonymous_client):
    svg = Path(finders.find("favicon.svg")).read_text(encoding="utf-8")
    assert svg.startswith("<svg ") and "#0b5a4a" in svg  # --brand in static/css/site.css
    response = anonymous_client.get(static("favicon.svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


def test_every_page_links_its_icons(tree, anonymous_client, member_client):
    pages = [
        (anonymous_client, tree.home.url),
        (anonymous_client, tree.about.url),
        (anonymous_client, tree.catalog.url),
        (anonymous_client, "/fr/recherche/?q=coop"),
        (anonymous_client, "/fr/connexion/"),
        (anonymous_client, "/fr/page-qui-n-existe-pas/"),
        (member_client, tree.members_news.url),
    ]
    for client, url in pages:
        page = client.get(url).content.decode()
        assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in page, url
        assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page, url


def test_the_privacy_audit_reads_the_favicon_as_an_image_with_nothing_to_follow(db):
    page = '<link rel="icon" href="/favicon.ico" sizes="32x32">'
    assert extract_links(page, "http://testserver/fr/", "testserver") == ["/favicon.ico"]
    fetched = ClientFetcher().get("/favicon.ico")
    assert (fetched.status, fetched.text, fetched.links) == (200, "", [])


# --- The meta description: the rule --------------------------------------------------------


def test_a_text_that_fits_is_kept_whole():
    assert truncate_on_word("Un jour pour animer.", 20) == "Un jour pour animer."


@pytest.mark.parametrize(
    ("text", "length", "expected"),
    [
        ("un deux trois", 9, "un deux…"),  # "un deux t" would cut "trois"
        ("un deux trois", 8, "un deux…"),  # the cut falls on the space after "deux"
        ("un deux, trois", 10, "un deux…"),  # no comma left before the ellipsis
        ("anticonstitutionnellement", 10, "anticonst…"),  # one word longer than all: cut
    ],
)
def test_a_longer_text_is_cut_on_a_word_the_ellipsis_counted(text, length, expected):
    assert truncate_on_word(text, length) == expected
    assert len(expected) <= length


def test_the_description_is_the_search_description_as_written(tree):
    tree.about.search_description = "  Qui nous sommes.  "
    tree.about.intro = "<p>Autre chose.</p>"
    assert page_description(tree.about) == "Qui nous sommes."


def test_without_search_description_the_intro_is_read_as_plain_text(tree):
    tree.about.intro = "<p>Un <b>lieu</b> &amp; des <a href='/x/'>gens</a>.</p><p>Ensemble.</p>"
    assert page_description(tree.about) == "Un lieu & des gens. Ensemble."


def test_a_page_without_either_has_no_description(tree):
    assert page_description(tree.about) == ""
    assert page_description(None) == ""


# --- The meta description: in the pages ----------------------------------------------------


def test_a_page_shows_its_search_description(tree, anonymous_client):
    publish(tree.about, search_description="La coopérative, ses collèges, ses sociétaires.")
    response = anonymous_client.get(tree.about.url)
    assert description_in(response) == "La coopérative, ses collèges, ses sociétaires."


def test_a_page_without_search_description_shows_its_intro(tree, anonymous_client):
    publish(tree.about, intro="<p>Une <i>SCIC</i> de l’ESS &amp; du territoire.</p>")
    response = anonymous_client.get(tree.about.url)
    assert description_in(response) == "Une SCIC de l’ESS & du territoire."


def test_a_long_intro_is_cut_on_a_word_near_160_characters(tree, anonymous_client):
    sentence = "La coopérative réunit salariés, bénévoles, collectivités et entreprises."
    intro_text = " ".join([sentence] * 6)
    publish(tree.about, intro=f"<p>{intro_text}</p>")
    description = description_in(anonymous_client.get(tree.about.url))
    assert 120 <= len(description) <= 160
    assert description.endswith("…")
    kept = description[:-1]
    assert intro_text.startswith(kept)
    assert not intro_text[len(kept)].isalnum()  # a whole word, then the ellipsis


def test_the_description_is_escaped(tree, anonymous_client):
    publish(tree.about, search_description='Des "guillemets" & <b>balises</b>')
    page = anonymous_client.get(tree.about.url).content.decode()
    assert (
        '<meta name="description" '
        'content="Des &quot;guillemets&quot; &amp; &lt;b&gt;balises&lt;/b&gt;">' in page
    )


def test_pages_without_either_have_no_meta_description(tree, anonymous_client):
    for url in [tree.about.url, "/fr/recherche/?q=coop", "/fr/connexion/"]:
        assert description_in(anonymous_client.get(url)) is None, url


def test_the_anonymous_page_cache_keeps_the_description_and_forgets_it_on_publication(
    tree, django_assert_num_queries
):
    publish(tree.home, search_description="L’intranet de la coopérative.")
    first = Client().get(tree.home.url)
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = Client().get(tree.home.url)
    assert second["X-Cache"] == "HIT"
    assert description_in(second) == "L’intranet de la coopérative."
    assert '<link rel="icon" href="/favicon.ico"' in second.content.decode()

    publish(tree.home, search_description="Une nouvelle description.")
    assert description_in(Client().get(tree.home.url)) == "Une nouvelle description."
