"""How results read (governance.assembly.outcomes): worked by hand on plain values."""

from decimal import Decimal
from fractions import Fraction

from governance import voting
from governance.assembly import outcomes, rules


def test_percent_rounds_to_two_decimals():
    assert outcomes.percent(Fraction(13, 20)) == Decimal("65.00")
    assert outcomes.percent(Fraction(2, 3)) == Decimal("66.67")
    assert outcomes.percent(0) == Decimal("0.00")


def test_majority_labels_name_the_statutes_majorities():
    assert outcomes.majority_label(voting.MAJORITIES["half"]) == (
        "majorité simple (plus de la moitié des voix pondérées exprimées)"
    )
    assert outcomes.majority_label(voting.MAJORITIES["two_thirds"]) == (
        "majorité des deux tiers (au moins deux tiers des voix pondérées exprimées)"
    )
    assert outcomes.majority_label(voting.MAJORITIES["three_quarters"]).startswith(
        "majorité des trois quarts"
    )
    assert outcomes.majority_label(voting.Majority(Fraction(3, 5), strict=False)) == (
        "majorité d’au moins 60 % des voix pondérées exprimées"
    )
    assert outcomes.majority_label(voting.Majority(Fraction(1, 8), strict=True)) == (
        "majorité de plus de 12,5 % des voix pondérées exprimées"
    )


def _tally(votes, majority="half", quorum=Fraction(0)):
    return voting.tally(votes, voting.MAJORITIES[majority], quorum)


def test_outcome_says_why_a_resolution_is_rejected():
    # 40 % × 1/2 + 30 % × 1 + 30 % × 1/2 = 65 % for.
    votes = [
        voting.CollegeVotes("A", 40, votes_for=1, votes_against=1, present=2, members=2),
        voting.CollegeVotes("B", 30, votes_for=1, abstentions=1, present=2, members=2),
        voting.CollegeVotes("C", 30, votes_for=1, votes_against=1, present=2, members=2),
    ]
    adopted = outcomes.outcome(_tally(votes))
    assert adopted.adopted and adopted.status == "adopted" and adopted.label == "Adoptée"
    two_thirds = outcomes.outcome(_tally(votes, "two_thirds"))
    assert two_thirds.status == "rejected"
    assert two_thirds.label == "Rejetée : majorité non atteinte"
    # The quorum comes first: without it the votes decide nothing.
    no_quorum = outcomes.outcome(_tally(votes, quorum=Fraction(101, 100)))
    assert no_quorum.label == "Rejetée : quorum non atteint"
    nobody = [voting.CollegeVotes("A", 100, abstentions=2, present=2, members=2)]
    assert outcomes.outcome(_tally(nobody)).label == "Rejetée : aucun suffrage exprimé"


def test_attendance_labels():
    assert outcomes.attendance_label(rules.PRESENT) == "présent (émargé)"
    assert outcomes.attendance_label(rules.ADVANCE) == "a voté à distance"
    assert (
        outcomes.attendance_label(rules.REPRESENTED, holder="Structure 2-1")
        == "représenté par Structure 2-1"
    )
    assert (
        outcomes.attendance_label(rules.REPRESENTED, chair="Camille Martin")
        == "pouvoir en blanc, confié à la présidence de séance (Camille Martin)"
    )
    assert outcomes.attendance_label(rules.ABSENT) == "absent"


def test_published_receipts_are_sorted_by_code_whatever_the_order_of_the_votes():
    cast = [("QX7", "pour"), ("A2B", "contre"), ("M9K", "pour")]
    assert outcomes.published_receipts(cast) == [
        ("A2B", "contre"),
        ("M9K", "pour"),
        ("QX7", "pour"),
    ]
