"""Training: the public shared catalogue of the members' courses, their sessions, registrations.

- `CoursePage` (under the public `TrainingCatalogPage`) carries every field a French public
  training offer must show (Qualiopi indicators 1–2); `display()` turns a missing value into
  "non communiqué".
- `TrainingSession` is a snippet of its own, not an inline of the page: registrations point to
  it, and editing or restoring a page revision must never delete a session that has people in
  it. A session spans one or more `SessionDay`s (e.g. three Saturdays).
- `Registration` belongs to a session; capacity and the waiting list are decided in
  `training.registration`, under a row lock on the session.
"""

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from coopsite.foundation import page_cache
from coopsite.foundation.models import RequestRestrictionsMixin, SectionPage
from coopsite.foundation.privacy import public_pages
from coopsite.foundation.routes import RegisteredRoutesMixin

from .calendar import calendar_response

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


# --- Themes and audiences (snippets, translated with wagtail-localize) -------------------------


class Theme(TranslatableMixin, models.Model):
    """*Thème*: e.g. gouvernance partagée, coopération, gestion, communication, bénévolat."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Used in filter addresses."))

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="training_theme_unique_slug")
        ]

    def __str__(self):
        return self.name


class Audience(TranslatableMixin, models.Model):
    """*Public*: e.g. bénévoles, dirigeants, salariés, élus."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Used in filter addresses."))

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="training_audience_unique_slug")
        ]

    def __str__(self):
        return self.name


# --- Catalogue and courses ---------------------------------------------------------------------


class TrainingCatalogPage(RoutablePageMixin, SectionPage):
    """*Catalogue des formations*: public, the courses live below it.

    Routes: the catalogue with its filters, and `agenda/`, every upcoming session as an
    iCalendar feed (Wagtail's page URLs allow no dot, hence no `.ics` in the address).
    """

    parent_page_types = ["coopsite.HomePage"]
    subpage_types = ["training.CoursePage", "coopsite.StandardPage"]

    class Meta:
        verbose_name = _("training catalogue")
        verbose_name_plural = _("training catalogues")

    def get_context(self, request, *args, **kwargs):
        # Inside: training.catalog imports these models (a cycle).
        from .catalog import catalog_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_context(self, request))
        return context

    @path("")
    @page_cache.cacheable(params=("theme", "audience", "place", "available"))
    def catalog(self, request):
        return self.render(request)

    @path("agenda/")
    @page_cache.cacheable
    def calendar(self, request):
        courses = public_pages(CoursePage.objects.child_of(self)).public()
        sessions = TrainingSession.objects.upcoming().filter(
            course__translation_key__in=courses.values("translation_key")
        )
        return calendar_response(request, sessions, f"{self.slug}.ics")


class PriceKind(models.TextChoices):
    FREE = "free", _("Free")
    PAID = "paid", _("Paid")
    FUNDED = "funded", _("Paid for by a funder")


