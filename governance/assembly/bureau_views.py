"""The bureau's screens on the day of the assembly (chair, secretary, scrutineers, and
administrators: `AssemblyPage.is_bureau`):

- `bureau/`: the live screen: quorum per body, attendance counts per college, the agenda with
  each vote's status and the number of votes cast (never what they are while the vote is open;
  the per-college result once closed), the buttons that open the meeting, open and close each
  vote and close the assembly, the show of hands per college, and signing members in by name;
- `bureau/etat/`: the same numbers as JSON, which `static/js/assembly-bureau.js` reads every
  few seconds to refresh the screen without a reload. A fixed number of queries, whatever the
  number of members;
- `emargement/<token>/`: the address in a member's QR code; the bureau scans it and confirms;
- `feuille-de-presence/`: the printable attendance sheet (bureau and editors).

Views are thin: the rules are `rules`, the reads `selectors`, the writes `services` and
`results`. Anything refused comes back as a French message, with nothing changed.
"""

import functools
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coopsite.foundation.routes import page_route
from governance.models import MemberPage, Statutes

from . import results, rules, selectors, services, tokens
from .models import (
    AssemblyPage,
    AttendanceMethod,
    Participation,
    Poll,
    PollStatus,
    ShowOfHands,
    Sitting,
)

SEARCH_LIMIT = 20


