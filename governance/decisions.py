"""The decisions index: newest first, filterable by body, year and status, paginated.

Only the decisions the visitor may open are listed or counted (`coopsite.foundation.privacy`): one
restricted to the committee below the index leaves no title, number, status or year to the
other members.
"""

import django_filters
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from coopsite.foundation.filters import ALL, SiteFilterSet, capitalized, free_select
from coopsite.foundation.privacy import visible_pages

from .models import DecisionBody, DecisionPage, DecisionStatus

DECISIONS_PER_PAGE = 20


class DecisionFilterSet(SiteFilterSet):
    """Body, year (of four digits; the years offered are those of the visible decisions), status."""

    body = django_filters.ChoiceFilter(
        label=_("Body"), choices=capitalized(DecisionBody.choices), empty_label=ALL
    )
    year = django_filters.CharFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        validators=[
            RegexValidator(r"^[0-9]{4}$", _("A year has four digits: this filter is left out."))
        ],
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=capitalized(DecisionStatus.choices), empty_label=ALL
    )

    def __init__(self, request, queryset=None, *, years=()):
        super().__init__(request, queryset)
        self.filters["year"].extra["widget"] = free_select((str(y), y) for y in years)


def decisions_context(index, request):
    decisions = visible_pages(DecisionPage.objects.child_of(index), request)
    years = sorted({d.year for d in decisions.dates("date", "year")}, reverse=True)
    filters = DecisionFilterSet(request, decisions, years=years)
    page = Paginator(filters.qs.order_by("-date", "-number"), DECISIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {"decisions": page, "filters": filters, "years": years}