class CoursePage(RequestRestrictionsMixin, RegisteredRoutesMixin, Page):
    """*Formation*: what the public must know before registering (Qualiopi indicators 1–2)."""

    NOT_GIVEN = _("not disclosed")  # « non communiqué »: never a blank

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences for the catalogue.")
    )
    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    audiences = ParentalManyToManyField(Audience, verbose_name=_("audiences"), blank=True)
    objectives = RichTextField(_("objectives"), blank=True, features=TEXT_FEATURES)
    audience_details = RichTextField(_("audience in detail"), blank=True, features=TEXT_FEATURES)
    prerequisites = RichTextField(_("prerequisites"), blank=True, features=TEXT_FEATURES)
    duration_hours = models.DecimalField(
        _("duration in hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    duration_days = models.DecimalField(
        _("duration in days"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    teaching_methods = RichTextField(_("teaching methods"), blank=True, features=TEXT_FEATURES)
    evaluation_methods = RichTextField(_("evaluation methods"), blank=True, features=TEXT_FEATURES)
    price_kind = models.CharField(_("price"), max_length=10, choices=PriceKind.choices, blank=True)
    price_amount = models.DecimalField(
        _("amount (euros)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funder = models.CharField(
        _("funder"),
        max_length=200,
        blank=True,
        help_text=_("Who pays when the course is paid for by a funder."),
    )
    registration_terms = RichTextField(_("how to register"), blank=True, features=TEXT_FEATURES)
    access_delay_days = models.PositiveSmallIntegerField(
        _("access delay (days)"),
        null=True,
        blank=True,
        help_text=_("Days between the registration deadline and the start, at least."),
    )
    accessibility = RichTextField(
        _("accessibility for people with disabilities"), blank=True, features=TEXT_FEATURES
    )
    disability_contact_name = models.CharField(
        _("disability contact: name"), max_length=120, blank=True
    )
    disability_contact_email = models.EmailField(_("disability contact: e-mail"), blank=True)
    contact_name = models.CharField(_("contact person: name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact person: e-mail"), blank=True)
    contact_phone = models.CharField(_("contact person: phone"), max_length=30, blank=True)
    organisers = ParentalManyToManyField(
        "governance.MemberPage",
        verbose_name=_("organising members"),
        blank=True,
        related_name="organised_courses",
    )
    satisfaction_rate = models.DecimalField(
        _("satisfaction rate (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    completion_rate = models.DecimalField(
        _("completion rate (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    results_period = models.CharField(
        _("period the results cover"),
        max_length=120,
        blank=True,
        help_text=_("E.g. « sessions 2025, 48 stagiaires »."),
    )

    parent_page_types = ["training.TrainingCatalogPage"]
    subpage_types = []

    # wagtail-localize would ask translators to translate people's names and a phone number
    # (and report the page "published with missing translations" until they copy them): they
    # follow the French page, as the e-mail addresses do. A translator may still override them,
    # e.g. for an English-speaking contact.
    override_translatable_fields = [
        SynchronizedField("disability_contact_name"),
        SynchronizedField("contact_name"),
        SynchronizedField("contact_phone"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("audiences"), FieldPanel("organisers")],
            heading=_("Filters and organisers"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("objectives"),
                FieldPanel("audience_details"),
                FieldPanel("prerequisites"),
                FieldRowPanel([FieldPanel("duration_hours"), FieldPanel("duration_days")]),
                FieldPanel("teaching_methods"),
                FieldPanel("evaluation_methods"),
            ],
            heading=_("Content of the course"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price_kind"), FieldPanel("price_amount")]),
                FieldPanel("funder"),
                FieldPanel("registration_terms"),
                FieldPanel("access_delay_days"),
            ],
            heading=_("Price and registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility"),
                FieldRowPanel(
                    [FieldPanel("disability_contact_name"), FieldPanel("disability_contact_email")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("contact_name"),
                        FieldPanel("contact_email"),
                        FieldPanel("contact_phone"),
                    ]
                ),
            ],
            heading=_("Accessibility and contacts"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("satisfaction_rate"), FieldPanel("completion_rate")]),
                FieldPanel("results_period"),
            ],
            heading=_("Results"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("audience_details"),
        index.FilterField("price_kind"),
        # Found by its themes and by where its sessions take place (see training/signals.py).
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("sessions", [index.SearchField("place"), index.SearchField("address")]),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        errors = {}
        if self.price_kind == PriceKind.PAID and self.price_amount is None:
            errors["price_amount"] = _("Give the amount of a paid course.")
        if self.price_kind == PriceKind.FUNDED and not self.funder:
            errors["funder"] = _("Name the funder who pays for the course.")
        if (self.satisfaction_rate is not None or self.completion_rate is not None) and not (
            self.results_period
        ):
            errors["results_period"] = _("Say which period the results cover.")
        if errors:
            raise ValidationError(errors)

    @property
    def price_display(self):
        if self.price_kind == PriceKind.FREE:
            return _("Free")
        if self.price_kind == PriceKind.PAID and self.price_amount is not None:
            return _("%(amount)s € per person") % {"amount": _euros(self.price_amount)}
        if self.price_kind == PriceKind.FUNDED:
            return _("Paid for by %(funder)s") % {"funder": self.funder or self.NOT_GIVEN}
        return self.NOT_GIVEN

    @property
    def duration_display(self):
        parts = []
        if self.duration_hours is not None:
            parts.append(_("%(hours)s h") % {"hours": _number(self.duration_hours)})
        if self.duration_days is not None:
            days = self.duration_days
            parts.append(
                ngettext("%(days)s day", "%(days)s days", 1 if days <= 1 else 2)
                % {"days": _number(days)}
            )
        return " · ".join(str(part) for part in parts) or self.NOT_GIVEN

    # Routes: the course's calendar here; the page and its form, the confirmation after
    # registering and the organisers' list of registrations are registered by `training.views`.

    @path("agenda/")
    @page_cache.cacheable
    def calendar(self, request):
        sessions = TrainingSession.objects.for_course(self).upcoming()
        return calendar_response(request, sessions, f"{self.slug}.ics")


def _number(value):
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _euros(amount):
    text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    return text.removesuffix(",00")


# --- Sessions ----------------------------------------------------------------------------------


class TrainingSessionQuerySet(models.QuerySet):
    def with_seats(self):
        """Annotate `confirmed_count` and `waiting_count` (one query with the sessions)."""
        return self.annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=Registration.WAITING)
            ),
        )

    def for_course(self, course):
        """The sessions of a course in any of its languages (they are attached to one)."""
        return self.filter(course__translation_key=course.translation_key)

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(last_day__gte=today, cancelled=False)


class TrainingSession(ClusterableModel):
    """*Session*: dated occurrence of a course, with a capacity and a registration deadline."""

    # One page of the course (any language): its translations show the same sessions.
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    registration_deadline = models.DateField(
        _("registration deadline"), help_text=_("Last day to register (included).")
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Kept in step with the days on save (see `sync_dates`): listings sort and filter on them.
    first_day = models.DateField(_("first day"), null=True, editable=False)
    last_day = models.DateField(_("last day"), null=True, editable=False)

    objects = TrainingSessionQuerySet.as_manager()

    panels = [
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("remote")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
        InlinePanel("days", label=_("days"), min_num=1),
        FieldPanel("cancelled"),
    ]

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["first_day", "pk"]

    def __str__(self):
        if self.first_day is None:
            return str(self.course)
        return f"{self.course} — {self.first_day:%d/%m/%Y}"

    def clean(self):
        super().clean()
        if not self.remote and not self.place:
            raise ValidationError({"place": _("Give the place, or tick « remote ».")})

    def save(self, *args, **kwargs):
        """Save, the first and last days in step with the days. Seats added by a larger capacity
        go to the waiting list through `registration.fill_free_seats`, which the admin calls."""
        self.sync_dates(save=False)
        super().save(*args, **kwargs)

    def sync_dates(self, save=True):
        days = sorted(day.date for day in self.days.all() if day.date)
        self.first_day = days[0] if days else None
        self.last_day = days[-1] if days else None
        if save:
            TrainingSession.objects.filter(pk=self.pk).update(
                first_day=self.first_day, last_day=self.last_day
            )

    @property
    def sorted_days(self):
        return sorted(self.days.all(), key=lambda day: (day.date, day.start_time))

    @property
    def seats_left(self):
        """Seats still free; uses `confirmed_count` when annotated by `with_seats()`."""
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.registrations.filter(status=Registration.CONFIRMED).count()
        return max(self.capacity - confirmed, 0)

    def is_open(self, today=None):
        """Registration is open until the deadline (included), unless the session is cancelled."""
        today = today or timezone.localdate()
        return not self.cancelled and today <= self.registration_deadline

    @property
    def location_display(self):
        if self.remote:
            return (
                _("Remote") if not self.place else _("%(place)s and remote") % {"place": self.place}
            )
        return self.place


class SessionDay(Orderable):
    session = ParentalKey(TrainingSession, related_name="days", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"), default=time(9, 30))
    end_time = models.TimeField(_("end"), default=time(17, 30))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")])]

    class Meta(Orderable.Meta):
        verbose_name = _("day")
        verbose_name_plural = _("days")

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The day must end after it starts.")})

    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    def ends_at(self):
        return timezone.make_aware(datetime.combine(self.date, self.end_time))


# --- Registrations -----------------------------------------------------------------------------


class Registration(models.Model):
    """*Inscription* of one person to one session: confirmed, waiting or cancelled."""

    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"
    STATUS_CHOICES = [
        (CONFIRMED, _("Confirmed")),
        (WAITING, _("On the waiting list")),
        (CANCELLED, _("Cancelled")),
    ]

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    structure = models.CharField(_("structure"), max_length=200, blank=True)
    member = models.ForeignKey(
        "governance.MemberPage",
        verbose_name=_("member structure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    consent = models.BooleanField(_("consent to the use of the data"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("promoted from the waiting list at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "pk"]  # the order of arrival: the waiting list's order
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(status="cancelled"),
                name="training_registration_one_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} — {self.session}"

    @property
    def structure_display(self):
        return self.member.title if self.member_id else self.structure


def waiting_position(registration):
    """The registration's place on its session's waiting list: 1 for the first person waiting,
    and so on; None when not waiting. It lives beside the model, not in `registration`: the
    e-mails show it, and `registration` imports `tasks`, which imports `emails`."""
    if registration.status != Registration.WAITING:
        return None
    return Registration.objects.filter(
        session_id=registration.session_id,
        status=Registration.WAITING,
        pk__lte=registration.pk,
    ).count()
