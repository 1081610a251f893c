"""The members' directory: active members grouped by college, with filters and counts.

A fixed number of queries whatever the number of members: colleges, the count per college,
one page of members (with logo), their offers and needs (one prefetch), the renditions of their
logos (one prefetch) and the list of territories for the filter. Colleges, members, counts and
territories are those the visitor may open (`coopsite.foundation.privacy`, inside each query: a
member page under a shared password is left out until the visitor's session has given it). Members
come `MEMBERS_PER_PAGE` at a time, college after college (by title within a college): with 2,000
members the whole list would be a page of 1.6 MB.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from coopsite.foundation.filters import ALL, SiteFilterSet, capitalized, free_select
from coopsite.foundation.images import MEMBER_CARD_LOGO, rendition_prefetch
from coopsite.foundation.privacy import visible_pages

from .models import CollegePage, MemberKind, MemberPage, MemberResource, ResourceKind

TEXT_LENGTH = 100  # a longer search or territory is cut, as the directory always did


class DirectoryFilterSet(SiteFilterSet):
    """The directory's filters: text, kind, territory, type of offer and of need.

    The territories offered are those of the members the visitor may open (`territories`);
    any territory in a link still filters.
    """

    q = django_filters.CharFilter(label=_("Search"), widget=forms.SearchInput, method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=capitalized(MemberKind.choices), empty_label=ALL
    )
    territory = django_filters.CharFilter(label=_("Territory"), method="in_territory")
    offer = django_filters.ChoiceFilter(
        label=_("Offers"),
        choices=capitalized(ResourceKind.choices),
        empty_label=ALL,
        method="offering",
    )
    need = django_filters.ChoiceFilter(
        label=_("Needs"),
        choices=capitalized(ResourceKind.choices),
        empty_label=ALL,
        method="needing",
    )

    def __init__(self, request, queryset=None, *, territories=()):
        super().__init__(request, queryset)
        self.filters["territory"].extra["widget"] = free_select((t, t) for t in territories)

    def search(self, members, name, value):
        text = value[:TEXT_LENGTH]
        return members.filter(
            Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(territory__icontains=text)
            | Q(resources__title__icontains=text)
            | Q(resources__details__icontains=text)
        )

    def in_territory(self, members, name, value):
        return members.filter(territory=value[:TEXT_LENGTH])

    def offering(self, members, name, value):
        return members.filter(resources__direction=MemberResource.OFFER, resources__kind=value)

    def needing(self, members, name, value):
        return members.filter(resources__direction=MemberResource.NEED, resources__kind=value)


MEMBERS_PER_PAGE = 60


@dataclass
class CollegeGroup:
    """A college, how many members match in it, and those of them on the current page."""

    college: CollegePage
    count: int = 0
    members: list = field(default_factory=list)


def directory_context(directory, request):
    colleges = list(
        visible_pages(CollegePage.objects.child_of(directory), request).order_by("path")
    )
    college_path_length = (directory.depth + 1) * MemberPage.steplen
    members_here = visible_pages(MemberPage.objects.descendant_of(directory), request).active()
    territories = list(
        members_here.exclude(territory="")
        .order_by("territory")
        .values_list("territory", flat=True)
        .distinct()
    )
    filters = DirectoryFilterSet(request, members_here, territories=territories)
    matching = filters.qs.distinct().annotate(college_path=Substr("path", 1, college_path_length))
    groups = {college.path: CollegeGroup(college) for college in colleges}
    counts = matching.order_by().values("college_path").annotate(count=Count("pk", distinct=True))
    for row in counts:
        if row["college_path"] in groups:
            groups[row["college_path"]].count = row["count"]
    members = (
        matching.filter(college_path__in=list(groups))
        .select_related("logo")
        .prefetch_related(
            Prefetch(
                "resources", queryset=MemberResource.objects.order_by("direction", "sort_order")
            ),
            rendition_prefetch("logo", MEMBER_CARD_LOGO),
        )
        .order_by("college_path", "title", "pk")
    )
    paginator = Paginator(members, MEMBERS_PER_PAGE)
    paginator.count = sum(group.count for group in groups.values())  # known: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    for member in page.object_list:
        groups[member.college_path].members.append(member)
    return {
        "filters": filters,
        "college_groups": list(groups.values()),
        "member_count": page.paginator.count,
        "members_page": page,
    }
