"""Hand-worked cases of the general assembly's rules (governance/assembly/rules.py): plain
values, no database."""

from decimal import Decimal
from fractions import Fraction

from governance import voting
from governance.assembly import rules
from governance.assembly.rules import (
    ABSENT,
    ABSTAIN,
    ADVANCE,
    AGAINST,
    AGE,
    AGO,
    FIRST,
    FOR,
    PRESENT,
    REPRESENTED,
    SECOND,
    Hands,
    ProxyLink,
)
from governance.models import Statutes

D = Decimal


def defaults():
    """The statutes' defaults, from the settings model itself (not saved: no database)."""
    return Statutes()


# --- Proxies -----------------------------------------------------------------------------------


def test_a_proxy_to_another_member_under_the_cap_is_valid():
    assert rules.proxy_errors(giver=1, holder=2, proxy_cap=2, holder_carries=1) == []


def test_no_proxy_to_oneself():
    assert rules.proxy_errors(giver=1, holder=1, proxy_cap=2) == [
        "Un sociétaire ne peut pas se donner pouvoir à lui-même."
    ]


def test_only_a_member_with_a_vote_gives_a_proxy():
    # e.g. a member who left before the assembly's day: no vote, so nothing to give.
    assert rules.proxy_errors(giver=1, holder=2, proxy_cap=2, giver_is_member=False) == [
        "Seul un sociétaire qui a une voix à cette assemblée peut donner pouvoir."
    ]


def test_the_holder_at_the_cap_takes_no_more():
    # proxy_cap 2: a holder carrying 2 already is full, whoever asks next.
    assert rules.proxy_errors(giver=1, holder=2, proxy_cap=2, holder_carries=2) == [
        "Ce sociétaire porte déjà 2 pouvoirs, le maximum prévu par les statuts."
    ]


def test_no_chain_a_holder_who_gave_a_proxy_takes_none():
    # 1 → 2 while 2 → 3: 2 would pass 1's voice on.
    assert rules.proxy_errors(giver=1, holder=2, proxy_cap=2, holder_gave_proxy=True) == [
        "Ce sociétaire a lui-même donné pouvoir : un pouvoir ne se transmet pas."
    ]


def test_no_chain_a_member_carrying_proxies_gives_none():
    # 3 → 1 exists; now 1 → 2 would pass 3's voice on.
    assert rules.proxy_errors(giver=1, holder=2, proxy_cap=2, giver_holds_proxies=True) == [
        "Vous portez les pouvoirs d’autres sociétaires : un mandataire ne peut pas les transmettre."
    ]


def test_no_proxy_once_the_meeting_has_opened():
    errors = rules.proxy_errors(giver=1, holder=2, proxy_cap=2, meeting_opened=True)
    assert errors == [
        "La séance est ouverte : les pouvoirs ne peuvent plus être donnés ni révoqués."
    ]
    assert rules.revoke_errors(meeting_opened=True) == errors
    assert rules.revoke_errors(meeting_opened=False) == []


def test_no_proxy_after_an_advance_vote():
    assert rules.proxy_errors(giver=1, holder=2, proxy_cap=2, giver_voted_in_advance=True) == [
        "Vous avez voté à distance : vous êtes déjà compté·e présent·e."
    ]


def test_a_blank_proxy_is_not_capped():
    # The chair may carry any number of blank proxies: no holder, no cap, no chain check.
    assert rules.proxy_errors(giver=1, holder=None, proxy_cap=2, holder_carries=40) == []


def test_a_blank_proxy_still_closes_with_the_meeting():
    assert len(rules.proxy_errors(giver=1, holder=None, proxy_cap=2, meeting_opened=True)) == 1


def test_a_proxy_to_a_non_member_is_refused():
    assert rules.proxy_errors(giver=1, holder=9, proxy_cap=2, holder_is_member=False) == [
        "Un pouvoir ne se donne qu’à un autre sociétaire qui a une voix."
    ]


# --- Attendance --------------------------------------------------------------------------------


def test_attendance_present_wins_over_advance_and_proxy():
    # 1 voted in advance and is signed in anyway; 2 gave a proxy to 3 and came after all.
    status = rules.attendance_status(
        members=[1, 2, 3, 4],
        present=[1, 2, 3],
        advance=[1, 4],
        proxies=[ProxyLink(giver=2, holder=3)],
    )
    assert status == {1: PRESENT, 2: PRESENT, 3: PRESENT, 4: ADVANCE}


