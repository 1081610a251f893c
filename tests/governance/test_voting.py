"""Hand-worked cases of the SCIC rules in governance/voting.py."""

from decimal import Decimal
from fractions import Fraction

import pytest

from governance.voting import (
    MAJORITIES,
    CollegeVotes,
    check_college_votes,
    check_college_weights,
    tally,
)

D = Decimal
ORDINARY = MAJORITIES["half"]
EXTRAORDINARY = MAJORITIES["two_thirds"]


def college(name, weight, votes_for=0, against=0, abstain=0, blank=0, members=None):
    voters = votes_for + against + abstain + blank
    return CollegeVotes(
        name=name,
        weight=None if weight is None else D(weight),
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstain,
        blank=blank,
        present=voters,
        members=members if members is not None else voters,
    )


# --- weights ----------------------------------------------------------------------------------


def test_legal_weights_pass():
    assert check_college_weights([D(50), D(30), D(20)]) == []
    assert check_college_weights([D(20)] * 5) == []


def test_weights_that_sum_to_100_with_rounding_pass():
    assert check_college_weights([D("33.33"), D("33.33"), D("33.34")]) == []


def test_college_weight_over_half_is_refused():
    errors = check_college_weights([D(60), D(20), D(20)])
    assert errors == ["Chaque collège doit peser entre 10 % et 50 % (60 % ici)."]


def test_college_weight_under_ten_is_refused():
    errors = check_college_weights([D(50), D(45), D(5)])
    assert errors == ["Chaque collège doit peser entre 10 % et 50 % (5 % ici)."]


def test_weights_not_adding_up_to_100_are_refused():
    errors = check_college_weights([D(40), D(30), D("20.5")])
    assert errors == ["Les pondérations des collèges doivent totaliser 100 % (90,5 % ici)."]


def test_fewer_than_three_colleges_are_refused():
    errors = check_college_weights([D(50), D(50)])
    assert errors == [
        "Une SCIC organisée en collèges de vote doit en compter au moins trois (2 ici)."
    ]


def test_no_weights_means_equal_weights():
    assert check_college_weights([None, None, None, None]) == []
    # eleven equal colleges would each weigh less than 10 %
    assert check_college_weights([None] * 11) == [
        "Chaque collège doit peser entre 10 % et 50 % (9,09 % ici)."
    ]


def test_some_weights_set_and_others_not_is_refused():
    assert check_college_weights([D(50), None, D(50)]) == [
        "Soit chaque collège a une pondération, soit aucun (ils pèsent alors autant)."
    ]


def test_no_colleges_is_valid():
    assert check_college_weights([]) == []


# --- tally ------------------------------------------------------------------------------------


def test_weighted_result_worked_by_hand():
    # 50 % × 6/10 + 30 % × 1/4 + 20 % × 5/5 = 30 + 7.5 + 20 = 57.5 %
    result = tally(
        [
            college("Salariés", 50, votes_for=6, against=4),
            college("Bénéficiaires", 30, votes_for=1, against=3),
            college("Partenaires", 20, votes_for=5),
        ],
        ORDINARY,
    )
    assert result.share_for == Fraction(575, 1000)
    assert result.percent_for == D("57.50")
    assert result.percent_against == D("42.50")
    assert [c.percent_for for c in result.colleges] == [D("60.00"), D("25.00"), D("100.00")]
    assert result.adopted


def test_abstentions_and_blank_votes_are_not_votes_cast():
    result = tally(
        [
            college("A", 40, votes_for=2, against=1, abstain=10, blank=5),
            college("B", 30, votes_for=1, against=1),
            college("C", 30, votes_for=1, against=1),
        ],
        ORDINARY,
    )
    # 40 % × 2/3 + 30 % × 1/2 + 30 % × 1/2 = 26.67 + 15 + 15 = 56.67 %
    assert result.share_for == Fraction(2, 5) * Fraction(2, 3) + Fraction(3, 10)
    assert result.votes_cast == 7
    assert result.adopted


def test_college_with_no_votes_cast_drops_out_and_others_weigh_in_proportion():
    result = tally(
        [
            college("A", 40, votes_for=3, against=1),
            college("B", 30, abstain=2),
            college("C", 30, votes_for=1, against=3),
        ],
        ORDINARY,
    )
    # voting weight 70: 40/70 × 3/4 + 30/70 × 1/4 = 37.5/70 = 53.57 %
    assert result.share_for == Fraction(375, 700)
    assert result.colleges[1].share_for is None
    assert result.colleges[1].percent_for is None
    assert result.share_for + result.share_against == 1
    assert result.adopted
    # counted as weight lost, it would have been 37.5 % and rejected: the rule matters


def test_tie_is_not_a_majority():
    result = tally(
        [
            college("A", 50, votes_for=1, against=1),
            college("B", 25, votes_for=2),
            college("C", 25, against=2),
        ],
        ORDINARY,
    )
    assert result.share_for == Fraction(1, 2)
    assert not result.majority_reached
    assert not result.adopted


