"""Hand-worked cases through the services and the database (issue 21's "done when").

The fixture (tests/assembly/conftest.py): three colleges weighing 40, 30 and 30 %, two members
each: members[0] and [1] in college 1, [2] and [3] in college 2, [4] and [5] in college 3.
Resolutions 1 and 2 are the AGO's, 3 the AGE's; the board recommends "for" unless set.
"""

from fractions import Fraction

import pytest

from governance.assembly import rules, selectors, services
from governance.assembly.models import Ballot, Channel, Participation, Proxy, Resolution
from governance.models import Statutes

pytestmark = pytest.mark.django_db


def sign_in(assembly, *members):
    for member in members:
        services.sign_in(assembly=assembly.page, member=member, by=assembly.chair, method="search")


def open_vote(assembly, resolution):
    services.open_meeting(assembly=assembly.page)
    services.open_poll(resolution=resolution)


def by_college(result):
    return {college.name: college for college in result.colleges}


def test_a_proxy_vote_counts_in_the_represented_members_college(assembly):
    m = assembly.members
    resolution = assembly.resolution(1)
    services.give_proxy(assembly=assembly.page, giver=m[0], holder=m[2])  # college 1 → 2
    services.vote_in_advance(resolution=resolution, member=m[1], choice="against", user=m[1].user)
    sign_in(assembly, m[2], m[3], m[4])
    open_vote(assembly, resolution)
    vote = services.vote_at_meeting
    vote(resolution=resolution, voter=m[2], member=m[2], choice="for", user=m[2].user)
    vote(resolution=resolution, voter=m[2], member=m[0], choice="for", user=m[2].user)
    vote(resolution=resolution, voter=m[3], member=m[3], choice="against", user=m[3].user)
    vote(resolution=resolution, voter=m[4], member=m[4], choice="for", user=m[4].user)
    _poll, result = services.close_poll(resolution=resolution)
    # College 1: the proxy's "for" and the advance "against": 1/2, 1 present (advance) and
    #            1 represented.
    # College 2: the holder's "for" and members[3]'s "against": 1/2, 2 present.
    # College 3: 1 for: 1, 1 present, members[5] absent.
    # 0.4·1/2 + 0.3·1/2 + 0.3·1 = 0.2 + 0.15 + 0.3 = 13/20: adopted.
    # Had the proxy counted in the holder's college: 0.4·0 + 0.3·2/3 + 0.3·1 = 1/2, rejected.
    colleges = by_college(result)
    one, two, three = colleges["Collège 1"], colleges["Collège 2"], colleges["Collège 3"]
    assert (one.votes.votes_for, one.votes.votes_against) == (1, 1)
    assert (one.votes.present, one.votes.represented) == (1, 1)
    assert (two.votes.votes_for, two.votes.votes_against, two.votes.present) == (1, 1, 2)
    assert (three.votes.votes_for, three.votes.present, three.votes.members) == (1, 1, 2)
    assert result.share_for == Fraction(13, 20) and result.adopted
    assert result.attendance == Fraction(5, 6)
    proxy_vote = Participation.objects.get(resolution=resolution, member=m[0])
    assert proxy_vote.channel == Channel.PROXY and proxy_vote.college_id == one_id(assembly, 0)
    assert proxy_vote.cast_by == m[2].user


def one_id(assembly, index):
    return assembly.governance.colleges[index].pk


def test_a_blank_proxy_follows_the_boards_recommendation(assembly):
    m = assembly.members
    page = assembly.page
    first, second, third = (assembly.resolution(n) for n in (1, 2, 3))
    Resolution.objects.filter(pk=second.pk).update(recommendation="against")
    Resolution.objects.filter(pk=third.pk).update(recommendation="none")
    second.refresh_from_db()
    third.refresh_from_db()
    # members[5] (college 3): a blank proxy, to the chair.
    services.give_proxy(assembly=page, giver=m[5], holder=None)
    # members[1] (college 1): a blank proxy, revoked: absent, the chair does not vote for them.
    services.revoke_proxy(proxy=services.give_proxy(assembly=page, giver=m[1], holder=None))
    # members[0] (college 1) voted "for" in advance on resolution 1; a blank proxy row of theirs
    # (written by hand, as the rules refuse it through the services) changes nothing.
    services.vote_in_advance(resolution=first, member=m[0], choice="for", user=m[0].user)
    Proxy.objects.create(assembly=page, giver=m[0], holder=None)
    sign_in(assembly, m[2])
    services.open_meeting(assembly=page)
    results = {}
    for resolution in (first, second, third):
        services.open_poll(resolution=resolution)
        services.vote_at_meeting(
            resolution=resolution, voter=m[2], member=m[2], choice="against", user=m[2].user
        )
        _poll, results[resolution.number] = services.close_poll(resolution=resolution)
    blank = Participation.objects.filter(channel=Channel.BLANK_PROXY)
    assert sorted(blank.values_list("resolution__number", "member_id")) == [
        ("1", m[5].pk),
        ("2", m[5].pk),
        ("3", m[5].pk),
    ]
    assert {p.cast_by for p in blank} == {assembly.chair}
    college_3 = one_id(assembly, 2)
    choices = dict(
        Ballot.objects.filter(college_id=college_3).values_list("resolution__number", "choice")
    )
    assert choices == {"1": "for", "2": "against", "3": "abstain"}
    # Resolution 1: college 1 the advance "for" (1), college 2 "against" (0), college 3 the
    # chair's "for" (1): 0.4 + 0 + 0.3 = 7/10, adopted.
    assert results["1"].share_for == Fraction(7, 10) and results["1"].adopted
    assert Participation.objects.filter(resolution=first, member=m[0]).get().channel == (
        Channel.ADVANCE
    )
    # Resolution 2: college 1 cast nothing and drops out; colleges 2 and 3 "against": 0.
    assert results["2"].share_for == 0 and not results["2"].adopted
    # Resolution 3 (AGE): the blank proxy abstains, so only college 2 cast a vote: "against".
    assert results["3"].votes_cast == 1 and results["3"].share_for == 0
    assert not Participation.objects.filter(member=m[1]).exists()


