"""Governance: the members' area, the directory of members by college, decisions, the charter.

Tree (everything below the members' area is restricted to the group *Sociétaires*):

    Espace sociétaires (MembersAreaPage)
      Annuaire (DirectoryPage)
        Collège (CollegePage: statutory weight)
          Sociétaire (MemberPage: shares, offers and needs, contacts)
      Gouvernance (GovernanceIndexPage)
        Décisions (DecisionIndexPage)
          Décision (DecisionPage: per-college votes stored with the weights in force)
        Charte (CharterPage: its published revisions are its versions)

The rules (weights, tally, quorum) live in governance/voting.py; this module only stores.
"""

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from coopsite.foundation import page_cache
from coopsite.foundation.blocks import BodyBlock
from coopsite.foundation.images import MEMBER_CARD_LOGO, rendition_prefetch
from coopsite.foundation.models import RequestRestrictionsMixin, SectionPage, SharedCacheSetting
from coopsite.foundation.privacy import public_listing_excluded, visible_pages
from coopsite.foundation.routes import RegisteredRoutesMixin

from . import voting
from .charter import charter_versions, diff_paragraphs
from .extensions import decision_page_sections
from .forms import CollegePageForm, DecisionPageForm

# --- Statutes (site settings) ------------------------------------------------------------------

MAJORITY_CHOICES = [
    ("half", _("more than half of the votes cast")),
    ("two_thirds", _("at least two thirds of the votes cast")),
    ("three_quarters", _("at least three quarters of the votes cast")),
]

TIE_RULE_CHOICES = [
    ("seniority", _("the member admitted first is elected")),
    ("lot", _("drawing lots")),
]


@register_setting(icon="clipboard-list")
class Statutes(SharedCacheSetting):
    """What the cooperative's statutes say about votes (Paramètres > Statuts)."""

    ordinary_majority = models.CharField(
        _("majority of ordinary decisions"), max_length=20, choices=MAJORITY_CHOICES, default="half"
    )
    extraordinary_majority = models.CharField(
        _("majority of extraordinary general assemblies"),
        max_length=20,
        choices=MAJORITY_CHOICES,
        default="two_thirds",
    )
    ordinary_quorum = models.PositiveSmallIntegerField(
        _("quorum of ordinary general assemblies (%)"),
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_("Members present or represented, over members with a vote."),
    )
    extraordinary_quorum = models.PositiveSmallIntegerField(
        _("quorum of extraordinary general assemblies (%)"),
        default=25,
        validators=[MaxValueValidator(100)],
    )
    board_quorum = models.PositiveSmallIntegerField(
        _("quorum of the board, committees and bureau (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    proxy_cap = models.PositiveSmallIntegerField(
        _("proxies a member may hold"), default=2, validators=[MaxValueValidator(50)]
    )
    second_ordinary_quorum = models.PositiveSmallIntegerField(
        _("quorum of ordinary general assemblies on second convocation (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0: no quorum."),
    )
    second_extraordinary_quorum = models.PositiveSmallIntegerField(
        _("quorum of extraordinary general assemblies on second convocation (%)"),
        default=20,
        validators=[MaxValueValidator(100)],
    )
    convocation_notice_days = models.PositiveSmallIntegerField(
        _("days of notice for a general assembly"),
        default=15,
        validators=[MaxValueValidator(90)],
        help_text=_("The convocation is sent at least this many days before the meeting."),
    )
    advance_vote_hours = models.PositiveSmallIntegerField(
        _("advance votes close this many hours before the meeting"),
        default=24,
        validators=[MaxValueValidator(720)],
    )
    election_tie_rule = models.CharField(
        _("tie between candidates"),
        max_length=20,
        choices=TIE_RULE_CHOICES,
        default="seniority",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("ordinary_majority"), FieldPanel("extraordinary_majority")],
            heading=_("Majorities"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ordinary_quorum"),
                FieldPanel("extraordinary_quorum"),
                FieldPanel("board_quorum"),
                FieldPanel("proxy_cap"),
                FieldPanel("second_ordinary_quorum"),
                FieldPanel("second_extraordinary_quorum"),
            ],
            heading=_("Quorum and proxies"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("convocation_notice_days"),
                FieldPanel("advance_vote_hours"),
                FieldPanel("election_tie_rule"),
            ],
            heading=_("General assemblies"),
        ),
    ]

    class Meta:
        verbose_name = _("statutes")


