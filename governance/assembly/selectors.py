"""Reads of the general assembly: who has a vote, in which college, who attends and how.

A fixed number of queries whatever the number of members (the bureau's live screen calls
these every few seconds): each function reads whole tables filtered by the assembly, never
one row per member.
"""

from dataclasses import dataclass

from django.db.models import Count
from wagtail.models import Page

from governance.models import CollegePage, MemberPage, Statutes

from . import rules
from .models import (
    Attendance,
    Ballot,
    Candidate,
    Channel,
    ElectionChoice,
    Participation,
    Proxy,
    ShowOfHands,
)


@dataclass(frozen=True)
class Voter:
    id: int
    name: str
    college_id: int


@dataclass(frozen=True)
class Electorate:
    """The colleges (in tree order) and the members with a vote on the assembly's day."""

    colleges: list  # CollegePage, in tree order
    voters: dict  # {member id: Voter}

    def college_of(self, member_id):
        voter = self.voters.get(member_id)
        return voter.college_id if voter else None

    def by_college(self, status):
        grouped = {college.pk: {} for college in self.colleges}
        for member_id, value in status.items():
            grouped[self.voters[member_id].college_id][member_id] = value
        return grouped


def electorate(*, assembly):
    """Active, live members under a live college on the day of the assembly: 2 queries."""
    colleges = list(CollegePage.objects.live().order_by("path"))
    by_path = {college.path: college for college in colleges}
    voters = {}
    members = (
        MemberPage.objects.live()
        .active(on=assembly.starts_at.date())
        .order_by("title")
        .values_list("pk", "title", "path")
    )
    for pk, title, path in members:
        college = by_path.get(path[: -Page.steplen])
        if college is not None:
            voters[pk] = Voter(id=pk, name=title, college_id=college.pk)
    return Electorate(colleges=colleges, voters=voters)


def live_proxies(*, assembly):
    return Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True)


def attendance(*, assembly, electorate):
    """{member id: rules.PRESENT | ADVANCE | REPRESENTED | ABSENT}: 3 queries."""
    present = Attendance.objects.filter(assembly=assembly).values_list("member_id", flat=True)
    advance = (
        Participation.objects.filter(resolution__page=assembly, channel=Channel.ADVANCE)
        .values_list("member_id", flat=True)
        .distinct()
    )
    proxies = [
        rules.ProxyLink(giver=giver, holder=holder)
        for giver, holder in live_proxies(assembly=assembly).values_list("giver_id", "holder_id")
    ]
    return rules.attendance_status(
        members=electorate.voters, present=present, advance=advance, proxies=proxies
    )


def quorums(*, assembly, status, statutes):
    """{body: rules.Quorum} for the bodies the assembly holds."""
    bodies = [rules.AGO, rules.AGE] if assembly.bodies == "ago_age" else [assembly.bodies]
    return {
        body: rules.quorum(
            status=status, body=body, convocation=assembly.convocation, statutes=statutes
        )
        for body in bodies
    }


def college_votes(*, resolution, electorate, status):
    """The per-college votes of a resolution (`voting.CollegeVotes`), all channels merged:
    2 queries."""
    return college_votes_by_resolution(
        resolutions=[resolution], electorate=electorate, status=status
    )[resolution.pk]


def college_votes_by_resolution(*, resolutions, electorate, status):
    """{resolution id: its per-college votes} for several resolutions at once: 2 queries
    whatever the number of resolutions and members (none without resolutions)."""
    ids = [resolution.pk for resolution in resolutions]
    if not ids:
        return {}
    ballots = {resolution_id: [] for resolution_id in ids}
    for resolution_id, college_id, choice, count in (
        Ballot.objects.filter(resolution_id__in=ids)
        .values_list("resolution_id", "college_id", "choice")
        .annotate(count=Count("pk"))
        .values_list("resolution_id", "college_id", "choice", "count")
    ):
        ballots[resolution_id] += [(college_id, choice)] * count
    hands = {resolution_id: {} for resolution_id in ids}
    for row in ShowOfHands.objects.filter(resolution_id__in=ids):
        hands[row.resolution_id][row.college_id] = rules.Hands(
            votes_for=row.votes_for, votes_against=row.votes_against, abstentions=row.abstentions
        )
    colleges = [(college.pk, college.title, college.weight) for college in electorate.colleges]
    by_college = electorate.by_college(status)
    return {
        resolution_id: rules.college_votes(
            colleges=colleges,
            status_by_college=by_college,
            ballots=ballots[resolution_id],
            hands=hands[resolution_id],
        )
        for resolution_id in ids
    }


