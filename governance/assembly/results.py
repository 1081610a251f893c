"""Results of the general assembly: each closed resolution fills its decision
(`governance.DecisionPage`), and closing the assembly produces the minutes (procès-verbal) as a
PDF, filed in the members-only collection "Procès-verbaux".

Signatures agreed between the views and this module:

- `file_decision(*, resolution, result, user=None)` -> DecisionPage: called by the bureau's
  "close the vote" after `services.close_poll`; creates or fills the resolution's decision.
- `close_meeting(*, assembly, user)` -> Sitting: closes the assembly, produces and files the
  minutes PDF (`Sitting.minutes`).
- `published_results(*, assembly)`: what the members' results page shows.

**The decision is the record.** Filing a resolution writes its per-college votes (present and
represented as they stood when the vote closed) into the decision's `CollegeVote` rows, with
the weights in force (`governance.services.record_votes`, as the admin does), so the decisions
list, the tally display and the compliance checks work on it unchanged. The results page and
the minutes read those rows back, not the live attendance, which may still change after a
vote closes (a member signing in late).

**Quorum on second convocation.** `DecisionPage.compute_tally` knows the body, not the
convocation: it applies the first convocation's quorum. The assembly's own result
(`services.result_of`), which applies the convocation's, sets the decision's status, and the
tallies here are computed from the decision's rows with the convocation's quorum.
"""

from dataclasses import dataclass

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from coopsite.foundation.models import SiteSettings
from governance import voting
from governance.documents import minutes_collection
from governance.models import (
    CollegePage,
    CollegeVote,
    DecisionBody,
    DecisionIndexPage,
    DecisionPage,
    Statutes,
)
from governance.services import record_votes

from . import convocation, outcomes, rules, selectors, services
from .models import Ballot, Choice, Poll, PollStatus, Proxy, Sitting
from .services import AssemblyError


def user_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- Decisions ---------------------------------------------------------------------------------


def _free_slug(parent, base):
    """`base`, or `base-2`, `base-3`… whichever no child of `parent` has."""
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def decisions_index(*, assembly, user=None):
    """The first live decisions index under the assembly's governance page, created
    ("Décisions", published) when there is none."""
    parent = assembly.get_parent()
    index = DecisionIndexPage.objects.child_of(parent).live().order_by("path").first()
    if index is None:
        with translation.override(settings.LANGUAGE_CODE):  # content, in the site's language
            title = _("Decisions")
        index = DecisionIndexPage(title=title, slug=_free_slug(parent, "decisions"))
        parent.add_child(instance=index)
        index.save_revision(user=user, log_action=True).publish(
            user=user, skip_permission_checks=True
        )
    return index


def decision_number(resolution):
    """AGO-2027-1: the body, the year of the assembly, the resolution's number."""
    year = timezone.localtime(resolution.page.starts_at).year
    return f"{resolution.body.upper()}-{year}-{resolution.number}"


def _college_votes(result, colleges):
    """One CollegeVote per college of `result` (`voting.Tally`), matched with `colleges` (the
    live colleges in tree order, the order in which the result lists them)."""
    if [college.title for college in colleges] != [row.name for row in result.colleges]:
        raise AssemblyError(
            _("The colleges have changed since the vote was counted: close the vote again.")
        )
    return [
        CollegeVote(
            college=college,
            sort_order=position,
            votes_for=row.votes.votes_for,
            votes_against=row.votes.votes_against,
            abstentions=row.votes.abstentions,
            blank=row.votes.blank,
            present=row.votes.present,
            represented=row.votes.represented,
            members=row.votes.members,
        )
        for position, (college, row) in enumerate(zip(colleges, result.colleges, strict=True))
    ]


def file_decision(*, resolution, result, user=None):
    """Create, or fill when the resolution has one, the decision of a closed resolution:
    body, date, number, title, text, one vote row per college (weights in force recorded by
    `record_votes`), status from `result` (`services.close_poll`'s tally), published as a
    revision by `user` (the bureau: their right to close the vote is the permission)."""
    assembly = resolution.page
    colleges = list(CollegePage.objects.live().order_by("path"))
    with transaction.atomic():
        poll = Poll.objects.select_for_update().filter(resolution=resolution).first()
        if poll is None or poll.status != PollStatus.CLOSED:
            raise AssemblyError(_("This vote is not closed: there is no result to record yet."))
        existing = DecisionPage.objects.filter(pk=poll.decision_id).first()
        if existing is not None:
            decision = existing.get_latest_revision_as_object()
        else:
            decision = DecisionPage()
        decision.title = str(resolution.title)
        decision.body = resolution.body
        decision.date = timezone.localtime(assembly.starts_at).date()
        decision.number = decision_number(resolution)
        decision.text = resolution.text
        decision.votes = _college_votes(result, colleges)
        record_votes(decision=decision)  # as the admin's form does: weights, then status
        # The assembly's result applies the quorum of its convocation (see the module's doc).
        decision.status = DecisionPage.status_for(result)
        if existing is None:
            index = decisions_index(assembly=assembly, user=user)
            decision.slug = _free_slug(index, slugify(decision.number) or "decision")
            index.add_child(instance=decision)
        decision.save_revision(user=user, log_action=True).publish(
            user=user, skip_permission_checks=True
        )
        poll.decision = decision
        poll.save(update_fields=["decision"])
    return DecisionPage.objects.get(pk=decision.pk)


