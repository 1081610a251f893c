"""Writes of the general assembly: proxies, attendance, votes, opening and closing.

Plain functions with keyword arguments. Each checks the rules (`governance.assembly.rules`)
and raises `AssemblyError` (a ValidationError with French messages) without changing anything
when one is broken. What users count on under concurrency is held by the database: one live
proxy per giver and one vote per member and resolution are unique constraints; a holder's
proxy cap is checked with the holder's row locked.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import MemberPage, Statutes

from . import rules, selectors, tasks
from .models import (
    Attendance,
    Ballot,
    Channel,
    Participation,
    Poll,
    PollStatus,
    Proxy,
    ResolutionKind,
    ShowOfHands,
    Sitting,
)


class AssemblyError(ValidationError):
    pass


def _check(errors):
    if errors:
        raise AssemblyError(errors)


def sitting_of(assembly):
    sitting, _created = Sitting.objects.get_or_create(assembly=assembly)
    return sitting


def poll_of(resolution):
    poll, _created = Poll.objects.get_or_create(resolution=resolution)
    return poll


def advance_vote_deadline(*, assembly, statutes=None):
    if assembly.advance_vote_deadline:
        return assembly.advance_vote_deadline
    statutes = statutes or Statutes.load()
    return assembly.starts_at - timedelta(hours=statutes.advance_vote_hours)


def meeting_opened(assembly):
    return Sitting.objects.filter(assembly=assembly, opened_at__isnull=False).exists()


# --- Proxies -----------------------------------------------------------------------------------


def give_proxy(*, assembly, giver, holder):
    """`giver` is represented by `holder` (a MemberPage, or None for a blank proxy).

    The holder's row is locked while its proxies are counted, so two members giving their
    proxy to the same holder at the same moment never take it over the cap."""
    statutes = Statutes.load()
    electorate = selectors.electorate(assembly=assembly)
    with transaction.atomic():
        if holder is not None:
            MemberPage.objects.select_for_update().filter(pk=holder.pk).first()
        live = selectors.live_proxies(assembly=assembly)
        _check(
            rules.proxy_errors(
                giver=giver.pk,
                holder=holder.pk if holder else None,
                proxy_cap=statutes.proxy_cap,
                # Not counting the giver's own proxy to the same holder, which this replaces.
                holder_carries=(
                    live.filter(holder=holder).exclude(giver=giver).count() if holder else 0
                ),
                holder_gave_proxy=bool(holder) and live.filter(giver=holder).exists(),
                giver_holds_proxies=live.filter(holder=giver).exists(),
                giver_voted_in_advance=Participation.objects.filter(
                    resolution__page=assembly, member=giver, channel=Channel.ADVANCE
                ).exists(),
                giver_present=Attendance.objects.filter(assembly=assembly, member=giver).exists(),
                meeting_opened=meeting_opened(assembly),
                holder_is_member=holder is None or holder.pk in electorate.voters,
                giver_is_member=giver.pk in electorate.voters,
            )
        )
        # Giving a new proxy replaces the one given before (its holder is told).
        for replaced in live.filter(giver=giver, holder__isnull=False).values_list("pk", flat=True):
            tasks.enqueue_on_commit(tasks.send_proxy_email, replaced, True)
        live.filter(giver=giver).update(revoked_at=timezone.now())
        try:
            with transaction.atomic():
                proxy = Proxy.objects.create(assembly=assembly, giver=giver, holder=holder)
        except IntegrityError as error:  # the same giver, at the same moment
            raise AssemblyError(_("Your proxy was already being recorded.")) from error
        if holder is not None:
            tasks.enqueue_on_commit(tasks.send_proxy_email, proxy.pk, False)
    return proxy


def revoke_proxy(*, proxy):
    _check(rules.revoke_errors(meeting_opened=meeting_opened(proxy.assembly)))
    if proxy.revoked_at is None:
        proxy.revoked_at = timezone.now()
        proxy.save(update_fields=["revoked_at"])
        if proxy.holder_id is not None:
            tasks.enqueue_on_commit(tasks.send_proxy_email, proxy.pk, True)
    return proxy


# --- Attendance --------------------------------------------------------------------------------


def sign_in(*, assembly, member, by, method):
    """Sign a member in (émargement); signing in twice changes nothing. Returns
    (attendance, created)."""
    electorate = selectors.electorate(assembly=assembly)
    if member.pk not in electorate.voters:
        raise AssemblyError(_("%(member)s has no vote at this assembly.") % {"member": member})
    if Sitting.objects.filter(assembly=assembly, closed_at__isnull=False).exists():
        raise AssemblyError(_("The assembly is closed."))
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                assembly=assembly, member=member, signed_in_by=by, method=method
            ), True
    except IntegrityError:
        return Attendance.objects.get(assembly=assembly, member=member), False


# --- Votes -------------------------------------------------------------------------------------


def record_vote(*, resolution, member, college_id, choice, channel, cast_by, candidates=()):
    """Write one vote: its participation (unique per member and resolution: a second vote,
    even at the same moment, fails here) and its ballot, in one transaction. Returns the
    ballot, whose receipt only the voter receives. In an election the ballot holds the
    `candidates` chosen (Candidate instances; none: a blank ballot) and `choice` is ignored."""
    if resolution.kind == ResolutionKind.ELECTION:
        candidates = list(candidates)
        _check(
            rules.election_choice_errors(
                chosen=[candidate.pk for candidate in candidates],
                candidates=resolution.candidates.values_list("pk", flat=True),
                seats=resolution.seats or 0,
            )
        )
        choice = ""
    elif choice not in (rules.FOR, rules.AGAINST, rules.ABSTAIN):
        raise AssemblyError(_("Choose for, against or abstention."))
    try:
        with transaction.atomic():
            Participation.objects.create(
                resolution=resolution,
                member=member,
                college_id=college_id,
                channel=channel,
                cast_by=cast_by,
            )
            ballot = Ballot.objects.create(
                resolution=resolution,
                college_id=college_id,
                choice=choice,
                member=member if resolution.roll_call else None,
            )
            for candidate in candidates:
                ballot.elected.create(candidate=candidate)
    except IntegrityError as error:
        raise AssemblyError(_("This vote is already recorded.")) from error
    return ballot


def vote_in_advance(*, resolution, member, choice, user, now=None, candidates=()):
    assembly = resolution.page
    electorate = selectors.electorate(assembly=assembly)
    college_id = electorate.college_of(member.pk)
    if college_id is None:
        raise AssemblyError(_("%(member)s has no vote at this assembly.") % {"member": member})
    _check(
        rules.advance_vote_errors(
            now=now or timezone.now(),
            deadline=advance_vote_deadline(assembly=assembly),
            gave_proxy=selectors.live_proxies(assembly=assembly).filter(giver=member).exists(),
            already_voted=Participation.objects.filter(
                resolution=resolution, member=member
            ).exists(),
            meeting_opened=meeting_opened(assembly),
        )
    )
    return record_vote(
        resolution=resolution,
        member=member,
        college_id=college_id,
        choice=choice,
        channel=Channel.ADVANCE,
        cast_by=user,
        candidates=candidates,
    )


def vote_at_meeting(*, resolution, voter, member, choice, user, candidates=()):
    """`voter` (present) votes for `member`: themselves, or a member whose proxy they carry.
    The vote counts in `member`'s college."""
    assembly = resolution.page
    electorate = selectors.electorate(assembly=assembly)
    college_id = electorate.college_of(member.pk)
    represents = member.pk == voter.pk or (
        selectors.live_proxies(assembly=assembly).filter(giver=member, holder=voter).exists()
    )
    poll = Poll.objects.filter(resolution=resolution).first()
    _check(
        rules.meeting_vote_errors(
            poll_open=poll is not None and poll.status == PollStatus.OPEN,
            voter_present=Attendance.objects.filter(assembly=assembly, member=voter).exists(),
            represents=represents and college_id is not None,
            already_voted=False,  # the unique constraint answers, even at the same moment
            represented_present=member.pk != voter.pk
            and Attendance.objects.filter(assembly=assembly, member=member).exists(),
        )
    )
    return record_vote(
        resolution=resolution,
        member=member,
        college_id=college_id,
        choice=choice,
        channel=Channel.MEETING if member.pk == voter.pk else Channel.PROXY,
        cast_by=user,
        candidates=candidates,
    )


