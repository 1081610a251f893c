"""Security headers on the main pages, and a public site that needs no inline script."""

import re

import pytest

from tests.training.conftest import make_course, make_session


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def course(tree):
    course = make_course(tree.catalog, title="Animer une réunion")
    make_session(course)
    return course


def _public_pages(tree, course):
    return [
        tree.home.url,
        tree.about.url,
        tree.catalog.url,
        course.url,
        "/fr/recherche/?q=coop",
        "/fr/connexion/",
        "/fr/page-inconnue/",
    ]


def test_public_pages_carry_a_strict_policy_and_the_other_headers(tree, course, anonymous_client):
    for url in _public_pages(tree, course):
        response = anonymous_client.get(url)
        directives = _directives(response)
        assert directives["script-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["object-src"] == ["'none'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "camera=()" in response["Permissions-Policy"], url


def test_members_pages_carry_the_same_policy(tree, member_client):
    response = member_client.get(tree.members_news.url)
    assert response.status_code == 200
    assert _directives(response)["script-src"] == ["'self'"]


def test_public_pages_hold_no_inline_script_nor_style(tree, course, anonymous_client):
    """What the strict policy would block in a browser: an inline script (JSON-LD is data,
    not a script), an inline event handler or a style attribute."""
    for url in _public_pages(tree, course):
        html = anonymous_client.get(url).content.decode()
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in attributes or "application/ld+json" in attributes, (url, body)
        assert not re.search(r"\son[a-z]+=\"", html), url
        assert not re.search(r"\sstyle=\"", html), url


def test_the_admin_has_its_own_policy_that_frames_only_its_previews(editor_client):
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    directives = _directives(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]


def test_previews_in_the_admin_take_the_admin_policy_so_the_admin_can_frame_them(
    tree, editor_client
):
    """A preview renders the public page through a request of its own (with the public
    policy, which refuses framing): the admin's policy must replace it."""
    response = editor_client.get(f"/admin/pages/{tree.about.pk}/view_draft/")
    assert response.status_code == 200
    assert "La coopérative" in response.content.decode()
    assert response["Content-Security-Policy"].count("frame-ancestors") == 1
    assert _directives(response)["frame-ancestors"] == ["'self'"]