# --- Areas -------------------------------------------------------------------------------------


class MembersAreaPage(SectionPage):
    """*Espace sociétaires*: everything below is for logged-in members.

    The restriction itself is a Wagtail view restriction (group *Sociétaires*) set on this page,
    so it covers every descendant, documents served through Wagtail included.
    """

    parent_page_types = ["coopsite.HomePage"]
    subpage_types = [
        "governance.DirectoryPage",
        "governance.GovernanceIndexPage",
        "coopsite.StandardPage",
    ]

    class Meta:
        verbose_name = _("members' area")
        verbose_name_plural = _("members' areas")


class GovernanceIndexPage(SectionPage):
    """*Gouvernance*: the place of decisions and the charter in the members' area."""

    parent_page_types = ["governance.MembersAreaPage"]
    subpage_types = [
        "governance.DecisionIndexPage",
        "governance.CharterPage",
        "assembly.AssemblyPage",
        "coopsite.StandardPage",
    ]

    class Meta:
        verbose_name = _("governance page")
        verbose_name_plural = _("governance pages")


# --- Directory: colleges and members -----------------------------------------------------------


class DirectoryPage(SectionPage):
    """*Annuaire des sociétaires*: active members grouped by college, with filters.

    Its children are the colleges; their weights form one set, validated as a whole.
    """

    @page_cache.cacheable_for_groups(params=("kind", "territory", "offer", "need", "q", "page"))
    def serve(self, request, *args, **kwargs):
        return super().serve(request, *args, **kwargs)

    parent_page_types = ["governance.MembersAreaPage"]
    subpage_types = ["governance.CollegePage"]

    class Meta:
        verbose_name = _("members' directory")
        verbose_name_plural = _("members' directories")

    def get_context(self, request, *args, **kwargs):
        # Inside: governance.directory imports these models (a cycle).
        from .directory import directory_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directory_context(self, request))
        return context


class CollegePage(SectionPage):
    """*Collège de vote*: one member, one vote inside; the college weighs as the statutes say."""

    @page_cache.cacheable_for_groups
    def serve(self, request, *args, **kwargs):
        return super().serve(request, *args, **kwargs)

    weight = models.DecimalField(
        _("statutory weight (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Between 10 and 50; all colleges together make 100. Leave every college empty "
            "if the statutes set no weights (they then weigh the same)."
        ),
    )

    reserved_seats = models.PositiveSmallIntegerField(
        _("seats reserved on the cooperative board"),
        default=0,
        help_text=_("As the statutes say: elections fill these with this college's candidates."),
    )

    base_form_class = CollegePageForm
    content_panels = SectionPage.content_panels + [
        FieldPanel("weight"),
        FieldPanel("reserved_seats"),
    ]
    parent_page_types = ["governance.DirectoryPage"]
    subpage_types = ["governance.MemberPage"]

    class Meta:
        verbose_name = _("voting college")
        verbose_name_plural = _("voting colleges")

    def sibling_colleges(self):
        parent = self.get_parent()
        colleges = (
            CollegePage.objects.child_of(parent).live() if parent else CollegePage.objects.none()
        )
        if self.pk:
            colleges = colleges.exclude(pk=self.pk)
        return colleges

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = (
            visible_pages(MemberPage.objects.child_of(self), request)
            .active()
            .select_related("logo")
            .prefetch_related(rendition_prefetch("logo", MEMBER_CARD_LOGO))
            .order_by("title")
        )
        return context


class MemberKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    COMPANY = "company", _("company")
    LOCAL_AUTHORITY = "local_authority", _("local authority")
    EMPLOYEE = "employee", _("employee")
    BENEFICIARY = "beneficiary", _("beneficiary")
    CITIZEN = "citizen", _("citizen")
    OTHER = "other", _("other")


class MemberCategory(models.TextChoices):
    """Categories of associés (art. 19 septies), distinct from the voting colleges."""

    EMPLOYEES = "employees", _("employees of the cooperative")
    PRODUCERS = "producers", _("producers")
    BENEFICIARIES = "beneficiaries", _("beneficiaries (users, customers)")
    VOLUNTEERS = "volunteers", _("volunteers")
    PUBLIC_BODIES = "public_bodies", _("public bodies")
    SUPPORTERS = "supporters", _("other contributors")


class ResourceKind(models.TextChoices):
    SKILLS = "skills", _("skills")
    EQUIPMENT = "equipment", _("equipment")
    PREMISES = "premises", _("premises")
    SERVICES = "services", _("services")
    VOLUNTEERS = "volunteers", _("volunteers")


def active_members_q(on=None):
    """Members who have not left (on the given day, today by default)."""
    on = on or timezone.localdate()
    return Q(exit_date__isnull=True) | Q(exit_date__gt=on)


class MemberPageQuerySet(PageQuerySet):
    def active(self, on=None):
        return self.filter(active_members_q(on))