def record_show_of_hands(*, resolution, college, votes_for, votes_against, abstentions, user):
    """The bureau counts hands in one college on an open resolution, for members voting
    without a phone; counting again in the same college replaces the count. Refused, with
    nothing changed, when hands and votes would outnumber the college's members present or
    represented (`rules.show_of_hands_errors`)."""
    assembly = resolution.page
    electorate = selectors.electorate(assembly=assembly)
    if college.pk not in {known.pk for known in electorate.colleges}:
        raise AssemblyError(_("This college does not vote at this assembly."))
    hands = rules.Hands(votes_for=votes_for, votes_against=votes_against, abstentions=abstentions)
    with transaction.atomic():
        # Locked as `close_poll` locks it: hands are never counted into a closing vote.
        poll = Poll.objects.select_for_update().filter(resolution=resolution).first()
        if poll is None or poll.status != PollStatus.OPEN:
            raise AssemblyError(_("This resolution is not open for votes."))
        status = selectors.attendance(assembly=assembly, electorate=electorate)
        in_college = electorate.by_college(status)[college.pk]
        voted = set(
            Participation.objects.filter(resolution=resolution).values_list("member_id", flat=True)
        )
        blank_givers = selectors.live_proxies(assembly=assembly).filter(holder__isnull=True)
        pending_blank = sum(
            1
            for giver_id in blank_givers.values_list("giver_id", flat=True)
            if in_college.get(giver_id) == rules.REPRESENTED and giver_id not in voted
        )
        values = in_college.values()
        _check(
            rules.show_of_hands_errors(
                college=college.title,
                hands=hands,
                ballots=Ballot.objects.filter(resolution=resolution, college=college).count(),
                present=sum(1 for value in values if value in (rules.PRESENT, rules.ADVANCE)),
                represented=sum(1 for value in values if value == rules.REPRESENTED),
                blank_proxies=pending_blank,
            )
        )
        row, _created = ShowOfHands.objects.update_or_create(
            resolution=resolution,
            college=college,
            defaults={
                "votes_for": votes_for,
                "votes_against": votes_against,
                "abstentions": abstentions,
                "recorded_by": user,
            },
        )
    return row


