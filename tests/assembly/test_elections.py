"""Hand-worked elections (rules.election_results, rules.election_choice_errors): plain values,
no database. Three colleges weighing 40, 30 and 30 %."""

from datetime import date
from fractions import Fraction

from governance.assembly import rules
from governance.assembly.rules import LOT, SENIORITY, Candidacy

WEIGHTS = {1: 40, 2: 30, 3: 30}
A = Candidacy(id=1, college_id=1, admitted=date(2019, 3, 1), name="A")
B = Candidacy(id=2, college_id=1, admitted=date(2021, 6, 1), name="B")
C = Candidacy(id=3, college_id=2, admitted=date(2020, 1, 1), name="C")
D = Candidacy(id=4, college_id=3, admitted=date(2018, 9, 1), name="D")

# College 1, 4 ballots: A 3/4, B 2/4, C 1/4. College 2, 2 ballots: C 2/2, D 1/2.
# College 3: one ballot for D and one blank (not a vote cast): D 1/1.
BALLOTS = [
    (1, {1, 2}),
    (1, {1}),
    (1, {1, 3}),
    (1, {2}),
    (2, {3}),
    (2, {3, 4}),
    (3, {4}),
    (3, set()),
]


def elect(seats=2, reserved=None, ballots=BALLOTS, candidates=(A, B, C, D), **kwargs):
    kwargs.setdefault("tie_rule", SENIORITY)
    return rules.election_results(
        candidates=candidates,
        seats=seats,
        reserved=reserved or {},
        weights=WEIGHTS,
        ballots=ballots,
        **kwargs,
    )


def test_scores_are_college_weighted_shares_of_ballots():
    # A = 0.4·3/4 = 3/10; B = 0.4·2/4 = 1/5; C = 0.4·1/4 + 0.3·1 = 2/5;
    # D = 0.3·1/2 + 0.3·1 = 9/20.
    result = elect()
    assert result.scores == {
        1: Fraction(3, 10),
        2: Fraction(1, 5),
        3: Fraction(2, 5),
        4: Fraction(9, 20),
    }
    assert result.ranking == [4, 3, 1, 2]
    assert result.elected == [4, 3] and result.reserved == {} and result.ties == []


def test_a_reserved_seat_goes_to_the_colleges_best_even_if_lower_scored():
    # One seat reserved to college 1: its best, A (3/10), takes it before C (2/5); the other
    # seat goes to the best score, D (9/20).
    result = elect(reserved={1: 1})
    assert result.elected == [1, 4]
    assert result.reserved == {1: 1}


def test_colleges_without_votes_cast_drop_out_and_the_others_reweigh():
    # College 3 only blank: colleges 1 and 2 weigh 40/70 and 30/70.
    # A = 4/7·3/4 = 3/7; C = 4/7·1/4 + 3/7·1 = 4/7; D = 3/7·1/2 = 3/14.
    ballots = [ballot for ballot in BALLOTS if ballot[0] != 3] + [(3, set())]
    result = elect(seats=1, ballots=ballots)
    assert result.scores[1] == Fraction(3, 7)
    assert result.scores[3] == Fraction(4, 7)
    assert result.scores[4] == Fraction(3, 14)
    assert result.elected == [3]


def test_nobody_chosen_is_not_elected():
    result = elect(seats=3, ballots=[(1, {1})])
    assert result.elected == [1]


def test_a_reserved_seat_without_a_candidate_chosen_returns_to_the_others():
    # College 3 has a seat reserved but its only candidate, D, got no vote.
    result = elect(seats=2, reserved={3: 1}, ballots=[(1, {1, 2})])
    assert result.elected == [1, 2] and result.reserved == {}


E = Candidacy(id=5, college_id=1, admitted=date(2020, 5, 1), name="E")
F = Candidacy(id=6, college_id=2, admitted=date(2015, 5, 1), name="F")
TIED = [(1, {5}), (1, {6})]  # only college 1 voted: E 1/2, F 1/2


def test_a_tie_by_seniority_elects_the_member_admitted_first():
    result = elect(seats=1, ballots=TIED, candidates=(E, F), tie_rule=SENIORITY)
    assert result.scores == {5: Fraction(1, 2), 6: Fraction(1, 2)}
    assert result.elected == [6]  # F, admitted in 2015
    assert result.ties == [(6, 5)] and result.seed is None


def test_a_tie_by_lot_is_drawn_and_can_be_redone_from_its_seed():
    drawn = elect(seats=1, ballots=TIED, candidates=(E, F), tie_rule=LOT)
    assert drawn.seed is not None and drawn.tie_rule == LOT
    assert drawn.elected in ([5], [6]) and drawn.ties == [tuple(drawn.ranking)]
    again = elect(seats=1, ballots=TIED, candidates=(E, F), tie_rule=LOT, seed=drawn.seed)
    assert again.elected == drawn.elected
    # Over a few seeds, each candidate wins a draw: seniority plays no part.
    winners = {
        elect(seats=1, ballots=TIED, candidates=(E, F), tie_rule=LOT, seed=seed).elected[0]
        for seed in range(20)
    }
    assert winners == {5, 6}


def test_equal_weights_when_the_statutes_set_none():
    result = rules.election_results(
        candidates=[A, C],
        seats=1,
        reserved={},
        weights={1: None, 2: None, 3: None},
        ballots=[(1, {1}), (2, {3}), (2, {3})],
        tie_rule=SENIORITY,
    )
    # Colleges 1 and 2 cast, half each: A 1/2, C 1/2; A admitted first (2019).
    assert result.scores == {1: Fraction(1, 2), 3: Fraction(1, 2)}
    assert result.elected == [1]


def test_choice_errors():
    assert rules.election_choice_errors(chosen=[1, 2], candidates=[1, 2, 3], seats=2) == []
    assert rules.election_choice_errors(chosen=[], candidates=[1, 2], seats=2) == []
    assert rules.election_choice_errors(chosen=[1, 2, 3], candidates=[1, 2, 3], seats=2) == [
        "Choisissez au plus 2 candidats (3 choisis)."
    ]
    assert rules.election_choice_errors(chosen=[9], candidates=[1, 2], seats=2) == [
        "Ce candidat ne se présente pas à cette élection."
    ]
    assert rules.election_choice_errors(chosen=[1, 1], candidates=[1], seats=2) == [
        "Chaque candidat ne peut être choisi qu’une fois."
    ]