def majority_of(resolution, statutes):
    key = (
        statutes.extraordinary_majority
        if resolution.body == rules.AGE
        else statutes.ordinary_majority
    )
    return voting.MAJORITIES[key]


def recorded_result(*, resolution, decision, statutes):
    """The tally of a filed resolution from its decision's vote rows, with the majority of
    its body and the quorum of the assembly's convocation; None without rows."""
    votes = decision.college_votes()
    if not votes:
        return None
    quorum = rules.required_quorum(
        body=resolution.body, convocation=resolution.page.convocation, statutes=statutes
    )
    return voting.tally(votes, majority_of(resolution, statutes), quorum)


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionResult:
    resolution: object  # Resolution
    status: str  # PollStatus
    decision: object  # DecisionPage or None
    tally: object  # voting.Tally, or None when the vote is not closed
    majority: str  # the majority it needs, in words
    outcome: object  # outcomes.Outcome, or None when the vote is not closed
    receipts: list  # secret vote: (receipt, choice label, candidates), sorted by receipt
    names: list  # roll-call vote: (member's name, choice label, candidates), sorted by name

    @property
    def closed(self):
        return self.status == PollStatus.CLOSED

    @property
    def extraordinary(self):
        return self.resolution.body == rules.AGE


def _ballot_lines(resolutions):
    """{resolution id: (receipts, names)} for the closed resolutions: 2 queries."""
    labels = dict(Choice.choices)
    ballots = (
        Ballot.objects.filter(resolution__in=resolutions)
        .select_related("member")
        .prefetch_related("elected__candidate")
    )
    receipts, names = {}, {}
    for ballot in ballots:
        chosen = sorted(str(choice.candidate) for choice in ballot.elected.all())
        label = str(labels.get(ballot.choice, ballot.choice))
        if ballot.member_id is not None:
            names.setdefault(ballot.resolution_id, []).append((ballot.member.title, label, chosen))
        else:
            receipts.setdefault(ballot.resolution_id, []).append((ballot.receipt, label, chosen))
    return {
        resolution.pk: (
            outcomes.published_receipts(receipts.get(resolution.pk, [])),
            sorted(names.get(resolution.pk, []), key=lambda line: line[0].casefold()),
        )
        for resolution in resolutions
    }


def resolution_results(*, assembly, statutes=None, closed_only=False):
    """Each resolution of the agenda, in order, with its poll's status and, once closed, its
    recorded result and published ballots."""
    statutes = statutes or Statutes.load()
    resolutions = list(assembly.resolutions.order_by("sort_order", "pk"))
    polls = {
        poll.resolution_id: poll
        for poll in Poll.objects.filter(resolution__page=assembly).select_related("decision")
    }
    closed = [
        resolution
        for resolution in resolutions
        if resolution.pk in polls and polls[resolution.pk].status == PollStatus.CLOSED
    ]
    ballots = _ballot_lines(closed)
    results = []
    for resolution in resolutions:
        poll = polls.get(resolution.pk)
        status = poll.status if poll else PollStatus.PENDING
        if closed_only and status != PollStatus.CLOSED:
            continue
        tally = outcome = None
        decision = poll.decision if poll else None
        if status == PollStatus.CLOSED:
            if decision is not None:
                tally = recorded_result(resolution=resolution, decision=decision, statutes=statutes)
            if tally is None:
                tally = services.result_of(resolution=resolution, statutes=statutes)
            outcome = outcomes.outcome(tally)
        receipts, names = ballots.get(resolution.pk, ([], []))
        results.append(
            ResolutionResult(
                resolution=resolution,
                status=status,
                decision=decision,
                tally=tally,
                majority=outcomes.majority_label(majority_of(resolution, statutes)),
                outcome=outcome,
                receipts=receipts,
                names=names,
            )
        )
    return results


def published_results(*, assembly):
    """What members see once votes are closed: the closed resolutions only."""
    return resolution_results(assembly=assembly, closed_only=True)