def test_college_that_alone_would_win_by_headcount_does_not_decide_alone():
    # 100 members for in one college, 6 against in the two others: by headcount 94 % for,
    # weighted exactly 50 % — not "more than half".
    result = tally(
        [
            college("Usagers", 50, votes_for=100),
            college("Salariés", 25, against=3),
            college("Collectivités", 25, against=3),
        ],
        ORDINARY,
    )
    assert result.share_for == Fraction(1, 2)
    assert not result.adopted


def test_rounded_weights_versus_equal_weights_for_two_thirds():
    votes = {"votes_for": 4}
    rounded = tally(
        [
            college("A", "33.33", **votes),
            college("B", "33.33", **votes),
            college("C", "33.34", against=4),
        ],
        EXTRAORDINARY,
    )
    equal = tally(
        [college("A", None, **votes), college("B", None, **votes), college("C", None, against=4)],
        EXTRAORDINARY,
    )
    assert rounded.share_for == Fraction(6666, 10000)
    assert not rounded.adopted  # 66.66 % is short of two thirds
    assert equal.share_for == Fraction(2, 3)
    assert equal.adopted  # exactly two thirds is enough for an extraordinary resolution


def test_same_votes_under_equal_weights_and_statutory_weights():
    colleges = [("A", 50, 9, 1), ("B", 30, 1, 9), ("C", 20, 1, 9)]
    weighted = tally([college(n, w, votes_for=f, against=a) for n, w, f, a in colleges], ORDINARY)
    equal = tally([college(n, None, votes_for=f, against=a) for n, w, f, a in colleges], ORDINARY)
    # weighted: 50 % × 0.9 + 30 % × 0.1 + 20 % × 0.1 = 50 %  → rejected (not more than half)
    assert weighted.share_for == Fraction(1, 2)
    assert not weighted.adopted
    # equal: (0.9 + 0.1 + 0.1) / 3 = 36.67 % → rejected too, by more
    assert equal.share_for == Fraction(11, 30)
    assert not equal.adopted


def test_extraordinary_majority_needs_two_thirds():
    def votes(votes_for, against):
        return [
            college(n, w, votes_for=votes_for, against=against)
            for n, w in [("A", 40), ("B", 30), ("C", 30)]
        ]

    assert tally(votes(6, 4), ORDINARY).adopted  # 60 %
    assert not tally(votes(6, 4), EXTRAORDINARY).adopted
    assert tally(votes(7, 3), EXTRAORDINARY).adopted  # 70 %


def test_quorum_counts_members_present_and_represented():
    votes = [
        CollegeVotes("A", D(40), votes_for=3, present=2, represented=1, members=10),
        CollegeVotes("B", D(30), votes_for=1, present=1, members=5),
        CollegeVotes("C", D(30), votes_against=1, present=1, members=5),
    ]
    assert tally(votes, ORDINARY, quorum=Fraction(1, 5)).quorum_reached  # 5/20 ≥ 1/5
    short = tally(votes, ORDINARY, quorum=Fraction(1, 3))
    assert short.attendance == Fraction(1, 4)
    assert not short.quorum_reached
    assert short.majority_reached
    assert not short.adopted


def test_nothing_cast_is_not_adopted():
    result = tally(
        [college("A", None, abstain=3), college("B", None), college("C", None)], ORDINARY
    )
    assert result.share_for == 0
    assert not result.adopted


# --- vote records -----------------------------------------------------------------------------


def test_more_ballots_than_voters_is_refused():
    votes = CollegeVotes("Salariés", D(40), votes_for=5, present=3, represented=1, members=10)
    assert check_college_votes(votes, proxy_cap=2) == [
        "Salariés : 5 bulletins pour 4 sociétaires présents ou représentés."
    ]


def test_proxies_over_the_statutory_cap_are_refused():
    votes = CollegeVotes("Salariés", D(40), votes_for=7, present=2, represented=5, members=10)
    assert check_college_votes(votes, proxy_cap=2) == [
        "Salariés : 5 pouvoirs pour 2 sociétaires présents ; les statuts en autorisent "
        "au plus 2 par sociétaire."
    ]


def test_more_voters_than_members_is_refused():
    votes = CollegeVotes("Salariés", D(40), votes_for=3, present=6, members=5)
    assert check_college_votes(votes, proxy_cap=2) == [
        "Salariés : 6 présents ou représentés pour 5 sociétaires."
    ]


@pytest.mark.parametrize("cap", [0, 1, 3])
def test_proxy_cap_is_a_statutes_setting(cap):
    votes = CollegeVotes("A", D(40), votes_for=4, present=1, represented=3, members=10)
    assert bool(check_college_votes(votes, proxy_cap=cap)) == (cap < 3)
