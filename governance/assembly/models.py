"""The general assembly: what editors prepare (the page and its agenda) and what members and the
bureau do on the day (proxies, attendance, votes), stored apart.

    Gouvernance (GovernanceIndexPage)
      Assemblée générale (AssemblyPage: body, date, place, bureau, agenda, documents)
        Résolution (Resolution: text, board's recommendation, body, secret or roll-call)

What editors write is page content, with revisions: publishing an old revision rewrites it.
What happens on the day is never page content, so a revision can never rewrite it: the
assembly's `Sitting` (convocation sent, meeting opened and closed), each resolution's `Poll`
(opened, closed, its decision), proxies, attendance, and the votes.

**Secret ballots.** Who voted (`Participation`, one row per member and resolution, which the
database keeps unique) and what was voted (`Ballot`) are two tables with no link between them:
a ballot has a random primary key and no time, so neither the order of the rows nor a
timestamp pairs a ballot with its voter. Each ballot carries a random receipt code that only
its voter receives; the published list of receipts and choices lets a voter check their ballot
without anyone learning who voted what. A roll-call resolution (`roll_call`) names the member
on the ballot instead.

The rules (proxies, quorum, who may vote, merging the votes per college, elections) are plain
functions in `governance.assembly.rules`; the writes are `governance.assembly.services`.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from coopsite.foundation.models import RequestRestrictionsMixin
from coopsite.foundation.routes import RegisteredRoutesMixin
from governance.models import DecisionBody


class AssemblyBodies(models.TextChoices):
    AGO = "ago", _("ordinary general assembly (AGO)")
    AGE = "age", _("extraordinary general assembly (AGE)")
    BOTH = "ago_age", _("ordinary then extraordinary general assembly (AGO and AGE)")


class Convocation(models.IntegerChoices):
    FIRST = 1, _("first convocation")
    SECOND = 2, _("second convocation")


class Recommendation(models.TextChoices):
    FOR = "for", _("the board recommends voting for")
    AGAINST = "against", _("the board recommends voting against")
    NONE = "none", _("no recommendation")


class ResolutionKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    ELECTION = "election", _("election")


class Choice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstention")


# The bodies a resolution can belong to: those of an assembly.
RESOLUTION_BODIES = [
    (DecisionBody.AGO.value, DecisionBody.AGO.label),
    (DecisionBody.AGE.value, DecisionBody.AGE.label),
]


class AssemblyPage(RequestRestrictionsMixin, RegisteredRoutesMixin, Page):
    """*Assemblée générale*: one meeting of the members, ordinary, extraordinary or both one
    after the other, with its agenda of resolutions and its members-only documents.

    Editors prepare it in the admin; on the day the bureau (chair, secretary, scrutineers) runs
    it from the site. Sub-pages are routes registered by `governance.assembly.views`.
    """

    bodies = models.CharField(
        _("assembly"), max_length=10, choices=AssemblyBodies.choices, default=AssemblyBodies.AGO
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    convocation = models.PositiveSmallIntegerField(
        _("convocation"), choices=Convocation.choices, default=Convocation.FIRST
    )
    advance_vote_deadline = models.DateTimeField(
        _("advance votes close at"),
        null=True,
        blank=True,
        help_text=_("Empty: as many hours before the meeting as the statutes say."),
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scrutineers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("scrutineers"), blank=True, related_name="+"
    )
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("bodies"), FieldPanel("convocation")]),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("advance_vote_deadline")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("video_url")]),
            ],
            heading=_("Meeting"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("chair"), FieldPanel("secretary")]),
                FieldPanel("scrutineers"),
            ],
            heading=_("Bureau"),
        ),
        FieldPanel("intro"),
        InlinePanel("resolutions", heading=_("Agenda"), label=_("resolution")),
        InlinePanel("documents", heading=_("Documents (members only)"), label=_("document")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("general assembly")
        verbose_name_plural = _("general assemblies")

    def bureau_user_ids(self):
        ids = {self.chair_id, self.secretary_id}
        ids.update(user.pk for user in self.scrutineers.all())
        ids.discard(None)
        return ids

    def is_bureau(self, user):
        """The chair, the secretary and the scrutineers run the meeting; so may administrators."""
        if not user.is_authenticated:
            return False
        return user.is_superuser or user.pk in self.bureau_user_ids()


class AssemblyDocument(Orderable):
    """A members-only document of the assembly: accounts, reports (members' collection)."""

    page = ParentalKey(AssemblyPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class Resolution(Orderable):
    """One item of the agenda that the members vote on."""

    page = ParentalKey(AssemblyPage, on_delete=models.CASCADE, related_name="resolutions")
    number = models.CharField(_("number"), max_length=20, help_text=_("e.g. 1, 2, 3"))
    title = models.CharField(_("title"), max_length=255)
    body = models.CharField(
        _("body"), max_length=10, choices=RESOLUTION_BODIES, default=DecisionBody.AGO
    )
    text = RichTextField(_("text"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    recommendation = models.CharField(
        _("board's recommendation"),
        max_length=10,
        choices=Recommendation.choices,
        default=Recommendation.FOR,
        help_text=_("Blank proxies vote as the board recommends."),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ResolutionKind.choices, default=ResolutionKind.RESOLUTION
    )
    seats = models.PositiveSmallIntegerField(
        _("seats to fill"), null=True, blank=True, help_text=_("Elections only.")
    )
    roll_call = models.BooleanField(
        _("roll-call vote"),
        default=False,
        help_text=_("Votes are secret unless this is ticked: then each ballot names its voter."),
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("body"), FieldPanel("kind")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("recommendation"), FieldPanel("seats"), FieldPanel("roll_call")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return f"{self.number}. {self.title}"


# --- What happens on the day (never page content) --------------------------------------------


class Sitting(models.Model):
    """The assembly as it happens: convocation sent, meeting opened and closed, minutes."""

    assembly = models.OneToOneField(
        AssemblyPage, primary_key=True, on_delete=models.CASCADE, related_name="sitting"
    )
    convocation_sent_at = models.DateTimeField(_("convocation sent at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    minutes = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("minutes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")

    def __str__(self):
        return str(self.assembly)


class PollStatus(models.TextChoices):
    PENDING = "pending", _("not opened yet")
    OPEN = "open", _("vote open")
    CLOSED = "closed", _("vote closed")


class Poll(models.Model):
    """The vote on one resolution: opened and closed by the bureau; closing it fills its
    decision (`governance.DecisionPage`)."""

    resolution = models.OneToOneField(
        Resolution, primary_key=True, on_delete=models.CASCADE, related_name="poll"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.PENDING
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    decision = models.ForeignKey(
        "governance.DecisionPage",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self):
        return str(self.resolution)


class Proxy(models.Model):
    """A *pouvoir*: `giver` is represented by `holder`, another member; a blank proxy (no
    holder) goes to the chair, who votes as the board recommends. Revocable until the meeting
    opens: revoking keeps the row (`revoked_at`), so the holder's e-mail and the history stay
    true, and the database allows one live proxy per giver."""

    assembly = models.ForeignKey(AssemblyPage, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(
        "governance.MemberPage",
        verbose_name=_("represented member"),
        on_delete=models.CASCADE,
        related_name="proxies_given",
    )
    holder = models.ForeignKey(
        "governance.MemberPage",
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proxies_held",
        help_text=_("Empty: a blank proxy, given to the chair."),
    )
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "giver"],
                condition=Q(revoked_at__isnull=True),
                name="assembly_one_live_proxy_per_giver",
            ),
            models.CheckConstraint(
                condition=~Q(giver=models.F("holder")), name="assembly_no_proxy_to_oneself"
            ),
        ]

    def __str__(self):
        return f"{self.giver} → {self.holder or _('the chair')}"

    @property
    def is_blank(self):
        return self.holder_id is None


class AttendanceMethod(models.TextChoices):
    SEARCH = "search", _("found by name")
    QR = "qr", _("convocation QR code")


class Attendance(models.Model):
    """*Émargement*: a member signed in by the bureau on the day."""

    assembly = models.ForeignKey(AssemblyPage, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        "governance.MemberPage", on_delete=models.CASCADE, related_name="attendances"
    )
    signed_in_at = models.DateTimeField(_("signed in at"), auto_now_add=True)
    signed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(
        _("how"), max_length=10, choices=AttendanceMethod.choices, default=AttendanceMethod.SEARCH
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "member"], name="assembly_one_attendance_per_member"
            )
        ]

    def __str__(self):
        return str(self.member)


class Channel(models.TextChoices):
    ADVANCE = "advance", _("voted in advance")
    MEETING = "meeting", _("voted at the meeting")
    PROXY = "proxy", _("voted by the proxy holder")
    BLANK_PROXY = "blank_proxy", _("blank proxy, as the board recommends")


class Participation(models.Model):
    """That a member's vote on a resolution was cast (never what it was: see `Ballot`).

    The unique constraint is what refuses a second vote, whatever the number of requests at
    the same moment. `college` is the member's own college: a vote cast by a proxy holder
    counts in the represented member's college."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(
        "governance.MemberPage", on_delete=models.CASCADE, related_name="participations"
    )
    college = models.ForeignKey(
        "governance.CollegePage", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("how"), max_length=12, choices=Channel.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "member"], name="assembly_one_vote_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.resolution}"


def new_receipt():
    """Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Ballot(models.Model):
    """What was voted, in the voter's college, with no link to the voter (a random key, no
    time), unless the resolution is a roll-call vote (`member`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="ballots")
    college = models.ForeignKey(
        "governance.CollegePage", on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices, blank=True)
    receipt = models.CharField(_("receipt"), max_length=12, unique=True, default=new_receipt)
    member = models.ForeignKey(
        "governance.MemberPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Roll-call votes only."),
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return self.receipt


class ShowOfHands(models.Model):
    """Votes counted by the bureau in one college for members voting without a phone."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="shows_of_hands"
    )
    college = models.ForeignKey(
        "governance.CollegePage", on_delete=models.PROTECT, related_name="+"
    )
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("show of hands")
        verbose_name_plural = _("shows of hands")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "college"], name="assembly_one_show_of_hands_per_college"
            )
        ]

    def __str__(self):
        return f"{self.resolution} — {self.college}"


class Candidate(Orderable):
    """A candidate in an election (`Resolution.kind` election)."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(
        "governance.MemberPage",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="candidacies",
    )
    name = models.CharField(
        _("candidate"), max_length=200, help_text=_("The person standing, for the member.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return self.name


class ElectionChoice(models.Model):
    """One candidate chosen on an election ballot (a ballot chooses up to `seats`)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="elected")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "candidate"], name="assembly_choice_once")
        ]

    def __str__(self):
        return str(self.candidate)