def test_an_advance_voter_counts_present_and_cannot_vote_again(assembly):
    m = assembly.members
    page = assembly.page
    resolution = assembly.resolution(1)
    services.vote_in_advance(resolution=resolution, member=m[0], choice="for", user=m[0].user)
    with pytest.raises(services.AssemblyError) as error:
        services.vote_in_advance(resolution=resolution, member=m[0], choice="for", user=m[0].user)
    assert error.value.messages == ["Votre vote sur cette résolution est déjà enregistré."]
    with pytest.raises(services.AssemblyError) as error:
        services.give_proxy(assembly=page, giver=m[0], holder=m[1])
    assert error.value.messages == [
        "Vous avez voté à distance : vous êtes déjà compté·e présent·e."
    ]
    electorate = selectors.electorate(assembly=page)
    status = selectors.attendance(assembly=page, electorate=electorate)
    assert status[m[0].pk] == rules.ADVANCE
    assert list(status.values()).count(rules.ABSENT) == 5
    # 1 counted of 6: 1/6 < 1/5, the AGO's first-convocation quorum is 2 members; 1 missing.
    quorum = selectors.quorums(assembly=page, status=status, statutes=Statutes.load())
    assert quorum[rules.AGO].counted == 1 and quorum[rules.AGO].missing == 1
    # At the meeting, signed in all the same: the advance vote stands, a second is refused.
    sign_in(assembly, m[0])
    open_vote(assembly, resolution)
    with pytest.raises(services.AssemblyError) as error:
        services.vote_at_meeting(
            resolution=resolution, voter=m[0], member=m[0], choice="against", user=m[0].user
        )
    assert error.value.messages == ["Ce vote est déjà enregistré."]
    _poll, result = services.close_poll(resolution=resolution)
    college_1 = result.colleges[0].votes
    assert (college_1.votes_for, college_1.votes_against, college_1.present) == (1, 0, 1)


def test_a_second_vote_is_refused_and_nothing_changes(assembly):
    m = assembly.members
    resolution = assembly.resolution(1)
    sign_in(assembly, m[3])
    open_vote(assembly, resolution)
    services.vote_at_meeting(
        resolution=resolution, voter=m[3], member=m[3], choice="for", user=m[3].user
    )
    with pytest.raises(services.AssemblyError) as error:
        services.vote_at_meeting(
            resolution=resolution, voter=m[3], member=m[3], choice="against", user=m[3].user
        )
    assert error.value.messages == ["Ce vote est déjà enregistré."]
    assert Participation.objects.filter(resolution=resolution).count() == 1
    assert list(Ballot.objects.filter(resolution=resolution).values_list("choice", flat=True)) == [
        "for"
    ]


def test_a_holder_cannot_vote_for_a_giver_who_came_in_person(assembly):
    m = assembly.members
    resolution = assembly.resolution(1)
    services.give_proxy(assembly=assembly.page, giver=m[0], holder=m[2])
    sign_in(assembly, m[2], m[0])  # members[0] came after all
    open_vote(assembly, resolution)
    with pytest.raises(services.AssemblyError) as error:
        services.vote_at_meeting(
            resolution=resolution, voter=m[2], member=m[0], choice="for", user=m[2].user
        )
    assert error.value.messages == ["Ce sociétaire a émargé à la séance : il vote lui-même."]
    services.vote_at_meeting(
        resolution=resolution, voter=m[0], member=m[0], choice="against", user=m[0].user
    )
    vote = Participation.objects.get(resolution=resolution, member=m[0])
    assert vote.channel == Channel.MEETING


def test_giving_again_to_a_full_holder_replaces_ones_own_proxy(assembly):
    # proxy_cap 2: members[0] and [1] fill members[2]; members[0] giving again to members[2]
    # replaces their proxy (still 2 carried), while members[3] is refused.
    m = assembly.members
    page = assembly.page
    services.give_proxy(assembly=page, giver=m[0], holder=m[2])
    services.give_proxy(assembly=page, giver=m[1], holder=m[2])
    services.give_proxy(assembly=page, giver=m[0], holder=m[2])
    with pytest.raises(services.AssemblyError):
        services.give_proxy(assembly=page, giver=m[3], holder=m[2])
    live = selectors.live_proxies(assembly=page)
    assert sorted(live.values_list("giver_id", flat=True)) == sorted([m[0].pk, m[1].pk])
    assert Proxy.objects.filter(assembly=page, giver=m[0]).count() == 2  # one revoked
