"""/sitemap.xml lists public pages in both languages, never restricted or draft ones."""

import pytest
from wagtail.models import PageViewRestriction

from coopsite.models import StandardPage
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
