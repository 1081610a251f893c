"""The bureau's live screen and its JSON, read every few seconds, cost the same number of
queries at 10 members as at 300 (issue 21, "Scale")."""

import pytest
from django.test import Client

from governance.assembly import services
from governance.assembly.models import Attendance, Proxy

from .conftest import build_assembly, build_large_assembly

pytestmark = pytest.mark.django_db

# Routing, session, user, page restrictions, then the screen's own reads: electorate (2),
# attendance (3), statutes, sitting, resolutions, polls, votes cast, closed votes (2).
MAX_QUERIES = 30


def run_a_meeting(assembly):
    """A third of the members signed in, a few proxies (one blank), one vote closed with
    votes in it and one open: every line of the screen has something to count."""
    page = assembly.page
    members = assembly.members
    Attendance.objects.bulk_create(
        Attendance(assembly=page, member=member, signed_in_by=assembly.chair)
        for member in members[::3]
    )
    Proxy.objects.bulk_create(
        [
            Proxy(assembly=page, giver=members[1], holder=members[0]),
            Proxy(assembly=page, giver=members[2], holder=None),
        ]
    )
    services.open_meeting(assembly=page)
    first, second = assembly.resolution(1), assembly.resolution(2)
    services.open_poll(resolution=first)
    for member in members[::3][:5]:
        services.vote_at_meeting(
            resolution=first, voter=member, member=member, choice="for", user=member.user
        )
    services.close_poll(resolution=first)
    services.open_poll(resolution=second)
    services.vote_at_meeting(
        resolution=second, voter=members[0], member=members[0], choice="for", user=members[0].user
    )


def assert_bounded(assembly, django_assert_max_num_queries):
    client = Client()
    client.force_login(assembly.chair)
    base = assembly.page.url
    screen = base + assembly.page.reverse_subpage("bureau")
    state = base + assembly.page.reverse_subpage("bureau_state")
    client.get(state)  # warm the session and the caches a first request fills
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(screen, {"q": "Structure"}).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(state)
    assert response.status_code == 200
    return response.json()


def test_ten_members(tree, without_page_cache, django_assert_max_num_queries):
    assembly = build_assembly(tree, member_count=10)
    run_a_meeting(assembly)
    state = assert_bounded(assembly, django_assert_max_num_queries)
    assert state["counts"]["members"] == 10 and state["counts"]["present"] == 4


def test_three_hundred_members(tree, without_page_cache, django_assert_max_num_queries):
    assembly = build_large_assembly(tree, 300)
    run_a_meeting(assembly)
    state = assert_bounded(assembly, django_assert_max_num_queries)
    assert state["counts"]["members"] == 300 and state["counts"]["present"] == 100