def member_for_user(user):
    """The member page linked to an account, or None."""
    if not user.is_authenticated:
        return None
    return MemberPage.objects.live().filter(user=user).first()


def represented_by(*, assembly, holder):
    """The members whose live proxy `holder` carries."""
    return MemberPage.objects.filter(
        proxies_given__assembly=assembly,
        proxies_given__holder=holder,
        proxies_given__revoked_at__isnull=True,
    ).order_by("title")


@dataclass(frozen=True)
class SheetRow:
    """One line of the attendance sheet (feuille de présence)."""

    member_id: int
    name: str
    status: str  # rules.PRESENT | ADVANCE | REPRESENTED | ABSENT
    holder: str  # who represents the member: a member's name, or "" for a blank proxy
    blank_proxy: bool


@dataclass(frozen=True)
class SheetCollege:
    college: object  # CollegePage
    rows: list

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)


def attendance_sheet(*, assembly):
    """The attendance sheet, per college in tree order, members by name: each present,
    voted in advance, represented (by whom) or absent. A fixed number of queries."""
    electorate_ = electorate(assembly=assembly)
    status = attendance(assembly=assembly, electorate=electorate_)
    proxies = dict(live_proxies(assembly=assembly).values_list("giver_id", "holder_id"))
    names = {voter.id: voter.name for voter in electorate_.voters.values()}
    sheet = []
    for college in electorate_.colleges:
        rows = []
        for voter in electorate_.voters.values():
            if voter.college_id != college.pk:
                continue
            value = status[voter.id]
            holder_id = proxies.get(voter.id) if value == rules.REPRESENTED else None
            rows.append(
                SheetRow(
                    member_id=voter.id,
                    name=voter.name,
                    status=value,
                    holder=names.get(holder_id, "") if holder_id else "",
                    blank_proxy=value == rules.REPRESENTED and holder_id is None,
                )
            )
        sheet.append(SheetCollege(college=college, rows=rows))
    return sheet


def election_result(*, resolution, statutes=None, seed=None):
    """The result of an election (`rules.ElectionResult`) from its ballots as they stand: the
    colleges' weights and reserved seats, the statutes' tie rule; 4 queries whatever the
    number of voters. `seed`: the lot's recorded seed, to redo a draw."""
    statutes = statutes or Statutes.load()
    colleges = list(CollegePage.objects.live().order_by("path"))
    by_path = {college.path: college.pk for college in colleges}
    candidates = [
        rules.Candidacy(
            id=pk, college_id=by_path.get(path[: -Page.steplen]), admitted=admitted, name=name
        )
        for pk, name, path, admitted in Candidate.objects.filter(resolution=resolution)
        .order_by("sort_order", "pk")
        .values_list("pk", "name", "member__path", "member__admission_date")
    ]
    chosen = {
        pk: (college_id, set())
        for pk, college_id in Ballot.objects.filter(resolution=resolution).values_list(
            "pk", "college_id"
        )
    }
    for ballot_id, candidate_id in ElectionChoice.objects.filter(
        ballot__resolution=resolution
    ).values_list("ballot_id", "candidate_id"):
        chosen[ballot_id][1].add(candidate_id)
    return rules.election_results(
        candidates=candidates,
        seats=resolution.seats or 0,
        reserved={college.pk: college.reserved_seats for college in colleges},
        weights={college.pk: college.weight for college in colleges},
        ballots=list(chosen.values()),
        tie_rule=statutes.election_tie_rule,
        seed=seed,
    )