# --- Minutes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuorumLine:
    body: str  # label
    required: object  # Decimal percent
    attendance: object  # Decimal percent
    counted: int
    members: int
    reached: bool


def minutes_context(*, assembly, sitting, statutes=None):
    """Everything the minutes say, read in a fixed number of queries per resolution."""
    statutes = statutes or Statutes.load()
    electorate = selectors.electorate(assembly=assembly)
    status = selectors.attendance(assembly=assembly, electorate=electorate)
    body_labels = dict(DecisionBody.choices)
    quorums = [
        QuorumLine(
            body=str(body_labels[body]),
            required=outcomes.percent(quorum.required),
            attendance=outcomes.percent(quorum.attendance),
            counted=quorum.counted,
            members=quorum.members,
            reached=quorum.reached,
        )
        for body, quorum in selectors.quorums(
            assembly=assembly, status=status, statutes=statutes
        ).items()
    ]
    chair = user_name(assembly.chair)
    sheet = [
        {
            "college": part.college,
            "rows": [
                (
                    row.name,
                    row.status,
                    outcomes.attendance_label(row.status, holder=row.holder, chair=chair),
                )
                for row in part.rows
            ],
            "present": part.count(rules.PRESENT),
            "advance": part.count(rules.ADVANCE),
            "represented": part.count(rules.REPRESENTED),
            "absent": part.count(rules.ABSENT),
        }
        for part in selectors.attendance_sheet(assembly=assembly)
    ]
    proxies = (
        Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True)
        .select_related("giver", "holder")
        .order_by("giver__title")
    )
    return {
        "cooperative_name": SiteSettings.load().cooperative_name,
        "assembly": assembly,
        "sitting": sitting,
        "chair": chair,
        "secretary": user_name(assembly.secretary),
        "scrutineers": [user_name(user) for user in assembly.scrutineers.order_by("last_name")],
        "quorums": quorums,
        "results": resolution_results(assembly=assembly, statutes=statutes),
        "sheet": sheet,
        "proxies": [
            (
                proxy.giver.title,
                proxy.holder.title
                if proxy.holder
                else outcomes.attendance_label(rules.REPRESENTED, chair=chair),
            )
            for proxy in proxies
        ],
        "signed_on": timezone.localtime(sitting.closed_at or timezone.now()).date(),
    }


def minutes_pdf(*, assembly, sitting):
    """The minutes as PDF bytes (WeasyPrint), in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "assembly/minutes_pdf.html", minutes_context(assembly=assembly, sitting=sitting)
        )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _attach_minutes(decision, document, user):
    latest = decision.get_latest_revision_as_object()
    latest.minutes = document
    latest.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)


def close_meeting(*, assembly, user):
    """Close the assembly (once): refused while a vote is open. Any closed vote not filed yet
    is filed; the minutes are produced, filed in the members-only "Procès-verbaux" and linked
    from the sitting and from each decision of the assembly."""
    services.sitting_of(assembly)
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().get(assembly=assembly)
        if sitting.opened_at is None:
            raise AssemblyError(_("The meeting has not been opened."))
        if sitting.closed_at is not None:
            raise AssemblyError(_("The assembly is already closed."))
        still_open = list(
            Poll.objects.filter(resolution__page=assembly, status=PollStatus.OPEN)
            .order_by("resolution__sort_order")
            .values_list("resolution__number", flat=True)
        )
        if still_open:
            raise AssemblyError(
                _("A vote is still open (resolution %(numbers)s): close it first.")
                % {"numbers": ", ".join(still_open)}
            )
        for poll in Poll.objects.filter(
            resolution__page=assembly, status=PollStatus.CLOSED, decision__isnull=True
        ).select_related("resolution"):
            file_decision(
                resolution=poll.resolution,
                result=services.result_of(resolution=poll.resolution),
                user=user,
            )
        sitting.closed_at = timezone.now()
        sitting.save(update_fields=["closed_at"])

        pdf = minutes_pdf(assembly=assembly, sitting=sitting)
        document = get_document_model()(
            title=_("Minutes — %(title)s") % {"title": assembly.title},
            collection=minutes_collection(),
            uploaded_by_user=user,
            file_size=len(pdf),
        )
        document.file.save(f"proces-verbal-{assembly.slug}.pdf", ContentFile(pdf), save=False)
        document.save()
        sitting.minutes = document
        sitting.save(update_fields=["minutes"])
        decisions = DecisionPage.objects.filter(
            pk__in=Poll.objects.filter(resolution__page=assembly).values("decision")
        )
        for decision in decisions:
            _attach_minutes(decision, document, user)
        convocation.notify_results(assembly=assembly)  # e-mails leave once this commits
    return sitting
