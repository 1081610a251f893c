"""What members do on the assembly's pages: read the convocation, give or revoke a proxy, vote
in advance, vote at the meeting from their phone, and the signed convocation link that works
without logging in.

Who sees what: the assembly page sits in the members' area, so Wagtail's view restriction sends
anonymous visitors to the login page for the page and each of its routes. A logged-in user with
no member page (an editor, a member whose account is not linked) reads the agenda and no form.
A member only ever sees their own proxy, votes and receipts.

Receipts: a ballot has no link to its voter, so the receipt code is shown once, right after the
vote. It is also kept in a signed cookie of the member's browser (never in the session, which
the database stores with the account: that would link a voter to their ballot).
"""

import json

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from coopsite.foundation.routes import page_route
from governance.models import MAJORITY_CHOICES, MemberPage, Statutes

from . import convocation_views, rules, selectors, services, tokens
from .models import (
    AssemblyDocument,
    AssemblyPage,
    Attendance,
    Channel,
    Participation,
    Poll,
    PollStatus,
    Resolution,
    ResolutionKind,
)

CHOICES = (rules.FOR, rules.AGAINST, rules.ABSTAIN)
RECEIPTS_SALT = "assembly.receipts"
RECEIPTS_MAX_AGE = 60 * 24 * 3600  # seconds: two months, enough to check the published list


# --- Addresses ---------------------------------------------------------------------------------


def _absolute(path):
    site = Site.objects.filter(is_default_site=True).first()
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or (site.root_url if site else "")
    return base.rstrip("/") + path


def convocation_url(*, assembly, member, request=None):
    """The absolute address of `member`'s own signed convocation (e-mail and paper)."""
    token = tokens.member_token(assembly=assembly, member=member, salt=tokens.SALT_CONVOCATION)
    path = reverse("assembly:convocation", args=[assembly.pk, token])
    return request.build_absolute_uri(path) if request is not None else _absolute(path)


def sign_in_url(*, assembly, member, request=None):
    """The address the member's QR code holds: the bureau's sign-in route for this member."""
    token = tokens.member_token(assembly=assembly, member=member, salt=tokens.SALT_SIGN_IN)
    return assembly.get_full_url(request) + f"emargement/{token}/"


def qr_svg(url):
    """The QR code of `url` as an inline SVG (no style attribute: the CSP forbids them)."""
    return segno.make(url, error="m").svg_inline(
        scale=4, svgclass="qr-code", lineclass="qr-code__line", omitsize=True
    )


# --- Receipts, kept in the member's browser only -----------------------------------------------


def _receipts_cookie(page, member):
    return f"assembly_receipts_{page.pk}_{member.pk}"


