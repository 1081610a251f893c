"""The general assembly's rules, as plain functions on plain values (model statutes of a SCIC,
art. 19 octies of law 47-1775), so that a lawyer can check them and the tests work through
cases by hand. Services and views call these; they never re-implement them.

- **Proxies (pouvoirs).** A member is represented by another member only, never by itself; a
  holder carries at most `proxy_cap` proxies; no chain: a member who gave a proxy holds none,
  and a holder does not give one; a member who voted in advance gives none (they already
  count as present). A blank proxy (no holder) goes to the chair, who votes as the board
  recommends; blank proxies do not count against a cap. Revocable until the meeting opens.
- **Attendance.** Each member with a vote counts once, in this order: present (signed in),
  voted in advance, represented (a live proxy whose holder is present, or a blank proxy), or
  absent. Present, advance voters and represented members all count for the quorum.
- **Quorum** per body and convocation, from the statutes: on first convocation the AGO needs
  `ordinary_quorum` %, the AGE `extraordinary_quorum` %; on second convocation
  `second_ordinary_quorum` % (0: none) and `second_extraordinary_quorum` %.
- **Who votes on what.** Before the meeting, until the deadline, a member who gave no proxy
  votes in advance; during the meeting, on an open resolution, a present member votes for
  themselves and a present holder for each member they represent; nobody votes twice.
- **Elections.** Each ballot chooses up to `seats` candidates (none: a blank ballot, not a
  vote cast). A candidate's score is, over the colleges where ballots were cast, the college's
  weight (shared among those colleges, as `voting.tally` does) times the share of that
  college's ballots choosing the candidate. Seats reserved to a college go first to that
  college's best candidates, the other seats by score; a candidate nobody chose is not elected.
  Ties follow the statutes: the member admitted first, or lots drawn with a recorded seed.
- **Per college.** Within a college one member, one vote: the ballots cast by phone, in advance
  and by proxy holders, the blank proxies as the board recommends and the show of hands the
  bureau counted add up in the college of the member whose vote it is, then
  `governance.voting.tally` weighs the colleges.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.utils.translation import gettext as _

from governance import voting

AGO = "ago"
AGE = "age"
FIRST = 1
SECOND = 2

PRESENT = "present"
ADVANCE = "advance"
REPRESENTED = "represented"
ABSENT = "absent"

FOR = "for"
AGAINST = "against"
ABSTAIN = "abstain"


# --- Proxies -----------------------------------------------------------------------------------


def proxy_errors(
    *,
    giver,
    holder,
    proxy_cap,
    holder_carries=0,
    holder_gave_proxy=False,
    giver_holds_proxies=False,
    giver_voted_in_advance=False,
    giver_present=False,
    meeting_opened=False,
    holder_is_member=True,
    giver_is_member=True,
):
    """French messages for each rule that giving a proxy from `giver` to `holder` (member
    ids; `holder` None: a blank proxy, to the chair) breaks. `holder_carries`: the live
    proxies the holder already carries."""
    errors = []
    if not giver_is_member:
        errors.append(_("Only a member with a vote at this assembly can give a proxy."))
    if meeting_opened:
        errors.append(_("The meeting has opened: proxies can no longer be given or revoked."))
    if giver_voted_in_advance:
        errors.append(_("You have voted in advance: you already count as present."))
    if giver_present:
        errors.append(_("You are signed in at the meeting: you vote yourself."))
    if giver_holds_proxies:
        errors.append(_("You carry proxies of other members: a proxy holder cannot pass them on."))
    if holder is None:
        return errors
    if holder == giver:
        errors.append(_("A member cannot give a proxy to themselves."))
    if not holder_is_member:
        errors.append(_("A proxy can only be given to another member with a vote."))
    if holder_gave_proxy:
        errors.append(_("This member has given a proxy themselves: a proxy cannot be passed on."))
    if holder_carries >= proxy_cap:
        errors.append(
            _("This member already carries %(count)s proxies, the most the statutes allow.")
            % {"count": holder_carries}
        )
    return errors


def revoke_errors(*, meeting_opened):
    if meeting_opened:
        return [_("The meeting has opened: proxies can no longer be given or revoked.")]
    return []


# --- Attendance and quorum ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProxyLink:
    giver: int
    holder: int | None  # None: blank proxy, to the chair


def attendance_status(*, members, present, advance, proxies):
    """{member id: PRESENT | ADVANCE | REPRESENTED | ABSENT} for each member with a vote.

    `present`: ids signed in; `advance`: ids who voted in advance on at least one resolution;
    `proxies`: live ProxyLinks. A named proxy represents its giver only when the holder is
    present; a blank proxy always does (the chair opens the meeting)."""
    present, advance = set(present), set(advance)
    represented = {
        proxy.giver for proxy in proxies if proxy.holder is None or proxy.holder in present
    }
    status = {}
    for member in members:
        if member in present:
            status[member] = PRESENT
        elif member in advance:
            status[member] = ADVANCE
        elif member in represented:
            status[member] = REPRESENTED
        else:
            status[member] = ABSENT
    return status


def required_quorum(*, body, convocation, statutes):
    """The fraction of members with a vote who must be present, represented or have voted in
    advance. `statutes`: anything with the Statutes settings' quorum fields (percent)."""
    if body == AGE:
        percent = (
            statutes.extraordinary_quorum
            if convocation == FIRST
            else statutes.second_extraordinary_quorum
        )
    else:
        percent = (
            statutes.ordinary_quorum if convocation == FIRST else statutes.second_ordinary_quorum
        )
    return Fraction(percent, 100)


