"""The committee's list of partnerships (site and admin export) and its dashboard figures.

A fixed number of queries whatever the number of records: the records with their owner, one
query per kind of partner, one for the contribution totals.
"""

from datetime import timedelta

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopsite.foundation.filters import (
    ALL,
    CheckboxFilter,
    SiteFilterSet,
    capitalized,
    free_select,
)

from . import pipeline
from .models import Contribution, ContributionKind, Partnership, PartnershipKind

DUE_SOON_DAYS = 30


def committee_users():
    return (
        get_user_model()
        .objects.filter(groups__name=settings.GROUP_COMMITTEE, is_active=True)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


TERRITORY_LENGTH = 120  # a longer territory in a link is cut, as the list always did


class PartnershipFilterSet(SiteFilterSet):
    """The site list's filters: kind, stage, territory, owner, next step overdue.

    The territories and owners offered are those of the records and of the committee; any
    territory, and any user's number as owner, in a link still filters.
    """

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=capitalized(PartnershipKind.choices), empty_label=ALL
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=capitalized(pipeline.Stage.choices), empty_label=ALL
    )
    territory = django_filters.CharFilter(label=_("Territory"), method="in_territory")
    owner = django_filters.CharFilter(
        label=_("Owner"),
        field_name="owner_id",
        validators=[RegexValidator(r"^[0-9]+$", _("Choose an owner in the list."))],
    )
    overdue = CheckboxFilter(label=_("Next step overdue"), method="with_step_overdue")

    def __init__(self, request, queryset=None, *, territories=(), owners=()):
        super().__init__(request, queryset)
        self.filters["territory"].extra["widget"] = free_select((t, t) for t in territories)
        self.filters["owner"].extra["widget"] = free_select(
            (str(owner.pk), owner.get_full_name() or owner.get_username()) for owner in owners
        )

    def in_territory(self, queryset, name, value):
        return queryset.filter(territory=value[:TERRITORY_LENGTH])

    def with_step_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.localdate())) if value else queryset


def overdue_q(today):
    return Q(next_step_due__lt=today, stage__in=pipeline.OPEN_STAGES)


def partnership_list(records=None):
    """The records (all, or those given) with their owner, partners and contributions total."""
    records = Partnership.objects.all() if records is None else records
    return (
        records.select_related("owner")
        .prefetch_related("member_partners", "association_partners", "company_partners")
        .annotate(
            contributions_total=Coalesce(
                Sum("contributions__amount"),
                Value(0),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
        .order_by("title", "pk")
    )


def territories():
    return list(
        Partnership.objects.exclude(territory="")
        .order_by("territory")
        .values_list("territory", flat=True)
        .distinct()
    )


def _bars(rows):
    """Rows of (label, value) → rows with a width in percent of the largest value."""
    largest = max((value for _label, value in rows), default=0) or 1
    return [
        {"label": label, "value": value, "width": round(100 * float(value) / float(largest), 1)}
        for label, value in rows
    ]


def dashboard(today=None):
    today = today or timezone.localdate()
    by_stage = dict(Partnership.objects.values_list("stage").annotate(n=Count("pk")))
    by_kind = dict(Partnership.objects.values_list("kind").annotate(n=Count("pk")))
    money = dict(Contribution.objects.values_list("kind").annotate(total=Sum("amount")).order_by())
    open_records = Partnership.objects.filter(stage__in=pipeline.OPEN_STAGES).exclude(
        next_step_due=None
    )
    return {
        "by_stage": _bars(
            [(label, by_stage.get(value, 0)) for value, label in pipeline.Stage.choices]
        ),
        "by_kind": _bars(
            [(label, by_kind.get(value, 0)) for value, label in PartnershipKind.choices]
        ),
        "contributions": _bars(
            [(label, money.get(value) or 0) for value, label in ContributionKind.choices]
        ),
        "due_soon": list(
            open_records.filter(
                next_step_due__gte=today, next_step_due__lte=today + timedelta(days=DUE_SOON_DAYS)
            )
            .select_related("owner")
            .order_by("next_step_due")
        ),
        "overdue": list(
            open_records.filter(next_step_due__lt=today)
            .select_related("owner")
            .order_by("next_step_due")
        ),
        "total": sum(by_stage.values()),
        "today": today,
    }