def _read_receipts(request, page, member):
    """{"<resolution id>:<member id>": receipt} from the signed cookie, or {}."""
    try:
        raw = request.get_signed_cookie(_receipts_cookie(page, member), salt=RECEIPTS_SALT)
        value = json.loads(raw)
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _store_receipts(request, response, page, member, new):
    if not new:
        return response
    receipts = {**_read_receipts(request, page, member), **new}
    response.set_signed_cookie(
        _receipts_cookie(page, member),
        json.dumps(receipts),
        salt=RECEIPTS_SALT,
        max_age=RECEIPTS_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


# --- Reading the assembly ----------------------------------------------------------------------


def _bureau(page):
    """The chair, the secretary and the scrutineers' names."""

    def name(user):
        return user.get_full_name() or user.get_username()

    officers = get_user_model().objects.in_bulk(
        [pk for pk in (page.chair_id, page.secretary_id) if pk]
    )
    return {
        "chair": name(officers[page.chair_id]) if page.chair_id in officers else "",
        "secretary": name(officers[page.secretary_id]) if page.secretary_id in officers else "",
        "scrutineers": [name(user) for user in page.scrutineers.all()],
    }


def agenda_context(page):
    """What every reader of the assembly sees: the agenda with each resolution's majority and
    the board's recommendation, the documents, the bureau, the advance votes' deadline."""
    statutes = Statutes.load()
    majorities = dict(MAJORITY_CHOICES)
    resolutions = list(page.resolutions.prefetch_related("candidates").order_by("sort_order"))
    for resolution in resolutions:
        key = (
            statutes.extraordinary_majority
            if resolution.body == rules.AGE
            else statutes.ordinary_majority
        )
        resolution.majority_label = majorities.get(key, "")
        resolution.is_election = resolution.kind == ResolutionKind.ELECTION
    documents = list(
        AssemblyDocument.objects.filter(page=page).select_related("document").order_by("sort_order")
    )
    return {
        "resolutions": resolutions,
        "documents": documents,
        "bureau": _bureau(page),
        "deadline": services.advance_vote_deadline(assembly=page, statutes=statutes),
    }


def member_panel(request, page, member, *, resolutions, deadline, electorate=None):
    """The member's own panel: status, proxy given and carried, advance votes, receipts, QR
    code. A fixed number of queries whatever the number of members."""
    electorate = electorate or selectors.electorate(assembly=page)
    has_vote = member.pk in electorate.voters
    proxy = (
        selectors.live_proxies(assembly=page).filter(giver=member).select_related("holder").first()
    )
    voted = dict(
        Participation.objects.filter(resolution__page=page, member=member).values_list(
            "resolution_id", "channel"
        )
    )
    present = Attendance.objects.filter(assembly=page, member=member).exists()
    opened = services.meeting_opened(page)
    carried = list(selectors.represented_by(assembly=page, holder=member))
    advance_open = not opened and timezone.now() < deadline
    receipts = _read_receipts(request, page, member)
    rows = []
    for resolution in resolutions:
        rows.append(
            {
                "resolution": resolution,
                "voted": resolution.pk in voted,
                "voted_in_advance": voted.get(resolution.pk) == Channel.ADVANCE,
                "receipt": receipts.get(f"{resolution.pk}:{member.pk}", ""),
            }
        )
    holders = [voter for voter in electorate.voters.values() if voter.id != member.pk]
    return {
        "member": member,
        "has_vote": has_vote,
        "proxy": proxy,
        "voted_in_advance": Channel.ADVANCE in voted.values(),
        "present": present,
        "meeting_opened": opened,
        "carried": carried,
        "holders": holders,
        "may_give_proxy": has_vote and not opened and not present,
        "advance_open": has_vote and advance_open and proxy is None,
        "advance_rows": rows,
        "qr_svg": qr_svg(sign_in_url(assembly=page, member=member, request=request)),
    }


@page_route(AssemblyPage, "", name="page")
def assembly_page_view(page, request):
    """The assembly page: the agenda for every reader, the panel for a member with a page."""
    context = page.get_context(request)
    context.update(agenda_context(page))
    member = selectors.member_for_user(request.user)
    if member is not None:
        context["panel"] = member_panel(
            request,
            page,
            member,
            resolutions=context["resolutions"],
            deadline=context["deadline"],
        )
        base = page.get_url(request)
        context["actions"] = {
            "proxy": base + page.reverse_subpage("proxy"),
            "advance_vote": base + page.reverse_subpage("advance_vote"),
        }
        context["vote_url"] = base + page.reverse_subpage("vote")
    context["links"] = _links(page, request)
    return TemplateResponse(request, page.get_template(request), context)


def _links(page, request):
    """The assembly's other screens this reader may open: the bureau's, the attendance sheet
    and the paper convocations (bureau and editors), the results once a vote is closed."""
    base = page.get_url(request)
    user = request.user
    bureau = page.is_bureau(user)
    editor = user.is_superuser or user.groups.filter(name=settings.GROUP_EDITORS).exists()
    links = []
    if bureau:
        links.append((_("Bureau's screen"), base + page.reverse_subpage("bureau")))
    if bureau or editor:
        links.append((_("Attendance sheet"), base + page.reverse_subpage("attendance_sheet")))
    if convocation_views.may_see_postal_list(page, user):
        links.append((_("Paper convocations"), base + page.reverse_subpage("postal_list")))
    if Poll.objects.filter(resolution__page=page, status=PollStatus.CLOSED).exists():
        links.append((_("Results"), base + page.reverse_subpage("results")))
    return links


def _route_url(page, request, name):
    return page.get_url(request) + page.reverse_subpage(name)


# --- Writes shared by the page's routes and the signed convocation ----------------------------


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _user(request):
    return request.user if request.user.is_authenticated else None


def _handle_proxy(request, page, member):
    """Give (to a member, or blank to the chair) or revoke the member's proxy."""
    electorate = selectors.electorate(assembly=page)
    if member.pk not in electorate.voters:
        messages.error(request, _("You have no vote at this assembly."))
        return
    if request.POST.get("action") == "revoke":
        proxy = selectors.live_proxies(assembly=page).filter(giver=member).first()
        if proxy is None:
            messages.error(request, _("You have given no proxy."))
            return
        try:
            services.revoke_proxy(proxy=proxy)
        except services.AssemblyError as error:
            _errors(request, error)
            return
        messages.success(request, _("Your proxy is revoked: you vote yourself again."))
        return
    value = request.POST.get("holder", "")
    if value == "blank":
        holder = None
    else:
        holder = MemberPage.objects.filter(pk=value).first() if value.isdigit() else None
        if holder is None:
            messages.error(request, _("Choose a member from the list, or a blank proxy."))
            return
    try:
        services.give_proxy(assembly=page, giver=member, holder=holder)
    except services.AssemblyError as error:
        _errors(request, error)
        return
    if holder is None:
        messages.success(
            request,
            _("Your blank proxy is recorded: the chair will vote as the board recommends."),
        )
    else:
        messages.success(
            request, _("Your proxy is recorded: %(holder)s will vote for you.") % {"holder": holder}
        )


def _chosen_candidates(request, resolution):
    """The candidates ticked on an election ballot, or raise AssemblyError (nothing voted)."""
    values = request.POST.getlist("candidates")
    if not all(value.isdigit() for value in values):
        raise services.AssemblyError(_("Choose among the candidates."))
    ids = {int(value) for value in values}
    candidates = list(resolution.candidates.filter(pk__in=ids))
    if len(candidates) != len(ids):
        raise services.AssemblyError(_("Choose among the candidates."))
    if resolution.seats and len(candidates) > resolution.seats:
        raise services.AssemblyError(
            _("Choose at most %(seats)s candidates: there are %(seats)s seats to fill.")
            % {"seats": resolution.seats}
        )
    return candidates


def _ballot_input(request, page):
    """(resolution, choice, candidates) from a ballot form, or raise AssemblyError."""
    value = request.POST.get("resolution", "")
    resolution = Resolution.objects.filter(page=page, pk=value).first() if value.isdigit() else None
    if resolution is None:
        raise services.AssemblyError(_("This resolution is not on the agenda."))
    if resolution.kind == ResolutionKind.ELECTION:
        candidates = _chosen_candidates(request, resolution)
        # A ballot with no candidate ticked is a blank ballot (abstention).
        return resolution, rules.FOR if candidates else rules.ABSTAIN, candidates
    choice = request.POST.get("choice", "")
    if choice not in CHOICES:
        raise services.AssemblyError(_("Choose for, against or abstention."))
    return resolution, choice, []


def _handle_advance_vote(request, page, member):
    """Vote in advance on one resolution; returns the new receipts ({} when refused)."""
    try:
        resolution, choice, candidates = _ballot_input(request, page)
        ballot = services.vote_in_advance(
            resolution=resolution,
            member=member,
            choice=choice,
            user=_user(request),
            candidates=candidates,
        )
    except services.AssemblyError as error:
        _errors(request, error)
        return {}
    messages.success(
        request,
        _(
            "Your vote on resolution %(number)s is recorded. Note your receipt code, shown "
            "below: it lets you check your ballot in the published results."
        )
        % {"number": resolution.number},
    )
    return {f"{resolution.pk}:{member.pk}": ballot.receipt}


def _member_or_refuse(request, page):
    member = selectors.member_for_user(request.user)
    if member is None:
        messages.error(
            request, _("Your account is not linked to a member page: you cannot vote here.")
        )
    return member


@page_route(AssemblyPage, "pouvoir/", name="proxy")
def proxy_view(page, request):
    """POST: give or revoke the member's proxy; then back to the page."""
    if request.method == "POST":
        member = _member_or_refuse(request, page)
        if member is not None:
            _handle_proxy(request, page, member)
    return redirect(page.get_url(request) + "#mon-assemblee")


@page_route(AssemblyPage, "vote-a-distance/", name="advance_vote")
def advance_vote_view(page, request):
    """POST: vote in advance on one resolution; then back to the page with the receipt."""
    response = redirect(page.get_url(request) + "#mon-assemblee")
    if request.method == "POST":
        member = _member_or_refuse(request, page)
        if member is not None:
            receipts = _handle_advance_vote(request, page, member)
            _store_receipts(request, response, page, member, receipts)
    return response


# --- Voting at the meeting, from a phone -------------------------------------------------------


def _open_polls(page):
    return list(
        Poll.objects.filter(resolution__page=page, status=PollStatus.OPEN)
        .select_related("resolution")
        .prefetch_related("resolution__candidates")
        .order_by("resolution__sort_order")
    )


def vote_context(request, page, member):
    """The open polls and, for each, one ballot per person the member votes for."""
    polls = _open_polls(page)
    present = Attendance.objects.filter(assembly=page, member=member).exists()
    people = [member] + list(selectors.represented_by(assembly=page, holder=member))
    voted = set(
        Participation.objects.filter(
            resolution__in=[poll.resolution for poll in polls],
            member__in=[person.pk for person in people],
        ).values_list("resolution_id", "member_id")
    )
    receipts = _read_receipts(request, page, member)
    items = []
    for poll in polls:
        resolution = poll.resolution
        ballots = [
            {
                "person": person,
                "is_self": person.pk == member.pk,
                "voted": (resolution.pk, person.pk) in voted,
                "receipt": receipts.get(f"{resolution.pk}:{person.pk}", ""),
            }
            for person in people
        ]
        items.append(
            {
                "resolution": resolution,
                "is_election": resolution.kind == ResolutionKind.ELECTION,
                "ballots": ballots,
            }
        )
    return {
        "member": member,
        "present": present,
        "polls": items,
        "open_ids": ",".join(str(poll.pk) for poll in polls),
        "state_url": _route_url(page, request, "vote_state"),
    }


@page_route(AssemblyPage, "voter/", name="vote")
def vote_view(page, request):
    """The phone page: the open resolutions and a ballot for the member and each member whose
    proxy they carry. POST: one vote, then back here with its receipt."""
    if request.method == "POST":
        response = redirect(_route_url(page, request, "vote"))
        member = _member_or_refuse(request, page)
        if member is not None:
            receipts = _handle_meeting_vote(request, page, member)
            _store_receipts(request, response, page, member, receipts)
        return response
    member = selectors.member_for_user(request.user)
    context = page.get_context(request)
    context["page_url"] = page.get_url(request)
    if member is not None:
        context.update(vote_context(request, page, member))
    return TemplateResponse(request, "assembly/member/vote.html", context)


def _handle_meeting_vote(request, page, member):
    value = request.POST.get("member", "")
    people = {member.pk: member}
    people.update(
        (person.pk, person) for person in selectors.represented_by(assembly=page, holder=member)
    )
    person = people.get(int(value)) if value.isdigit() else None
    try:
        if person is None:
            raise services.AssemblyError(_("You do not vote for this member."))
        resolution, choice, candidates = _ballot_input(request, page)
        ballot = services.vote_at_meeting(
            resolution=resolution,
            voter=member,
            member=person,
            choice=choice,
            user=_user(request),
            candidates=candidates,
        )
    except services.AssemblyError as error:
        _errors(request, error)
        return {}
    if person.pk == member.pk:
        text = _("Your vote on resolution %(number)s is recorded. Note your receipt code.")
    else:
        text = _(
            "The vote of %(member)s on resolution %(number)s is recorded. Note the receipt code."
        )
    messages.success(request, text % {"number": resolution.number, "member": person.title})
    return {f"{resolution.pk}:{person.pk}": ballot.receipt}


@page_route(AssemblyPage, "voter/etat/", name="vote_state")
def vote_state_view(page, request):
    """The open polls' ids, for the phone page to reload itself when they change."""
    ids = sorted(
        Poll.objects.filter(resolution__page=page, status=PollStatus.OPEN).values_list(
            "pk", flat=True
        )
    )
    response = JsonResponse({"open": ids})
    response["Cache-Control"] = "no-store"
    return response


# --- The signed convocation link --------------------------------------------------------------


def _invalid_link(request):
    return TemplateResponse(request, "assembly/member/convocation_invalid.html", {}, status=404)


def convocation(request, assembly_id, token):
    """A member's own signed convocation link: no login. The agenda, the documents' titles,
    how to give a proxy and to vote in advance (acting as the member the link names), and the
    member's QR code. A forged or altered link shows a French message and nothing else."""
    page = AssemblyPage.objects.live().filter(pk=assembly_id).first()
    member_id = (
        tokens.member_id_from_token(assembly=page, token=token, salt=tokens.SALT_CONVOCATION)
        if page is not None
        else None
    )
    member = MemberPage.objects.live().filter(pk=member_id).first() if member_id else None
    if member is None:
        return _invalid_link(request)
    if request.method == "POST":
        response = redirect(request.path)
        action = request.POST.get("action")
        if action in ("give", "revoke"):
            _handle_proxy(request, page, member)
        elif action == "advance_vote":
            _store_receipts(
                request, response, page, member, _handle_advance_vote(request, page, member)
            )
        return response
    # `assembly`, not `page`: the base template would show the members' area in the breadcrumb.
    context = {"assembly": page}
    context.update(agenda_context(page))
    context["panel"] = member_panel(
        request, page, member, resolutions=context["resolutions"], deadline=context["deadline"]
    )
    context["actions"] = {"proxy": request.path, "advance_vote": request.path}
    return TemplateResponse(request, "assembly/member/convocation.html", context)
