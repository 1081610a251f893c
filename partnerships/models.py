"""Partnerships: business–association partnership records, for the steering committee only.

- `Organisation`: a company or an association outside the cooperative (members are
  `governance.MemberPage`).
- `Partnership`: one record (a snippet with its own ViewSet), its partners, its RAMEAU kind, its
  stage in the pipeline (`pipeline.py`), its contributions, next step, owner and evaluation.
- `Contribution`: money, in kind or skills, from one partner, with an amount in euros.

Every change to these three models is recorded by django-simple-history with who, when and the
value before, whatever the write path (see `history.py` for the paths that bypass signals).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from coopsite.foundation.internals import ClusterHistoricalRecords
from coopsite.foundation.models import SectionPage
from coopsite.foundation.routes import RegisteredRoutesMixin

from . import pipeline
from .history import HistoryBatch, HistoryQuerySet


class PartnershipsIndexPage(RegisteredRoutesMixin, SectionPage):
    """*Partenariats*: restricted by a Wagtail view restriction to the steering committee.

    Its routes, registered by `partnerships.views`, list the records (with filters), show one
    record with its history, and draw the committee's dashboard.
    """

    parent_page_types = ["coopsite.HomePage"]
    subpage_types = ["coopsite.StandardPage"]

    class Meta:
        verbose_name = _("partnerships area")
        verbose_name_plural = _("partnerships areas")


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("company")
    ASSOCIATION = "association", _("association")
    OTHER = "other", _("other")


class CompanySize(models.TextChoices):
    MICRO = "micro", _("micro-enterprise (under 10 people)")
    SMALL = "sme", _("SME (10 to 249 people)")
    MID = "mid", _("mid-cap (250 to 4,999 people)")
    LARGE = "large", _("large company (5,000 people or more)")


class Organisation(index.Indexed, models.Model):
    """An organisation outside the cooperative: a company, or an association not a member."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default="company"
    )
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    territory = models.CharField(_("territory"), max_length=120, blank=True)
    contact_name = models.CharField(_("contact: name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact: e-mail"), blank=True)
    contact_phone = models.CharField(_("contact: phone"), max_length=30, blank=True)

    history = HistoricalRecords(bases=[HistoryBatch], verbose_name=_("history of organisation"))
    objects = HistoryQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("size"), FieldPanel("territory")]),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnershipKind(models.TextChoices):
    """The four kinds of business–association partnership (Le RAMEAU)."""

    PATRONAGE = "patronage", _("patronage (mécénat)")
    RESPONSIBLE_PRACTICES = "practices", _("responsible practices")
    ECONOMIC_COOPERATION = "economic", _("economic cooperation")
    SOCIETAL_INNOVATION = "innovation", _("societal innovation")


class Partnership(index.Indexed, ClusterableModel):
    """*Partenariat*: one business–association partnership, from the idea to its evaluation."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind (RAMEAU)"), max_length=20, choices=PartnershipKind.choices)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    territory = models.CharField(_("territory"), max_length=120, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=pipeline.Stage.choices, default=pipeline.Stage.IDEA
    )
    stage_reason = models.CharField(
        _("reason for the stage change"),
        max_length=300,
        blank=True,
        help_text=_("Needed when the stage skips steps of the pipeline or goes back."),
    )
    member_partners = models.ManyToManyField(
        "governance.MemberPage",
        verbose_name=_("member associations"),
        blank=True,
        related_name="partnerships",
    )
    association_partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("other associations"),
        blank=True,
        related_name="association_partnerships",
        limit_choices_to={"kind__in": ["association", "other"]},
    )
    company_partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("companies"),
        blank=True,
        related_name="company_partnerships",
        limit_choices_to={"kind": "company"},
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    next_step = models.CharField(_("next step"), max_length=250, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_partnerships",
        limit_choices_to={"groups__name": settings.GROUP_COMMITTEE},
    )
    evaluation_outcomes = models.TextField(_("evaluation: what it produced"), blank=True)
    evaluation_balance = models.TextField(_("evaluation: balance between partners"), blank=True)
    evaluation_value_company = models.DecimalField(
        _("evaluation: value of the companies' contribution (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    evaluation_value_association = models.DecimalField(
        _("evaluation: value of the associations' contribution (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    decisions = models.ManyToManyField(
        "governance.DecisionPage",
        verbose_name=_("linked decisions"),
        blank=True,
        related_name="partnerships",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[member_partners, association_partners, company_partners, decisions],
        excluded_fields=["updated_at"],
        bases=[HistoryBatch],
        verbose_name=_("history of partnership"),
    )
    objects = HistoryQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("theme"), FieldPanel("territory")]),
        MultiFieldPanel(
            [FieldPanel("stage"), FieldPanel("stage_reason")], heading=_("Stage in the pipeline")
        ),
        MultiFieldPanel(
            [
                FieldPanel("member_partners"),
                FieldPanel("association_partners"),
                FieldPanel("company_partners"),
            ],
            heading=_("Partners"),
        ),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("objectives"),
        InlinePanel("contributions", label=_("contributions")),
        MultiFieldPanel(
            [
                FieldPanel("owner"),
                FieldRowPanel([FieldPanel("next_step"), FieldPanel("next_step_due")]),
            ],
            heading=_("Follow-up"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("evaluation_outcomes"),
                FieldPanel("evaluation_balance"),
                FieldRowPanel(
                    [
                        FieldPanel("evaluation_value_company"),
                        FieldPanel("evaluation_value_association"),
                    ]
                ),
            ],
            heading=_("Evaluation"),
        ),
        FieldPanel("decisions"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("theme"),
        index.SearchField("objectives"),
        index.SearchField("next_step"),
        index.FilterField("kind"),
        index.FilterField("stage"),
    ]

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end cannot come before the start.")
        previous, previous_reason = None, ""
        if self.pk:
            stored = Partnership.objects.filter(pk=self.pk).values("stage", "stage_reason").first()
            if stored:
                previous, previous_reason = stored["stage"], stored["stage_reason"]
        # The reason explains this move: the one written for an earlier move does not count.
        reason = self.stage_reason if self.stage_reason != previous_reason else ""
        problem = pipeline.check_transition(previous, self.stage, reason)
        if problem:
            errors["stage_reason"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def next_step_overdue(self):
        return bool(
            self.next_step_due
            and self.next_step_due < timezone.localdate()
            and self.stage in pipeline.OPEN_STAGES
        )


class ContributionKind(models.TextChoices):
    MONEY = "money", _("money")
    IN_KIND = "in_kind", _("in kind")
    SKILLS = "skills", _("skills")


class Contribution(Orderable):
    """What one partner brings: money, goods or services in kind, or skills (mécénat de
    compétences), with its amount or valuation in euros."""

    partnership = ParentalKey(Partnership, related_name="contributions", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices)
    description = models.CharField(_("description"), max_length=250)
    amount = models.DecimalField(
        _("amount or valuation (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("An amount cannot be negative."))],
    )
    from_member = models.ForeignKey(
        "governance.MemberPage",
        verbose_name=_("from a member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("from an organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = ClusterHistoricalRecords(
        bases=[HistoryBatch], verbose_name=_("history of contribution")
    )
    objects = HistoryQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("amount")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("from_member"), FieldPanel("from_organisation")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self):
        return f"{self.get_kind_display()} : {self.description}"

    def clean(self):
        super().clean()
        if bool(self.from_member_id) == bool(self.from_organisation_id):
            raise ValidationError(_("Say which partner brings it: one member or one organisation."))

    @property
    def partner(self):
        return self.from_member or self.from_organisation
