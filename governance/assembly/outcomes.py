"""How a resolution's result reads in the minutes and on the results page: plain functions on
plain values (`governance.voting`'s `Majority` and `Tally`, `rules.Quorum`), tested by hand.

The result itself is `governance.voting.tally`; these only say it in words, so the minutes,
the results page and the e-mails say it the same way.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from . import rules


def percent(fraction):
    """A fraction as a percentage with two decimals (Decimal), rounded half up."""
    fraction = Fraction(fraction)
    value = Decimal(fraction.numerator) * 100 / Decimal(fraction.denominator)
    return value.quantize(Decimal("0.01"))


def majority_label(majority):
    """The majority a resolution needs (`voting.Majority`), in words."""
    threshold, strict = Fraction(majority.threshold), majority.strict
    if strict and threshold == Fraction(1, 2):
        return _("simple majority (more than half of the weighted votes cast)")
    if not strict and threshold == Fraction(2, 3):
        return _("two-thirds majority (at least two thirds of the weighted votes cast)")
    if not strict and threshold == Fraction(3, 4):
        return _("three-quarters majority (at least three quarters of the weighted votes cast)")
    number = f"{percent(threshold).normalize():f}".replace(".", ",")
    if strict:
        return _("majority of more than %(percent)s %% of the weighted votes cast") % {
            "percent": number
        }
    return _("majority of at least %(percent)s %% of the weighted votes cast") % {"percent": number}


ADOPTED = "adopted"
REJECTED = "rejected"


@dataclass(frozen=True)
class Outcome:
    status: str  # ADOPTED | REJECTED, as governance.DecisionStatus
    label: str  # "Adopted", "Rejected: majority not reached"…

    @property
    def adopted(self):
        return self.status == ADOPTED


def outcome(tally):
    """Adopted or rejected (`voting.Tally`), and why a rejected resolution was: the quorum
    comes first, since without it the votes decide nothing."""
    if tally.adopted:
        return Outcome(ADOPTED, _("Adopted"))
    if not tally.quorum_reached:
        return Outcome(REJECTED, _("Rejected: quorum not reached"))
    if not tally.votes_cast:
        return Outcome(REJECTED, _("Rejected: no vote cast"))
    return Outcome(REJECTED, _("Rejected: majority not reached"))


def attendance_label(status, *, holder="", chair=""):
    """One member's line on the attendance sheet (`rules.PRESENT`…); `holder`: who represents
    them, "" for a blank proxy (then `chair`, the chair's name, if known)."""
    if status == rules.PRESENT:
        return _("present (signed in)")
    if status == rules.ADVANCE:
        return _("voted in advance")
    if status == rules.REPRESENTED:
        if holder:
            return _("represented by %(holder)s") % {"holder": holder}
        if chair:
            return _("blank proxy, to the chair (%(chair)s)") % {"chair": chair}
        return _("blank proxy, to the chair")
    return _("absent")


def published_receipts(ballots):
    """The list of receipts published after a secret vote: (receipt, choice) pairs sorted by
    receipt, so that their order (that of the votes, or of the voters) reveals nothing."""
    return sorted(ballots, key=lambda ballot: ballot[0])
