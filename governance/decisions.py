"""The decisions index: newest first, filterable by body, year and status, paginated.

Only the decisions the visitor may open are listed or counted (`coopsite.foundation.privacy`): one
restricted to the committee below the index leaves no title, number, status or year to the
other members.
"""

from django.core.paginator import Paginator

from coopsite.foundation.privacy import visible_pages

from .models import DecisionBody, DecisionPage, DecisionStatus

DECISIONS_PER_PAGE = 20


def decisions_context(index, request):
    get = request.GET
    body = get.get("body") if get.get("body") in DecisionBody.values else ""
    status = get.get("status") if get.get("status") in DecisionStatus.values else ""
    year = get.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None

    decisions = visible_pages(DecisionPage.objects.child_of(index), request)
    years = sorted({d.year for d in decisions.dates("date", "year")}, reverse=True)
    if body:
        decisions = decisions.filter(body=body)
    if status:
        decisions = decisions.filter(status=status)
    if year:
        decisions = decisions.filter(date__year=year)
    decisions = decisions.order_by("-date", "-number")
    page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(get.get("page"))
    return {
        "decisions": page,
        "filter_body": body,
        "filter_status": status,
        "filter_year": year,
        "years": years,
        "body_choices": DecisionBody.choices,
        "status_choices": DecisionStatus.choices,
    }
