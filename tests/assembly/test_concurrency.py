"""The assembly under real concurrency (PostgreSQL, parallel connections): 300 members voting
on one resolution at the same moment, some pressing twice, and six members giving their
proxy to the same holder at once. What must hold is held by the database: one vote per
member and resolution (a unique constraint) and the proxy cap (the holder's row locked)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from governance.assembly import services
from governance.assembly.models import Attendance, Ballot, Participation, Proxy
from governance.models import Statutes
from tests.factories import build_tree

from .conftest import add_members, build_assembly

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POOL = 30


def in_batches(tasks, work):
    """Run `work(task)` for every task from a pool of POOL threads, each batch of POOL tasks
    released at the same moment by a barrier. Returns (results, unexpected errors)."""
    results, errors = [], []

    def run(task, barrier):
        try:
            barrier.wait()
            results.append(work(task))
        except services.AssemblyError as error:
            results.append(error)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=POOL) as pool:
        for start in range(0, len(tasks), POOL):
            batch = tasks[start : start + POOL]
            barrier = threading.Barrier(len(batch))
            for future in [pool.submit(run, task, barrier) for task in batch]:
                future.result()
    return results, errors


def test_three_hundred_members_vote_at_once_each_counted_once():
    assembly = build_assembly(build_tree(), members_per_college=0)
    members = add_members(assembly.governance.colleges, 300)
    page = assembly.page
    Statutes.load()  # created once here, not by 30 threads at the same moment
    Attendance.objects.bulk_create(
        [Attendance(assembly=page, member=member, method="search") for member in members]
    )
    resolution = assembly.resolution(1)
    services.open_meeting(assembly=page)
    services.open_poll(resolution=resolution)
    # Every tenth member presses twice, both in the same batch: 330 attempts.
    tasks = []
    for index, member in enumerate(members):
        tasks.append(member)
        if index % 10 == 0:
            tasks.append(member)

    def vote(member):
        return services.vote_at_meeting(
            resolution=resolution,
            voter=member,
            member=member,
            choice="for" if member.pk % 3 else "against",
            user=member.user,
        )

    results, errors = in_batches(tasks, vote)
    assert errors == []
    refused = [result for result in results if isinstance(result, services.AssemblyError)]
    assert len(refused) == 30
    assert {message for error in refused for message in error.messages} == {
        "Ce vote est déjà enregistré."
    }
    votes = Participation.objects.filter(resolution=resolution)
    assert votes.count() == 300
    assert sorted(votes.values_list("member_id", flat=True)) == sorted(m.pk for m in members)
    assert Ballot.objects.filter(resolution=resolution).count() == 300
    expected_for = sum(1 for member in members if member.pk % 3)
    assert Ballot.objects.filter(resolution=resolution, choice="for").count() == expected_for
    _poll, result = services.close_poll(resolution=resolution)
    assert result.votes_cast == 300


def test_six_proxies_to_one_holder_at_once_respect_the_cap():
    assembly = build_assembly(build_tree(), members_per_college=0)
    members = add_members(assembly.governance.colleges, 7)
    holder, givers = members[0], members[1:]
    statutes = Statutes.load()
    assert statutes.proxy_cap == 2

    def give(giver):
        return services.give_proxy(assembly=assembly.page, giver=giver, holder=holder)

    results, errors = in_batches(givers, give)
    assert errors == []
    given = [result for result in results if isinstance(result, Proxy)]
    refused = [result for result in results if isinstance(result, services.AssemblyError)]
    assert (len(given), len(refused)) == (2, 4)
    assert {message for error in refused for message in error.messages} == {
        "Ce sociétaire porte déjà 2 pouvoirs, le maximum prévu par les statuts."
    }
    assert Proxy.objects.filter(holder=holder, revoked_at__isnull=True).count() == 2
