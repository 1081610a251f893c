"""SCIC voting rules: college weights and the weighted tally of a resolution.

Plain functions on plain values, so that a lawyer can check them against the statutes and the
tests can work through cases by hand. Views, models and templates call these; they never
re-implement them.

The rules (art. 19 octies of law 47-1775 and the usual SCIC statutes):
- with colleges, there are at least three; each weighs between 10 % and 50 % and the weights
  add up to 100 %; when the statutes set no weights, all colleges weigh the same;
- within a college it is one member, one vote; abstentions and blank votes are not votes cast;
- each college's share of "for" among its votes cast is weighted by the college's weight;
  a college where nobody cast a vote drops out, and the weights of the others are taken in
  proportion (their sum becomes the whole);
- a resolution is adopted when the weighted "for" reaches the majority of its body (ordinary:
  strictly more than half; extraordinary: at least two thirds) and the quorum is reached.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

MIN_COLLEGES = 3
MIN_WEIGHT = Decimal("10")
MAX_WEIGHT = Decimal("50")
TOTAL_WEIGHT = Decimal("100")
# Weights are stored with two decimals: 33.33 + 33.33 + 33.34 is a legal 100 %.
WEIGHT_TOLERANCE = Decimal("0.01")


# --- Majorities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Majority:
    """A threshold on the weighted share of "for": strictly above it, or at least it."""

    threshold: Fraction
    strict: bool

    def is_reached(self, share):
        return share > self.threshold if self.strict else share >= self.threshold


MAJORITIES = {
    "half": Majority(Fraction(1, 2), strict=True),
    "two_thirds": Majority(Fraction(2, 3), strict=False),
    "three_quarters": Majority(Fraction(3, 4), strict=False),
}


# --- College weights ---------------------------------------------------------------------------


def effective_weights(weights):
    """The weights that apply: the statutory ones, or equal shares when none is set."""
    if weights and all(weight is None for weight in weights):
        share = TOTAL_WEIGHT / len(weights)
        return [share] * len(weights)
    return list(weights)


def check_college_weights(weights):
    """French messages for each rule that a set of college weights (percent) breaks.

    `weights` holds one value per college, `None` when the statutes set none. An empty list
    is valid: the cooperative does not use colleges.
    """
    if not weights:
        return []
    errors = []
    if len(weights) < MIN_COLLEGES:
        errors.append(
            _("A SCIC with voting colleges must have at least three of them (%(count)s here).")
            % {"count": len(weights)}
        )
    unset = [weight for weight in weights if weight is None]
    if unset and len(unset) != len(weights):
        errors.append(
            _("Either every college has a weight, or none has (then all weigh the same).")
        )
        return errors
    applied = effective_weights(weights)
    for weight in applied:
        if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
            errors.append(
                _("Each college must weigh between 10 %% and 50 %% (%(weight)s %% here).")
                % {"weight": _format_percent(weight)}
            )
            break
    total = sum(applied, Decimal(0))
    if abs(total - TOTAL_WEIGHT) > WEIGHT_TOLERANCE:
        errors.append(
            _("The college weights must add up to 100 %% (%(total)s %% here).")
            % {"total": _format_percent(total)}
        )
    return errors


def _format_percent(value):
    value = Decimal(value).quantize(Decimal("0.01"))
    text = f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --- Tally -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollegeVotes:
    """What happened in one college for one resolution."""

    name: str
    weight: Decimal | None  # as stored with the vote; None: the statutes set no weights
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0
    blank: int = 0
    present: int = 0  # members present in person
    represented: int = 0  # members represented by a proxy (pouvoir)
    members: int = 0  # members of the college with a vote

    @property
    def cast(self):
        return self.votes_for + self.votes_against


@dataclass(frozen=True)
class CollegeResult:
    votes: CollegeVotes
    weight: Decimal  # effective weight
    share_for: Fraction | None  # among votes cast in the college; None if none cast
    weighted_for: Fraction  # contribution to the final share, after reweighting
    weighted_against: Fraction

    @property
    def name(self):
        return self.votes.name

    @property
    def percent_for(self):
        return None if self.share_for is None else _percent(self.share_for)

    @property
    def percent_against(self):
        return None if self.share_for is None else _percent(1 - self.share_for)


@dataclass(frozen=True)
class Tally:
    colleges: list
    share_for: Fraction  # weighted share of "for" among weighted votes cast
    share_against: Fraction
    majority: Majority
    majority_reached: bool
    quorum: Fraction
    attendance: Fraction  # (present + represented) / members with a vote
    quorum_reached: bool
    votes_cast: int

    @property
    def adopted(self):
        return self.majority_reached and self.quorum_reached

    @property
    def percent_for(self):
        return _percent(self.share_for)

    @property
    def percent_against(self):
        return _percent(self.share_against)

    @property
    def percent_attendance(self):
        return _percent(self.attendance)


def _percent(fraction):
    return (Decimal(fraction.numerator) * 100 / Decimal(fraction.denominator)).quantize(
        Decimal("0.01")
    )


def tally(colleges, majority, quorum=Fraction(0)):
    """Weighted result of a resolution.

    `colleges`: a list of CollegeVotes; `majority`: a Majority (see MAJORITIES);
    `quorum`: the fraction of members with a vote who must be present or represented.
    """
    colleges = list(colleges)
    weights = effective_weights([college.weight for college in colleges])
    voting_weight = sum(
        (
            Fraction(weight)
            for weight, college in zip(weights, colleges, strict=True)
            if college.cast
        ),
        Fraction(0),
    )
    results = []
    total_for = Fraction(0)
    total_against = Fraction(0)
    for weight, college in zip(weights, colleges, strict=True):
        if college.cast:
            share_for = Fraction(college.votes_for, college.cast)
            part = Fraction(weight) / voting_weight
            weighted_for = part * share_for
            weighted_against = part * (1 - share_for)
        else:
            share_for = None
            weighted_for = weighted_against = Fraction(0)
        total_for += weighted_for
        total_against += weighted_against
        results.append(
            CollegeResult(
                votes=college,
                weight=weight,
                share_for=share_for,
                weighted_for=weighted_for,
                weighted_against=weighted_against,
            )
        )
    members = sum(college.members for college in colleges)
    attending = sum(college.present + college.represented for college in colleges)
    attendance = Fraction(attending, members) if members else Fraction(0)
    votes_cast = sum(college.cast for college in colleges)
    return Tally(
        colleges=results,
        share_for=total_for,
        share_against=total_against,
        majority=majority,
        majority_reached=bool(votes_cast) and majority.is_reached(total_for),
        quorum=Fraction(quorum),
        attendance=attendance,
        quorum_reached=members > 0 and attendance >= Fraction(quorum),
        votes_cast=votes_cast,
    )


def check_college_votes(votes, proxy_cap):
    """French messages for a college's vote record that cannot be true."""
    errors = []
    voters = votes.present + votes.represented
    ballots = votes.votes_for + votes.votes_against + votes.abstentions + votes.blank
    if ballots > voters:
        errors.append(
            _("%(college)s: %(ballots)s ballots for %(voters)s members present or represented.")
            % {"college": votes.name, "ballots": ballots, "voters": voters}
        )
    if votes.members and voters > votes.members:
        errors.append(
            _("%(college)s: %(voters)s present or represented for %(members)s members.")
            % {"college": votes.name, "voters": voters, "members": votes.members}
        )
    if votes.represented > votes.present * proxy_cap:
        errors.append(
            _(
                "%(college)s: %(represented)s proxies for %(present)s members present; "
                "the statutes allow at most %(cap)s proxies per member."
            )
            % {
                "college": votes.name,
                "represented": votes.represented,
                "present": votes.present,
                "cap": proxy_cap,
            }
        )
    return errors