class MemberPage(RequestRestrictionsMixin, RegisteredRoutesMixin, Page):
    """*Sociétaire*: a structure or a person holding shares, under its voting college.

    Members who leave keep their page (the register's history) with an exit date; listings show
    active members only. Contacts are for members: the whole area is restricted, and the public
    directory shows only the name and website of members who agreed to be listed.
    """

    member_number = models.CharField(_("member number"), max_length=20, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    category = models.CharField(
        _("category of associé"), max_length=20, choices=MemberCategory.choices
    )
    shares = models.PositiveIntegerField(_("number of shares"), default=1)
    admission_date = models.DateField(_("admission date"), null=True, blank=True)
    admission_decision = models.ForeignKey(
        "governance.DecisionPage",
        verbose_name=_("decision of admission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="admitted_members",
    )
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    is_public_body = models.BooleanField(_("public body"), default=False)
    address = models.TextField(_("address"), blank=True)
    territory = models.CharField(_("territory"), max_length=100, blank=True, db_index=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    public_listing = models.BooleanField(
        _("publish in the public directory"),
        default=False,
        help_text=_("Only the name, website and college are shown to the public."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_page",
        help_text=_("This account may edit the member's offers and needs from the site."),
    )
    convocation_by_email = models.BooleanField(
        _("convocations by e-mail"),
        default=False,
        help_text=_(
            "The member agreed in writing to receive the general assembly's convocations by "
            "e-mail (otherwise by post)."
        ),
    )

    objects = PageManager.from_queryset(MemberPageQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("member_number"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("category"), FieldPanel("shares")]),
                FieldRowPanel([FieldPanel("admission_date"), FieldPanel("exit_date")]),
                FieldPanel("admission_decision"),
                FieldPanel("is_public_body"),
                FieldPanel("convocation_by_email"),
            ],
            heading=_("Register"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("territory"),
                FieldPanel("address"),
                FieldPanel("website"),
                FieldPanel("logo"),
                FieldPanel("description"),
                FieldPanel("public_listing"),
            ],
            heading=_("Presentation"),
        ),
        InlinePanel("resources", heading=_("Offers and needs"), label=_("offer or need")),
        InlinePanel("contacts", heading=_("Contacts (members only)"), label=_("contact")),
        FieldPanel("user"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("territory"),
        index.FilterField("kind"),
        index.FilterField("territory"),
        index.RelatedFields(
            "resources", [index.SearchField("title"), index.SearchField("details")]
        ),
    ]
    parent_page_types = ["governance.CollegePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    @property
    def is_active(self):
        return self.exit_date is None or self.exit_date > timezone.localdate()

    def clean(self):
        super().clean()
        if self.exit_date and self.admission_date and self.exit_date < self.admission_date:
            raise ValidationError(
                {"exit_date": _("The exit date cannot be before the admission date.")}
            )

    def convocation_email(self):
        """Where the member's convocations go: the linked account's e-mail, else the first
        contact's; "" when there is none."""
        if self.user_id and self.user.email:
            return self.user.email
        for contact in self.contacts.all():
            if contact.email:
                return contact.email
        return ""

    def can_edit_resources(self, user):
        return user.is_authenticated and self.user_id is not None and user.pk == self.user_id

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["can_edit_resources"] = self.can_edit_resources(request.user)
        return context


class MemberResource(Orderable):
    """One thing a member offers or needs, typed so that the directory can filter on it."""

    OFFER = "offer"
    NEED = "need"
    DIRECTION_CHOICES = [(OFFER, _("offers")), (NEED, _("needs"))]

    page = ParentalKey(MemberPage, on_delete=models.CASCADE, related_name="resources")
    direction = models.CharField(_("offer or need"), max_length=5, choices=DIRECTION_CHOICES)
    kind = models.CharField(_("type"), max_length=20, choices=ResourceKind.choices)
    title = models.CharField(_("what"), max_length=200)
    details = models.TextField(_("details"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("direction"), FieldPanel("kind")]),
        FieldPanel("title"),
        FieldPanel("details"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")


class MemberContact(Orderable):
    page = ParentalKey(MemberPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")


class PublicDirectoryPage(SectionPage):
    """Public list of the colleges and of the members who agreed to be listed.

    Shows only each member's name, website and college: never contacts, shares or needs. The
    members' area is restricted as a whole, and a member agrees to this listing with
    `public_listing`; a directory, college or member page restricted on its own (to some
    groups, by a shared password) stays out of it, and so does an alias
    (`coopsite.foundation.privacy`).
    """

    parent_page_types = ["coopsite.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("public directory")
        verbose_name_plural = _("public directories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        excluded = public_listing_excluded((DirectoryPage, CollegePage, MemberPage))
        colleges = list(
            CollegePage.objects.live()
            .filter(locale=self.locale, alias_of__isnull=True)
            .exclude(excluded)
            .only("title", "path", "depth")
            .order_by("path")
        )
        members = (
            MemberPage.objects.live()
            .active()
            .filter(public_listing=True, locale=self.locale, alias_of__isnull=True)
            .exclude(excluded)
            .only("title", "website", "path", "depth")
            .order_by("title")
        )
        by_college = {college.path: [] for college in colleges}
        for member in members:
            by_college.setdefault(member.path[: -MemberPage.steplen], []).append(member)
        context["public_colleges"] = [
            (college, by_college.get(college.path, [])) for college in colleges
        ]
        return context


# --- Decisions ---------------------------------------------------------------------------------


class DecisionBody(models.TextChoices):
    AGO = "ago", _("ordinary general assembly (AGO)")
    AGE = "age", _("extraordinary general assembly (AGE)")
    BOARD = "board", _("cooperative board")
    COMMITTEE = "committee", _("steering committee")
    BUREAU = "bureau", _("bureau")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    POSTPONED = "postponed", _("postponed")


class DecisionIndexPage(SectionPage):
    """*Décisions*: newest first, filterable by body, year and status, paginated."""

    @page_cache.cacheable_for_groups(params=("body", "status", "year", "page"))
    def serve(self, request, *args, **kwargs):
        return super().serve(request, *args, **kwargs)

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = ["governance.DecisionPage"]

    class Meta:
        verbose_name = _("decisions index")
        verbose_name_plural = _("decisions indexes")

    def get_context(self, request, *args, **kwargs):
        # Inside: governance.decisions imports these models (a cycle).
        from .decisions import decisions_context

        context = super().get_context(request, *args, **kwargs)
        context.update(decisions_context(self, request))
        return context


class DecisionPage(RequestRestrictionsMixin, Page):
    """A decision of one of the cooperative's bodies, with its optional per-college vote.

    The vote rows keep the college weight in force when they were recorded, so that a later
    change of the statutes never changes a past result. The result is computed by
    `governance.voting.tally`, and the status follows it. Recording the votes and filing the
    minutes are `governance.services`, called by the admin (its form and hooks), not by
    `save()` or `clean()`.
    """

    @page_cache.cacheable_for_groups
    def serve(self, request, *args, **kwargs):
        return super().serve(request, *args, **kwargs)

    body = models.CharField(_("body"), max_length=20, choices=DecisionBody.choices)
    date = models.DateField(_("date"))
    number = models.CharField(_("number"), max_length=30, help_text=_("e.g. AGO-2026-03"))
    text = RichTextField(_("text of the decision"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DecisionStatus.choices,
        default=DecisionStatus.PROPOSED,
        help_text=_("Set from the result when votes are recorded."),
    )
    minutes = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("minutes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Filed in the members-only collection “Procès-verbaux” when published."),
    )
    concerned_members = ParentalManyToManyField(
        "governance.MemberPage",
        verbose_name=_("members concerned"),
        blank=True,
        related_name="decisions",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("body"), FieldPanel("date"), FieldPanel("number")]),
        FieldPanel("status"),
        FieldPanel("text"),
        FieldPanel("minutes"),
        FieldPanel("concerned_members"),
        InlinePanel("votes", heading=_("Votes per college"), label=_("college vote")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("text"),
        index.SearchField("number"),
        index.FilterField("body"),
        index.FilterField("status"),
        index.FilterField("date"),
    ]
    parent_page_types = ["governance.DecisionIndexPage"]
    subpage_types = []
    base_form_class = DecisionPageForm

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date"]

    @property
    def is_extraordinary(self):
        return self.body == DecisionBody.AGE

    def college_votes(self):
        """In the order the editor gave them, else in the colleges' tree order (votes set in
        code have no sort order, and the database would then return them in any order)."""
        votes = sorted(
            self.votes.select_related("college"),
            key=lambda vote: (vote.sort_order is None, vote.sort_order or 0, vote.college.path),
        )
        return [vote.as_college_votes() for vote in votes]

    def compute_tally(self, statutes=None):
        """The weighted result, or None when no vote was recorded."""
        votes = self.college_votes()
        if not votes:
            return None
        statutes = statutes or Statutes.load()
        if self.body == DecisionBody.AGE:
            majority, quorum = statutes.extraordinary_majority, statutes.extraordinary_quorum
        elif self.body == DecisionBody.AGO:
            majority, quorum = statutes.ordinary_majority, statutes.ordinary_quorum
        else:
            majority, quorum = statutes.ordinary_majority, statutes.board_quorum
        return voting.tally(votes, voting.MAJORITIES[majority], Fraction(quorum, 100))

    @staticmethod
    def status_for(result):
        """The status a tally (`compute_tally`) gives the decision."""
        return DecisionStatus.ADOPTED if result.adopted else DecisionStatus.REJECTED

    def clean(self):
        """Refuse impossible vote rows. Recording the weights and the status is
        `governance.services.record_votes`, which the admin form calls."""
        super().clean()
        proxy_cap = Statutes.load().proxy_cap
        errors = []
        for vote in self.votes.all():
            errors += voting.check_college_votes(vote.as_college_votes(), proxy_cap)
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tally"] = self.compute_tally()
        # What the apps above governance show on a decision (the committee's partnerships…):
        # each registers a `DECISION_PAGE_SECTIONS_HOOK` (governance/extensions.py).
        context["sections"] = decision_page_sections(request=request, decision=self)
        return context


class CollegeVote(Orderable):
    """The vote of one college on one decision, with the college's weight at that time."""

    decision = ParentalKey(DecisionPage, on_delete=models.CASCADE, related_name="votes")
    college = models.ForeignKey(
        CollegePage, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(
        _("weight in force (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Copied from the college when the vote is recorded; empty: equal weights."),
    )
    weight_recorded = models.BooleanField(default=False, editable=False)
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    blank = models.PositiveIntegerField(_("blank"), default=0)
    present = models.PositiveIntegerField(_("present"), default=0)
    represented = models.PositiveIntegerField(_("represented (proxies)"), default=0)
    members = models.PositiveIntegerField(
        _("members with a vote"), default=0, help_text=_("Members of the college on that day.")
    )

    panels = [
        FieldRowPanel([FieldPanel("college"), FieldPanel("weight", read_only=True)]),
        FieldRowPanel(
            [
                FieldPanel("votes_for"),
                FieldPanel("votes_against"),
                FieldPanel("abstentions"),
                FieldPanel("blank"),
            ]
        ),
        FieldRowPanel([FieldPanel("present"), FieldPanel("represented"), FieldPanel("members")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("college vote")
        verbose_name_plural = _("college votes")

    def as_college_votes(self):
        return voting.CollegeVotes(
            name=self.college.title if self.college_id else "",
            weight=self.weight,
            votes_for=self.votes_for,
            votes_against=self.votes_against,
            abstentions=self.abstentions,
            blank=self.blank,
            present=self.present,
            represented=self.represented,
            members=self.members,
        )


# --- Charter -----------------------------------------------------------------------------------


class CharterPage(RequestRestrictionsMixin, RoutablePageMixin, Page):
    """*Charte de valeurs et d'engagements réciproques*.

    Its published revisions are its versions: each carries the decision that adopted it.
    Members read the version in force, the earlier ones, and the difference between two.
    """

    body = StreamField(BodyBlock(), verbose_name=_("text of the charter"))
    adopted_by = models.ForeignKey(
        DecisionPage,
        verbose_name=_("adopted by the decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The decision that adopts this version."),
    )

    content_panels = Page.content_panels + [FieldPanel("adopted_by"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def versions(self, request=None):
        return charter_versions(self, request)

    @path("")
    def current(self, request):
        versions = self.versions(request)
        return self.render(
            request, context_overrides={"versions": versions[::-1], "shown": versions[-1:]}
        )

    @path("versions/<int:number>/")
    def version(self, request, number):
        versions = self.versions(request)
        if not 1 <= number <= len(versions):
            raise Http404
        shown = versions[number - 1]
        return self.render(
            request,
            context_overrides={"versions": versions[::-1], "shown": [shown], "old_version": shown},
        )

    @path("comparer/")
    def compare(self, request):
        versions = self.versions(request)
        try:
            old_number = int(request.GET.get("de", ""))
            new_number = int(request.GET.get("a", len(versions)))
        except ValueError:
            raise Http404 from None
        if not (1 <= old_number <= len(versions) and 1 <= new_number <= len(versions)):
            raise Http404
        old, new = versions[old_number - 1], versions[new_number - 1]
        return self.render(
            request,
            context_overrides={
                "versions": versions[::-1],
                "diff": diff_paragraphs(old.paragraphs, new.paragraphs),
                "diff_old": old,
                "diff_new": new,
            },
        )


# --- Register imports (traceability) -----------------------------------------------------------


class RegisterImport(models.Model):
    """One import of the register of members: who, when, which file, what it changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file"), max_length=255)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.filename} ({self.imported_at:%d/%m/%Y %H:%M})"


class RegisterChange(models.Model):
    """What one import did to one member: created, or which fields changed (before, after)."""

    CREATED = "created"
    UPDATED = "updated"
    ACTIONS = [(CREATED, _("created")), (UPDATED, _("updated"))]

    register_import = models.ForeignKey(
        RegisterImport, on_delete=models.CASCADE, related_name="changes"
    )
    member = models.ForeignKey(
        MemberPage, null=True, on_delete=models.SET_NULL, related_name="register_changes"
    )
    number = models.CharField(_("member number"), max_length=20)
    action = models.CharField(_("action"), max_length=10, choices=ACTIONS)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("register change")
        verbose_name_plural = _("register changes")

    def __str__(self):
        return f"{self.number} ({self.get_action_display()})"