def test_attendance_advance_wins_over_a_proxy():
    status = rules.attendance_status(
        members=[1, 2], present=[2], advance=[1], proxies=[ProxyLink(giver=1, holder=2)]
    )
    assert status == {1: ADVANCE, 2: PRESENT}


def test_a_named_proxy_represents_only_when_its_holder_is_present():
    proxies = [ProxyLink(giver=1, holder=2)]
    absent = rules.attendance_status(members=[1, 2], present=[], advance=[], proxies=proxies)
    assert absent == {1: ABSENT, 2: ABSENT}
    came = rules.attendance_status(members=[1, 2], present=[2], advance=[], proxies=proxies)
    assert came == {1: REPRESENTED, 2: PRESENT}


def test_a_blank_proxy_always_represents():
    status = rules.attendance_status(
        members=[1, 2], present=[], advance=[], proxies=[ProxyLink(giver=1, holder=None)]
    )
    assert status == {1: REPRESENTED, 2: ABSENT}


def test_attendance_ignores_ids_without_a_vote():
    # 9 left the cooperative: signed in or not, it is not counted.
    status = rules.attendance_status(members=[1], present=[9], advance=[9], proxies=[])
    assert status == {1: ABSENT}


# --- Quorum ------------------------------------------------------------------------------------


def status_of(present=0, advance=0, represented=0, absent=0):
    values = [PRESENT] * present + [ADVANCE] * advance + [REPRESENTED] * represented
    values += [ABSENT] * absent
    return dict(enumerate(values))


def test_the_statutes_default_quorums():
    statutes = defaults()
    required = {
        (body, convocation): rules.required_quorum(
            body=body, convocation=convocation, statutes=statutes
        )
        for body in (AGO, AGE)
        for convocation in (FIRST, SECOND)
    }
    assert required == {
        (AGO, FIRST): Fraction(1, 5),
        (AGE, FIRST): Fraction(1, 4),
        (AGO, SECOND): Fraction(0),
        (AGE, SECOND): Fraction(1, 5),
    }


def test_age_quorum_reached_on_second_convocation_but_not_on_first():
    # 20 members: 2 present, 1 voted in advance, 1 represented = 4 counted, 4/20 = 20 %.
    # AGE first convocation needs 25 % = 5 members: 1 missing. Second: 20 % = 4: reached.
    status = status_of(present=2, advance=1, represented=1, absent=16)
    first = rules.quorum(status=status, body=AGE, convocation=FIRST, statutes=defaults())
    second = rules.quorum(status=status, body=AGE, convocation=SECOND, statutes=defaults())
    assert (first.counted, first.members, first.attendance) == (4, 20, Fraction(1, 5))
    assert not first.reached and first.missing == 1
    assert second.reached and second.missing == 0


def test_ago_quorum_reached_on_second_convocation_but_not_on_first():
    # 20 members, 3 counted (15 %): the AGO's first convocation needs 20 % = 4, one missing;
    # on second convocation it needs none.
    status = status_of(present=1, advance=1, represented=1, absent=17)
    first = rules.quorum(status=status, body=AGO, convocation=FIRST, statutes=defaults())
    second = rules.quorum(status=status, body=AGO, convocation=SECOND, statutes=defaults())
    assert not first.reached and first.missing == 1
    assert second.reached and second.missing == 0


def test_ago_second_convocation_needs_nobody():
    nobody = status_of(absent=12)
    quorum = rules.quorum(status=nobody, body=AGO, convocation=SECOND, statutes=defaults())
    assert quorum.reached and quorum.missing == 0


def test_missing_rounds_up_to_whole_members():
    # 13 members, AGE first: 25 % of 13 = 3.25, so 4 members; 2 counted: 2 missing.
    status = status_of(present=2, absent=11)
    quorum = rules.quorum(status=status, body=AGE, convocation=FIRST, statutes=defaults())
    assert quorum.required * quorum.members == Fraction(13, 4)
    assert quorum.missing == 2 and not quorum.reached
    # 4 counted of 13 = 30.8 %: reached.
    status = status_of(present=4, absent=9)
    quorum = rules.quorum(status=status, body=AGE, convocation=FIRST, statutes=defaults())
    assert quorum.reached and quorum.missing == 0


def test_no_members_no_quorum():
    quorum = rules.quorum(status={}, body=AGE, convocation=FIRST, statutes=defaults())
    assert not quorum.reached and quorum.attendance == 0


# --- Blank proxies -----------------------------------------------------------------------------


