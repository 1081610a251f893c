"""Responsive images: <picture> with AVIF and WebP sources over a JPEG or PNG, several widths,
lazy loading below the top of the page, sizes reserved; renditions of member lists prefetched."""

import io
import re
from html import unescape

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images.models import Image

from governance.models import MemberPage
from tests.factories import build_governance

pytestmark = pytest.mark.django_db

DIRECTORY_URL = "/fr/espace-societaires/annuaire/"
QUERY_BUDGET = 16  # the directory's budget (test_directory.py) and the logos' renditions


def make_image(title, size=(1600, 900), transparent=False):
    buffer = io.BytesIO()
    if transparent:
        PILImage.new("RGBA", size, (200, 40, 40, 0)).save(buffer, "PNG")
        name = "logo.png"
    else:
        PILImage.new("RGB", size, (46, 111, 92)).save(buffer, "JPEG")
        name = "photo.jpg"
    return Image.objects.create(title=title, file=ImageFile(buffer, name=name))


def attributes(tag):
    return {key: unescape(value) for key, value in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def pictures(html):
    """Each <picture>: its <source> tags and its <img>, as dicts of attributes."""
    found = []
    for inner in re.findall(r"<picture>(.*?)</picture>", html, re.S):
        sources = [attributes(tag) for tag in re.findall(r"<source[^>]*>", inner)]
        img = attributes(re.search(r"<img[^>]*>", inner).group(0))
        found.append({"sources": {source["type"]: source for source in sources}, "img": img})
    return found


def srcset_urls(srcset):
    return [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]


def file_format(url):
    """The format Pillow reads in the file behind a media URL."""
    assert url.startswith(settings.MEDIA_URL)
    with default_storage.open(url.removeprefix(settings.MEDIA_URL)) as file:
        return PILImage.open(file).format


def with_alt(image, alt):
    image.contextual_alt_text = alt
    image.decorative = False
    return image


def test_body_images_are_pictures_in_avif_webp_and_jpeg_at_several_widths(tree, anonymous_client):
    top = make_image("Photo du haut")
    below = make_image("Atelier")
    page = tree.about
    page.body = [
        ("image", {"image": with_alt(top, "Façade de la coopérative"), "caption": ""}),
        ("paragraph", "<p>Texte.</p>"),
        ("image", {"image": with_alt(below, "L'atelier partagé"), "caption": "Atelier"}),
    ]
    page.save_revision().publish()
    html = anonymous_client.get(page.url).content.decode()
    assert 'type="image/avif"' in html and 'type="image/webp"' in html and "srcset=" in html
    first, second = pictures(html)

    for picture in (first, second):
        assert set(picture["sources"]) == {"image/avif", "image/webp"}  # JPEG is the <img>
        for mime, pillow_format in [("image/avif", "AVIF"), ("image/webp", "WEBP")]:
            source = picture["sources"][mime]
            assert source["sizes"] == "(max-width: 70rem) 100vw, 70rem"
            assert re.findall(r" (\d+)w", source["srcset"]) == ["1200", "800", "480"]
            for url in srcset_urls(source["srcset"]):
                assert file_format(url) == pillow_format
        img = picture["img"]
        assert file_format(img["src"]) == "JPEG"
        assert all(file_format(url) == "JPEG" for url in srcset_urls(img["srcset"]))
        # The widest rendition gives the space to keep (16:9), CSS scales it down.
        assert (img["width"], img["height"]) == ("1200", "675")
        assert img["decoding"] == "async"

    # The image opening the body is near the top: loaded at once. The next one waits.
    assert first["img"]["loading"] == "eager"
    assert second["img"]["loading"] == "lazy"
    # The alternative text chosen in the block is kept.
    assert first["img"]["alt"] == "Façade de la coopérative"
    assert second["img"]["alt"] == "L'atelier partagé"


def test_member_logo_keeps_transparency_and_is_not_lazy(tree, member_client):
    governance = build_governance(tree, members_per_college=1)
    member = governance.members[0]
    MemberPage.objects.filter(pk=member.pk).update(logo=make_image("Logo", (400, 200), True))
    (picture,) = pictures(member_client.get(member.url).content.decode())
    assert set(picture["sources"]) == {"image/avif", "image/webp"}
    assert file_format(srcset_urls(picture["sources"]["image/avif"]["srcset"])[0]) == "AVIF"
    img = picture["img"]
    assert file_format(img["src"]) == "PNG"  # the fallback keeps the transparent background
    assert PILImage.open(default_storage.open(img["src"].removeprefix("/media/"))).mode == "RGBA"
    assert (img["width"], img["height"], img["alt"]) == ("160", "80", "")
    assert img["class"] == "member__logo"
    assert "loading" not in img  # the first thing on the page
    assert re.findall(r" (\d+)w", img["srcset"]) == ["160", "320"]


@pytest.fixture
def renditions_not_cached(settings):
    """Renditions looked up in the database each time, as on a server whose cache is cold."""
    settings.CACHES = {
        **settings.CACHES,
        "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


def _give_logos(members):
    for member in members:
        logo = make_image(f"Logo {member.title}", (300, 120), transparent=True)
        MemberPage.objects.filter(pk=member.pk).update(logo=logo)


def _queries(client, url):
    client.get(url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("list_url", ["directory", "college"])
def test_logo_renditions_of_member_lists_are_prefetched(
    tree, member_client, renditions_not_cached, list_url, django_assert_max_num_queries
):
    governance = build_governance(tree, weights=("100",), member_count=24)
    url = DIRECTORY_URL if list_url == "directory" else governance.colleges[0].url
    _give_logos(governance.members[:2])
    few, html = _queries(member_client, url)
    assert len(pictures(html)) == 2
    _give_logos(governance.members[2:])
    many, html = _queries(member_client, url)
    cards = pictures(html)
    assert len(cards) == 24
    assert few == many  # one query for every logo's renditions, however many members
    with django_assert_max_num_queries(QUERY_BUDGET):
        member_client.get(url)
    img = cards[0]["img"]
    assert img["loading"] == "lazy" and img["alt"] == "" and img["class"] == "card__logo"
    assert (img["width"], img["height"]) == ("96", "38")
    assert set(cards[0]["sources"]) == {"image/avif", "image/webp"}