@dataclass(frozen=True)
class Quorum:
    required: Fraction
    counted: int  # present, represented or voted in advance
    members: int

    @property
    def attendance(self):
        return Fraction(self.counted, self.members) if self.members else Fraction(0)

    @property
    def reached(self):
        return self.members > 0 and self.attendance >= self.required

    @property
    def missing(self):
        """How many more members must attend for the quorum (0 once reached)."""
        needed = self.required * self.members
        whole = needed.numerator // needed.denominator + (needed.denominator != 1)
        return max(0, whole - self.counted)


def quorum(*, status, body, convocation, statutes):
    """The quorum of one body given `attendance_status`'s result."""
    counted = sum(1 for value in status.values() if value != ABSENT)
    return Quorum(
        required=required_quorum(body=body, convocation=convocation, statutes=statutes),
        counted=counted,
        members=len(status),
    )


# --- Who votes on what -------------------------------------------------------------------------


def blank_proxy_choice(recommendation):
    """How the chair votes a blank proxy: as the board recommends, else abstains."""
    return {FOR: FOR, AGAINST: AGAINST}.get(recommendation, ABSTAIN)


def advance_vote_errors(*, now, deadline, gave_proxy, already_voted, meeting_opened):
    errors = []
    if meeting_opened or now >= deadline:
        errors.append(_("Advance votes are closed."))
    if gave_proxy:
        errors.append(_("You have given a proxy: revoke it first if you want to vote yourself."))
    if already_voted:
        errors.append(_("Your vote on this resolution is already recorded."))
    return errors


def meeting_vote_errors(
    *, poll_open, voter_present, represents, already_voted, represented_present=False
):
    """May a present member (or the holder of their proxy) vote for `represents` now?

    `represented_present`: the holder votes for another member who is signed in themselves;
    present comes before represented (see `attendance_status`), so that member votes."""
    errors = []
    if not poll_open:
        errors.append(_("This resolution is not open for votes."))
    if not voter_present:
        errors.append(_("Only members signed in at the meeting vote during it."))
    if not represents:
        errors.append(_("You do not vote for this member."))
    elif represented_present:
        errors.append(_("This member is signed in at the meeting: they vote themselves."))
    if already_voted:
        errors.append(_("This vote is already recorded."))
    return errors


# --- Merging the votes per college -------------------------------------------------------------


@dataclass(frozen=True)
class Hands:
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0


def college_votes(*, colleges, status_by_college, ballots, hands):
    """One `voting.CollegeVotes` per college, in the order of `colleges`.

    `colleges`: (id, name, weight) in order; `status_by_college`: {college id: {member id:
    attendance status}}; `ballots`: (college id, choice) for every ballot cast (phone,
    advance, proxy holder, blank proxy); `hands`: {college id: Hands} counted by the bureau.
    Advance voters count as present; represented members as represented."""
    counts = Counter(ballots)
    result = []
    for college_id, name, weight in colleges:
        status = status_by_college.get(college_id, {})
        shown = hands.get(college_id, Hands())
        result.append(
            voting.CollegeVotes(
                name=name,
                weight=weight,
                votes_for=counts[(college_id, FOR)] + shown.votes_for,
                votes_against=counts[(college_id, AGAINST)] + shown.votes_against,
                abstentions=counts[(college_id, ABSTAIN)] + shown.abstentions,
                present=sum(1 for value in status.values() if value in (PRESENT, ADVANCE)),
                represented=sum(1 for value in status.values() if value == REPRESENTED),
                members=len(status),
            )
        )
    return result


# --- Elections ---------------------------------------------------------------------------------

SENIORITY = "seniority"
LOT = "lot"


@dataclass(frozen=True)
class Candidacy:
    id: int
    college_id: int  # the candidate member's college
    admitted: date | None  # the member's admission date (None: unknown, ranks last)
    name: str = ""


@dataclass(frozen=True)
class ElectionResult:
    scores: dict  # {candidate id: Fraction}, weighted share of ballots choosing them
    ranking: list  # candidate ids, best first, ties broken by the rule
    elected: list  # candidate ids in the order their seats were filled
    reserved: dict  # {candidate id: college id} for those elected on a reserved seat
    ties: list = field(default_factory=list)  # tuples of tied ids the rule had to decide
    tie_rule: str = SENIORITY
    seed: int | None = None  # the lot's seed, to redo the draw (LOT only)