def test_a_blank_proxy_follows_the_boards_recommendation():
    assert rules.blank_proxy_choice("for") == FOR
    assert rules.blank_proxy_choice("against") == AGAINST
    assert rules.blank_proxy_choice("none") == ABSTAIN


# --- Per college and the AGE's two thirds ------------------------------------------------------

COLLEGES = [(1, "Salariés", D(40)), (2, "Bénéficiaires", D(30)), (3, "Soutiens", D(30))]


def age_tally(ballots, status_by_college, hands=None):
    votes = rules.college_votes(
        colleges=COLLEGES, status_by_college=status_by_college, ballots=ballots, hands=hands or {}
    )
    required = rules.required_quorum(body=AGE, convocation=FIRST, statutes=defaults())
    return votes, voting.tally(votes, voting.MAJORITIES["two_thirds"], required)


def everyone_present(sizes):
    status, member = {}, 0
    for college_id, size in sizes.items():
        status[college_id] = {}
        for _index in range(size):
            member += 1
            status[college_id][member] = PRESENT
    return status


def test_an_age_resolution_at_exactly_two_thirds_is_adopted():
    # Each college: 2 for, 1 against, so 2/3 everywhere, and 0.4·2/3 + 0.3·2/3 + 0.3·2/3 = 2/3.
    # College 2 voted by a show of hands (the bureau counted it), the others by phone.
    ballots = [(1, FOR), (1, FOR), (1, AGAINST), (3, FOR), (3, FOR), (3, AGAINST), (3, ABSTAIN)]
    hands = {2: Hands(votes_for=2, votes_against=1)}
    status = everyone_present({1: 3, 2: 3, 3: 4})
    votes, result = age_tally(ballots, status, hands)
    assert [(v.votes_for, v.votes_against, v.abstentions) for v in votes] == [
        (2, 1, 0),
        (2, 1, 0),
        (2, 1, 1),
    ]
    assert result.share_for == Fraction(2, 3)
    assert result.quorum_reached and result.adopted


def test_an_age_resolution_just_under_two_thirds_is_rejected():
    # Colleges 1 and 2 at 2/3, college 3 at 3 for 2 against (3/5):
    # 0.7·2/3 + 0.3·3/5 = 70/150 + 27/150 = 97/150 < 100/150.
    ballots = [(1, FOR)] * 2 + [(1, AGAINST)] + [(2, FOR)] * 2 + [(2, AGAINST)]
    ballots += [(3, FOR)] * 3 + [(3, AGAINST)] * 2
    votes, result = age_tally(ballots, everyone_present({1: 3, 2: 3, 3: 5}))
    assert result.share_for == Fraction(97, 150)
    assert result.quorum_reached and not result.adopted


def test_college_votes_count_present_advance_and_represented():
    # College 1: 1 present, 1 advance (counts present), 1 represented, 1 absent.
    status = {1: {1: PRESENT, 2: ADVANCE, 3: REPRESENTED, 4: ABSENT}, 2: {}, 3: {}}
    votes = rules.college_votes(
        colleges=COLLEGES,
        status_by_college=status,
        ballots=[(1, FOR), (1, FOR), (1, AGAINST)],
        hands={},
    )
    first = votes[0]
    assert (first.present, first.represented, first.members) == (2, 1, 4)
    assert (first.votes_for, first.votes_against) == (2, 1)
    assert [v.name for v in votes] == ["Salariés", "Bénéficiaires", "Soutiens"]


# --- Who votes at the meeting ------------------------------------------------------------------


def test_a_present_member_votes_for_themselves_and_a_holder_for_those_they_represent():
    ok = {"poll_open": True, "voter_present": True, "represents": True, "already_voted": False}
    assert rules.meeting_vote_errors(**ok) == []
    assert rules.meeting_vote_errors(**ok | {"poll_open": False}) == [
        "Cette résolution n’est pas ouverte au vote."
    ]
    assert rules.meeting_vote_errors(**ok | {"represents": False}) == [
        "Vous ne votez pas pour ce sociétaire."
    ]


def test_a_holder_does_not_vote_for_a_member_who_came_in_person():
    # Present comes before represented: the member who gave the proxy and came votes.
    errors = rules.meeting_vote_errors(
        poll_open=True,
        voter_present=True,
        represents=True,
        already_voted=False,
        represented_present=True,
    )
    assert errors == ["Ce sociétaire a émargé à la séance : il vote lui-même."]
