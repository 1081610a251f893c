"""The spine of the assembly works end to end: a proxy, an advance vote, attendance, a vote at
the meeting, closing with the result per college."""

import datetime

import pytest

from governance.assembly import selectors, services
from governance.assembly.rules import PRESENT, REPRESENTED


@pytest.mark.django_db
def test_a_proxy_vote_counts_in_the_represented_members_college(assembly):
    giver, holder = assembly.members[0], assembly.members[2]  # colleges 1 and 2
    page = assembly.page
    services.give_proxy(assembly=page, giver=giver, holder=holder)
    resolution = assembly.resolution(1)
    services.vote_in_advance(
        resolution=resolution,
        member=assembly.members[4],
        choice="against",
        user=assembly.members[4].user,
    )
    page.starts_at -= datetime.timedelta(days=20)
    services.sign_in(assembly=page, member=holder, by=assembly.chair, method="search")
    services.open_meeting(assembly=page)
    services.open_poll(resolution=resolution)
    services.vote_at_meeting(
        resolution=resolution, voter=holder, member=holder, choice="for", user=holder.user
    )
    services.vote_at_meeting(
        resolution=resolution, voter=holder, member=giver, choice="for", user=holder.user
    )
    with pytest.raises(services.AssemblyError):
        services.vote_at_meeting(
            resolution=resolution, voter=holder, member=giver, choice="against", user=holder.user
        )
    electorate = selectors.electorate(assembly=page)
    status = selectors.attendance(assembly=page, electorate=electorate)
    assert status[giver.pk] == REPRESENTED and status[holder.pk] == PRESENT
    poll, result = services.close_poll(resolution=resolution)
    by_name = {college.name: college.votes for college in result.colleges}
    assert by_name["Collège 1"].votes_for == 1 and by_name["Collège 1"].represented == 1
    assert by_name["Collège 2"].votes_for == 1 and by_name["Collège 2"].present == 1
    assert by_name["Collège 3"].votes_against == 1