def election_choice_errors(*, chosen, candidates, seats):
    """French messages for a ballot choosing `chosen` (candidate ids) among `candidates`
    (ids) for `seats` seats. Choosing nobody is a blank ballot, which is valid."""
    chosen = list(chosen)
    errors = []
    if len(set(chosen)) != len(chosen):
        errors.append(_("Each candidate can be chosen only once."))
    if len(set(chosen)) > seats:
        errors.append(
            _("Choose at most %(seats)s candidates (%(count)s chosen).")
            % {"seats": seats, "count": len(set(chosen))}
        )
    if set(chosen) - set(candidates):
        errors.append(_("This candidate does not stand in this election."))
    return errors


def election_results(*, candidates, seats, reserved, weights, ballots, tie_rule, seed=None):
    """Who is elected.

    `candidates`: Candidacy values; `seats`: how many to elect; `reserved`: {college id: seats
    reserved to that college}; `weights`: {college id: weight, or None when the statutes set
    none}; `ballots`: (college id, candidate ids chosen) for every ballot; `tie_rule`:
    SENIORITY or LOT; `seed`: the lot's seed (drawn and returned when None)."""
    candidates = list(candidates)
    known = {candidate.id for candidate in candidates}
    cast = Counter()
    chosen = Counter()
    for college_id, choice in ballots:
        choice = set(choice) & known
        if not choice:
            continue  # a blank ballot is not a vote cast
        cast[college_id] += 1
        for candidate_id in choice:
            chosen[(college_id, candidate_id)] += 1
    college_ids = list(weights)
    applied = dict(
        zip(college_ids, voting.effective_weights([weights[c] for c in college_ids]), strict=True)
    )
    voting_weight = sum((Fraction(applied[c]) for c in college_ids if cast[c]), Fraction(0))
    scores = {}
    for candidate in candidates:
        score = Fraction(0)
        for college_id in college_ids:
            if cast[college_id]:
                part = Fraction(applied[college_id]) / voting_weight
                score += part * Fraction(chosen[(college_id, candidate.id)], cast[college_id])
        scores[candidate.id] = score

    if tie_rule == LOT:
        if seed is None:
            seed = random.SystemRandom().randrange(2**32)
        draw = random.Random(seed)  # noqa: S311 - a seeded draw, redone from its recorded seed
        lot = {candidate_id: draw.random() for candidate_id in sorted(known)}

        def tie_key(candidate):
            return lot[candidate.id]
    else:
        seed = None

        def tie_key(candidate):
            return (candidate.admitted or date.max, candidate.id)

    ranked = sorted(candidates, key=lambda candidate: (-scores[candidate.id], tie_key(candidate)))
    elected, on_reserved = [], {}
    for college_id in college_ids:
        wanted = reserved.get(college_id, 0)
        for candidate in ranked:
            if wanted <= 0 or len(elected) >= seats:
                break
            if candidate.college_id == college_id and scores[candidate.id] > 0:
                elected.append(candidate.id)
                on_reserved[candidate.id] = college_id
                wanted -= 1
    for candidate in ranked:
        if len(elected) >= seats:
            break
        if candidate.id not in elected and scores[candidate.id] > 0:
            elected.append(candidate.id)

    ties = []
    by_score = {}
    for candidate in ranked:
        by_score.setdefault(scores[candidate.id], []).append(candidate.id)
    for score, group in by_score.items():
        outcome = {candidate_id in elected for candidate_id in group}
        if score > 0 and len(group) > 1 and len(outcome) == 2:
            ties.append(tuple(group))
    return ElectionResult(
        scores=scores,
        ranking=[candidate.id for candidate in ranked],
        elected=elected,
        reserved=on_reserved,
        ties=ties,
        tie_rule=tie_rule,
        seed=seed,
    )


def show_of_hands_errors(*, college, hands, ballots, present, represented, blank_proxies=0):
    """French messages when a show of hands counted in one college cannot be true.

    Every vote in a college belongs to one of its members present (advance voters count as
    present), or represented: the hands raised, the ballots already cast there (phone, advance,
    proxy holders) and the blank proxies the chair will vote at the close (`blank_proxies`:
    those not voted yet) add up to at most that many members."""
    raised = hands.votes_for + hands.votes_against + hands.abstentions
    voters = present + represented
    if raised + ballots + blank_proxies > voters:
        return [
            _(
                "%(college)s: %(hands)s hands raised and %(ballots)s votes already recorded, "
                "for %(voters)s members present or represented. Nothing was recorded."
            )
            % {
                "college": college,
                "hands": raised,
                "ballots": ballots + blank_proxies,
                "voters": voters,
            }
        ]
    return []


def close_meeting_errors(*, meeting_opened, open_votes):
    """May the bureau close the assembly? Not before it opens, nor while a vote is open."""
    errors = []
    if not meeting_opened:
        errors.append(_("The meeting has not been opened."))
    if open_votes:
        errors.append(_("A vote is still open: close it before closing the assembly."))
    return errors


def resolution_tally(*, body, convocation, votes, statutes):
    """The weighted result of a resolution of `body` given its per-college `votes`: the
    majority and the quorum of its body and convocation, from the statutes."""
    majority = statutes.extraordinary_majority if body == AGE else statutes.ordinary_majority
    required = required_quorum(body=body, convocation=convocation, statutes=statutes)
    return voting.tally(votes, voting.MAJORITIES[majority], required)
