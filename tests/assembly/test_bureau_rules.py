"""The bureau's rules, worked by hand: a show of hands cannot outnumber the members present or
represented in a college; the assembly closes once opened and with no vote open."""

from fractions import Fraction
from types import SimpleNamespace

from governance.assembly import rules
from governance.assembly.rules import Hands
from governance.voting import CollegeVotes

STATUTES = SimpleNamespace(
    ordinary_quorum=20,
    extraordinary_quorum=25,
    second_ordinary_quorum=0,
    second_extraordinary_quorum=20,
    ordinary_majority="half",
    extraordinary_majority="two_thirds",
)


def test_hands_and_ballots_up_to_the_members_present_or_represented_are_accepted():
    # 3 present, 1 represented: 2 voted by phone, 2 hands (1 for, 1 abstention) = 4.
    assert (
        rules.show_of_hands_errors(
            college="Collège 1",
            hands=Hands(votes_for=1, abstentions=1),
            ballots=2,
            present=3,
            represented=1,
        )
        == []
    )


def test_one_hand_too_many_is_refused():
    # 3 present, 1 represented, 2 ballots: 3 hands make 5 votes for 4 members.
    [error] = rules.show_of_hands_errors(
        college="Collège 1",
        hands=Hands(votes_for=2, votes_against=1),
        ballots=2,
        present=3,
        represented=1,
    )
    assert "Collège 1" in error and "3" in error and "4" in error


def test_blank_proxies_still_to_be_voted_by_the_chair_leave_no_room_for_hands():
    # 2 present, 1 blank proxy the chair votes at the close, no ballot yet: 2 hands fit,
    # 3 do not (the blank proxy is the third vote).
    kwargs = {"college": "Collège 2", "ballots": 0, "present": 2, "represented": 1}
    assert rules.show_of_hands_errors(hands=Hands(votes_for=2), blank_proxies=1, **kwargs) == []
    assert rules.show_of_hands_errors(hands=Hands(votes_for=3), blank_proxies=1, **kwargs)


def test_no_hands_in_an_empty_college():
    assert rules.show_of_hands_errors(
        college="Collège 3", hands=Hands(abstentions=1), ballots=0, present=0, represented=0
    )
    assert (
        rules.show_of_hands_errors(
            college="Collège 3", hands=Hands(), ballots=0, present=0, represented=0
        )
        == []
    )


def test_the_assembly_closes_once_opened_and_with_no_vote_open():
    assert rules.close_meeting_errors(meeting_opened=True, open_votes=False) == []
    assert len(rules.close_meeting_errors(meeting_opened=False, open_votes=False)) == 1
    assert len(rules.close_meeting_errors(meeting_opened=True, open_votes=True)) == 1


def test_an_age_resolution_needs_two_thirds_weighted():
    # Three colleges weighing 40/30/30, all present: college 1 2 for, 0 against; college 2
    # 1 for, 1 against; college 3 0 for, 2 against. Weighted for = 0.4 + 0.15 + 0 = 55 %:
    # adopted by an AGO (more than half), rejected by an AGE (two thirds).
    votes = [
        CollegeVotes(name="1", weight=40, votes_for=2, present=2, members=2),
        CollegeVotes(name="2", weight=30, votes_for=1, votes_against=1, present=2, members=2),
        CollegeVotes(name="3", weight=30, votes_against=2, present=2, members=2),
    ]
    ago = rules.resolution_tally(body="ago", convocation=1, votes=votes, statutes=STATUTES)
    age = rules.resolution_tally(body="age", convocation=1, votes=votes, statutes=STATUTES)
    assert ago.share_for == Fraction(55, 100)
    assert ago.adopted and not age.adopted
    assert age.quorum == Fraction(25, 100)