def bureau_only(view):
    """Anonymous visitors log in; logged-in users outside the bureau get a 403."""

    @functools.wraps(view)
    def wrapped(assembly, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not assembly.is_bureau(request.user):
            raise PermissionDenied
        return view(assembly, request, *args, **kwargs)

    return wrapped


# --- What the screen shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class CollegeCount:
    college: object  # CollegePage
    counts: Counter  # {rules.PRESENT | ADVANCE | REPRESENTED | ABSENT: members}
    members: int


@dataclass(frozen=True)
class PollLine:
    resolution: object  # Resolution
    status: str  # PollStatus
    votes_cast: int  # participations: who voted, never what
    result: object  # voting.Tally once the vote is closed, else None
    hands: list = ()  # while open: (CollegePage, its ShowOfHands or None) per college

    @property
    def status_label(self):
        return PollStatus(self.status).label

    @property
    def is_open(self):
        return self.status == PollStatus.OPEN

    @property
    def is_closed(self):
        return self.status == PollStatus.CLOSED


@dataclass(frozen=True)
class LiveState:
    opened: bool
    closed: bool
    quorums: dict  # {body: rules.Quorum}
    counts: Counter
    members: int
    colleges: list  # CollegeCount
    polls: list  # PollLine, in the agenda's order
    electorate: object
    status: dict

    @property
    def any_open(self):
        return any(line.is_open for line in self.polls)


def live_state(assembly):
    """Everything the bureau's screen counts, in a fixed number of queries: the electorate
    (2), attendance (3), the statutes, the sitting, the polls, the votes cast per resolution,
    the hands counted on the open ones (1) and the per-college votes of the closed ones (2)."""
    statutes = Statutes.load()
    electorate = selectors.electorate(assembly=assembly)
    status = selectors.attendance(assembly=assembly, electorate=electorate)
    by_college = electorate.by_college(status)
    sitting = Sitting.objects.filter(assembly=assembly).first()
    resolutions = list(assembly.resolutions.all())
    polls = {poll.resolution_id: poll for poll in Poll.objects.filter(resolution__page=assembly)}
    cast = dict(
        Participation.objects.filter(resolution__page=assembly)
        .values_list("resolution_id")
        .annotate(count=Count("pk"))
        .values_list("resolution_id", "count")
    )
    statuses = {
        resolution.pk: polls[resolution.pk].status if resolution.pk in polls else PollStatus.PENDING
        for resolution in resolutions
    }
    closed = [r for r in resolutions if statuses[r.pk] == PollStatus.CLOSED]
    open_ids = [r.pk for r in resolutions if statuses[r.pk] == PollStatus.OPEN]
    counted = {
        (row.resolution_id, row.college_id): row
        for row in ShowOfHands.objects.filter(resolution_id__in=open_ids)
    }
    votes = selectors.college_votes_by_resolution(
        resolutions=closed, electorate=electorate, status=status
    )
    lines = [
        PollLine(
            resolution=resolution,
            status=statuses[resolution.pk],
            votes_cast=cast.get(resolution.pk, 0),
            result=rules.resolution_tally(
                body=resolution.body,
                convocation=assembly.convocation,
                votes=votes[resolution.pk],
                statutes=statutes,
            )
            if resolution.pk in votes
            else None,
            hands=[
                (college, counted.get((resolution.pk, college.pk)))
                for college in electorate.colleges
            ]
            if resolution.pk in open_ids
            else [],
        )
        for resolution in resolutions
    ]
    return LiveState(
        opened=bool(sitting and sitting.opened_at),
        closed=bool(sitting and sitting.closed_at),
        quorums=selectors.quorums(assembly=assembly, status=status, statutes=statutes),
        counts=Counter(status.values()),
        members=len(status),
        colleges=[
            CollegeCount(
                college=college,
                counts=Counter(by_college[college.pk].values()),
                members=len(by_college[college.pk]),
            )
            for college in electorate.colleges
        ],
        polls=lines,
        electorate=electorate,
        status=status,
    )


def _percent(fraction):
    return f"{float(fraction) * 100:.0f}"


def quorum_summary(quorum):
    if quorum.reached:
        return _("Quorum reached")
    return _("%(missing)s more members needed") % {"missing": quorum.missing}


def state_json(state):
    """The numbers of the screen, keyed as the template's `data-state` attributes name them."""
    counts = {
        key: state.counts[key]
        for key in (rules.PRESENT, rules.ADVANCE, rules.REPRESENTED, rules.ABSENT)
    }
    counts["members"] = state.members
    return {
        "opened": state.opened,
        "closed": state.closed,
        "counts": counts,
        "quorums": {
            body: {
                "counted": quorum.counted,
                "members": quorum.members,
                "required": _percent(quorum.required),
                "reached": quorum.reached,
                "missing": quorum.missing,
                "summary": quorum_summary(quorum),
            }
            for body, quorum in state.quorums.items()
        },
        "colleges": {
            str(line.college.pk): {
                "name": line.college.title,
                "members": line.members,
                **{key: line.counts[key] for key in counts if key != "members"},
            }
            for line in state.colleges
        },
        "polls": {
            str(line.resolution.pk): {
                "number": line.resolution.number,
                "status": line.status,
                "status_label": str(line.status_label),
                "votes_cast": line.votes_cast,
                "result": None if line.result is None else _result_json(line.result),
            }
            for line in state.polls
        },
    }


def _result_json(tally):
    return {
        "adopted": tally.adopted,
        "percent_for": str(tally.percent_for),
        "colleges": [
            {
                "name": college.name,
                "for": college.votes.votes_for,
                "against": college.votes.votes_against,
                "abstentions": college.votes.abstentions,
            }
            for college in tally.colleges
        ],
    }


# --- The live screen ---------------------------------------------------------------------------


def _search(state, query, limit=SEARCH_LIMIT):
    """Members with a vote whose name holds `query`, not signed in yet (by name)."""
    query = query.strip().casefold()
    if not query:
        return []
    found = [
        voter
        for voter in state.electorate.voters.values()
        if query in voter.name.casefold() and state.status.get(voter.id) != rules.PRESENT
    ]
    return found[:limit]


def _error(request, error):
    for message in error.messages:
        messages.error(request, message)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _resolution(assembly, request):
    pk = _int(request.POST.get("resolution"))
    resolution = assembly.resolutions.filter(pk=pk).first() if pk is not None else None
    if resolution is None:
        raise services.AssemblyError(_("This resolution is not on the agenda."))
    return resolution


def _open_meeting(assembly, request):
    if Sitting.objects.filter(assembly=assembly, closed_at__isnull=False).exists():
        raise services.AssemblyError(_("The assembly is closed."))
    services.open_meeting(assembly=assembly)
    messages.success(request, _("The meeting is open."))


def _open_poll(assembly, request):
    resolution = _resolution(assembly, request)
    services.open_poll(resolution=resolution)
    messages.success(request, _("The vote on resolution %(number)s is open.") % _num(resolution))


def _close_poll(assembly, request):
    resolution = _resolution(assembly, request)
    with transaction.atomic():  # the decision is filed with the close, or neither happens
        _poll, result = services.close_poll(resolution=resolution)
        results.file_decision(resolution=resolution, result=result, user=request.user)
    messages.success(request, _("The vote on resolution %(number)s is closed.") % _num(resolution))


def _show_of_hands(assembly, request):
    resolution = _resolution(assembly, request)
    electorate = selectors.electorate(assembly=assembly)
    college_id = _int(request.POST.get("college"))
    college = next((c for c in electorate.colleges if c.pk == college_id), None)
    if college is None:
        raise services.AssemblyError(_("This college does not vote at this assembly."))
    numbers = [_int(request.POST.get(name)) for name in ("for", "against", "abstentions")]
    if any(number is None or number < 0 for number in numbers):
        raise services.AssemblyError(
            _("Enter whole numbers of hands, 0 or more. Nothing was recorded.")
        )
    votes_for, votes_against, abstentions = numbers
    services.record_show_of_hands(
        resolution=resolution,
        college=college,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        user=request.user,
    )
    messages.success(
        request,
        _("Show of hands recorded in %(college)s for resolution %(number)s.")
        % {"college": college.title, **_num(resolution)},
    )


def _close_meeting(assembly, request):
    sitting = Sitting.objects.filter(assembly=assembly).first()
    if sitting and sitting.closed_at:
        raise services.AssemblyError(_("The assembly is closed."))
    open_votes = Poll.objects.filter(resolution__page=assembly, status=PollStatus.OPEN).exists()
    errors = rules.close_meeting_errors(
        meeting_opened=bool(sitting and sitting.opened_at), open_votes=open_votes
    )
    if errors:
        raise services.AssemblyError(errors)
    results.close_meeting(assembly=assembly, user=request.user)
    messages.success(request, _("The assembly is closed."))


def _sign_in(assembly, request):
    member_id = _int(request.POST.get("member"))
    member = MemberPage.objects.filter(pk=member_id).first() if member_id is not None else None
    if member is None:
        raise services.AssemblyError(_("This member was not found."))
    _attendance, created = services.sign_in(
        assembly=assembly, member=member, by=request.user, method=AttendanceMethod.SEARCH
    )
    if created:
        messages.success(request, _("%(member)s is signed in.") % {"member": member.title})
    else:
        messages.info(request, _("%(member)s was already signed in.") % {"member": member.title})


def _num(resolution):
    return {"number": resolution.number}


ACTIONS = {
    "open_meeting": _open_meeting,
    "open_poll": _open_poll,
    "close_poll": _close_poll,
    "show_of_hands": _show_of_hands,
    "close_meeting": _close_meeting,
    "sign_in": _sign_in,
}


@page_route(AssemblyPage, "bureau/", name="bureau")
@bureau_only
def bureau_view(assembly, request):
    """The bureau's live screen; each button posts here, then comes back to it."""
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action"))
        if action is None:
            messages.error(request, _("Unknown action: nothing was changed."))
        else:
            try:
                action(assembly, request)
            except ValidationError as error:
                _error(request, error)
        query = request.POST.get("q", "")
        url = assembly.url + assembly.reverse_subpage("bureau")
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    state = live_state(assembly)
    query = request.GET.get("q", "")
    present = [
        voter
        for voter in state.electorate.voters.values()
        if state.status.get(voter.id) == rules.PRESENT
    ]
    return TemplateResponse(
        request,
        "assembly/bureau/screen.html",
        {
            "page": assembly,
            "state": state,
            "quorums": [
                (body, quorum, quorum_summary(quorum), _percent(quorum.required))
                for body, quorum in state.quorums.items()
            ],
            "query": query,
            "found": _search(state, query),
            "present": present,
        },
    )


@page_route(AssemblyPage, "bureau/etat/", name="bureau_state")
@bureau_only
def bureau_state_view(assembly, request):
    response = JsonResponse(state_json(live_state(assembly)))
    response["Cache-Control"] = "no-store"
    return response


# --- Signing in from the QR code ---------------------------------------------------------------


@page_route(AssemblyPage, "emargement/<str:token>/", name="sign_in_token")
@bureau_only
def sign_in_token_view(assembly, request, token):
    """The address in a member's QR code: the bureau sees the member and confirms."""
    member_id = tokens.member_id_from_token(
        assembly=assembly, token=token, salt=tokens.SALT_SIGN_IN
    )
    member = MemberPage.objects.filter(pk=member_id).first() if member_id is not None else None
    if member is None:
        return TemplateResponse(
            request,
            "assembly/bureau/sign_in_token.html",
            {
                "page": assembly,
                "refused": _(
                    "This QR code is not valid for this assembly: sign the member in by name."
                ),
            },
            status=404,
        )
    if request.method == "POST":
        try:
            _attendance, created = services.sign_in(
                assembly=assembly, member=member, by=request.user, method=AttendanceMethod.QR
            )
        except ValidationError as error:
            _error(request, error)
        else:
            if created:
                messages.success(request, _("%(member)s is signed in.") % {"member": member.title})
            else:
                messages.info(
                    request, _("%(member)s was already signed in.") % {"member": member.title}
                )
        return redirect(request.path)
    signed_in = assembly.attendances.filter(member=member).exists()
    return TemplateResponse(
        request,
        "assembly/bureau/sign_in_token.html",
        {"page": assembly, "member": member, "signed_in": signed_in},
    )


# --- The attendance sheet ----------------------------------------------------------------------


@page_route(AssemblyPage, "feuille-de-presence/", name="attendance_sheet")
def attendance_sheet_view(assembly, request):
    """The printable attendance sheet, annexed to the minutes: the bureau and editors."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    is_editor = user.groups.filter(name=settings.GROUP_EDITORS).exists()
    if not (assembly.is_bureau(user) or is_editor):
        raise PermissionDenied
    sheet = selectors.attendance_sheet(assembly=assembly)
    kinds = (rules.PRESENT, rules.ADVANCE, rules.REPRESENTED, rules.ABSENT)
    totals = {kind: sum(college.count(kind) for college in sheet) for kind in kinds}
    colleges = [
        (college, {kind: college.count(kind) for kind in kinds}, len(college.rows))
        for college in sheet
    ]
    return TemplateResponse(
        request,
        "assembly/bureau/attendance_sheet.html",
        {
            "page": assembly,
            "colleges": colleges,
            "totals": totals,
            "members": sum(len(college.rows) for college in sheet),
        },
    )
