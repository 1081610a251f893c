"""/sitemap.xml lists public pages in both languages, never restricted or draft ones."""

import pytest
from wagtail.models import PageViewRestriction

from coopsite.foundation.models import StandardPage
from tests.factories import add_page

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_pages_of_both_languages_with_alternates(
    tree, translate, anonymous_client
):
    translate(tree.home, strings={"accueil": "home"})
    translate(tree.about, strings={"la-cooperative": "the-cooperative"})
    translate(tree.members_area)
    add_page(tree.home, StandardPage, "Brouillon", "brouillon", publish=False)
    protected = add_page(tree.home, StandardPage, "Protégée", "protegee")
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    response = anonymous_client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for public in [
        "/fr/",
        "/fr/la-cooperative/",
        "/fr/formations/",
        "/en/",
        "/en/the-cooperative/",
    ]:
        assert f"<loc>http://localhost{public}</loc>" in xml
    for hidden in ["espace-societaires", "partenariats", "brouillon", "protegee", "nouvelles"]:
        assert hidden not in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="http://localhost/en/the-cooperative/"/>'
        in xml
    )


def test_the_queries_of_a_sitemap_do_not_grow_with_the_pages(tree, django_assert_num_queries):
    """Built on a miss of the page cache (a new generation, or an address never asked), the
    sitemap reads the pages in one query: 100 or 2,000 pages cost the same."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coopsite.foundation import page_cache
    from coopsite.foundation.bulk_pages import bulk_add_children

    Client().get("/sitemap.xml")  # the site and its root paths, read once for every request
    counts, added = {}, 0
    for total in (100, 2000):
        pages = [StandardPage(title=f"Page {n}", slug=f"page-{n}") for n in range(added, total)]
        bulk_add_children(tree.about, pages)
        added = total
        page_cache.invalidate()
        with CaptureQueriesContext(connection) as queries:
            response = Client().get("/sitemap.xml")
        assert response.status_code == 200
        assert response["X-Cache"] == "MISS"
        assert response.content.decode().count("/fr/la-cooperative/page-") == total
        counts[total] = len(queries.captured_queries)
    assert counts[100] == counts[2000], counts