# --- Opening and closing -----------------------------------------------------------------------


def open_meeting(*, assembly):
    sitting = sitting_of(assembly)
    if sitting.opened_at is None:
        sitting.opened_at = timezone.now()
        sitting.save(update_fields=["opened_at"])
    return sitting


def open_poll(*, resolution):
    assembly = resolution.page
    sitting = sitting_of(assembly)
    if sitting.opened_at is None:
        raise AssemblyError(_("Open the meeting first."))
    if sitting.closed_at is not None:
        raise AssemblyError(_("The assembly is closed."))
    poll = poll_of(resolution)
    if poll.status == PollStatus.CLOSED:
        raise AssemblyError(_("This vote is closed."))
    updated = Poll.objects.filter(pk=poll.pk, status=PollStatus.PENDING).update(
        status=PollStatus.OPEN, opened_at=timezone.now()
    )
    poll.refresh_from_db()
    return poll, bool(updated)


def vote_blank_proxies(*, resolution, electorate, status):
    """The chair votes each blank proxy whose giver has not voted, as the board recommends."""
    choice = rules.blank_proxy_choice(resolution.recommendation)
    voted = set(
        Participation.objects.filter(resolution=resolution).values_list("member_id", flat=True)
    )
    givers = selectors.live_proxies(assembly=resolution.page).filter(holder__isnull=True)
    for giver_id in givers.values_list("giver_id", flat=True):
        if giver_id in voted or status.get(giver_id) != rules.REPRESENTED:
            continue
        try:
            record_vote(
                resolution=resolution,
                member=MemberPage(pk=giver_id),
                college_id=electorate.college_of(giver_id),
                choice=choice,
                channel=Channel.BLANK_PROXY,
                cast_by=resolution.page.chair,
            )
        except AssemblyError:
            continue


def close_poll(*, resolution):
    """Close the vote (only once, even if two members of the bureau press at the same time):
    the blank proxies vote as the board recommends, and the result is computed. Returns
    (poll, tally). Filing the decision is `governance.assembly.results.file_decision`."""
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(resolution=resolution)
        if poll.status != PollStatus.OPEN:
            raise AssemblyError(_("This vote is not open."))
        electorate = selectors.electorate(assembly=resolution.page)
        status = selectors.attendance(assembly=resolution.page, electorate=electorate)
        vote_blank_proxies(resolution=resolution, electorate=electorate, status=status)
        poll.status = PollStatus.CLOSED
        poll.closed_at = timezone.now()
        poll.save(update_fields=["status", "closed_at"])
    return poll, result_of(resolution=resolution)


def result_of(*, resolution, statutes=None):
    """The weighted result (`voting.Tally`) of a resolution as its votes stand."""
    statutes = statutes or Statutes.load()
    assembly = resolution.page
    electorate = selectors.electorate(assembly=assembly)
    status = selectors.attendance(assembly=assembly, electorate=electorate)
    votes = selectors.college_votes(resolution=resolution, electorate=electorate, status=status)
    return rules.resolution_tally(
        body=resolution.body, convocation=assembly.convocation, votes=votes, statutes=statutes
    )
