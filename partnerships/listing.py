"""The committee's list of partnerships (site and admin export) and its dashboard figures.

A fixed number of queries whatever the number of records: the records with their owner, one
query per kind of partner, one for the contribution totals.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

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


@dataclass
class PartnershipFilters:
    kind: str = ""
    stage: str = ""
    territory: str = ""
    owner: str = ""
    overdue: bool = False

    @classmethod
    def from_query(cls, get):
        kinds = {value for value, _ in PartnershipKind.choices}
        stages = {value for value, _ in pipeline.Stage.choices}
        owner = get.get("owner", "")
        return cls(
            kind=get.get("kind", "") if get.get("kind") in kinds else "",
            stage=get.get("stage", "") if get.get("stage") in stages else "",
            territory=get.get("territory", "").strip()[:120],
            owner=owner if owner.isdigit() else "",
            overdue=get.get("overdue") == "1",
        )

    @property
    def active(self):
        return any([self.kind, self.stage, self.territory, self.owner, self.overdue])

    def apply(self, queryset, today=None):
        today = today or timezone.localdate()
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.stage:
            queryset = queryset.filter(stage=self.stage)
        if self.territory:
            queryset = queryset.filter(territory=self.territory)
        if self.owner:
            queryset = queryset.filter(owner_id=int(self.owner))
        if self.overdue:
            queryset = queryset.filter(overdue_q(today))
        return queryset


def overdue_q(today):
    return Q(next_step_due__lt=today, stage__in=pipeline.OPEN_STAGES)


def partnership_list(filters):
    return (
        filters.apply(Partnership.objects.all())
        .select_related("owner")
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
