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
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr

from coopsite.foundation.images import MEMBER_CARD_LOGO, rendition_prefetch
from coopsite.foundation.privacy import visible_pages

from .models import CollegePage, MemberKind, MemberPage, MemberResource, ResourceKind


@dataclass
class DirectoryFilters:
    kind: str = ""
    territory: str = ""
    offer: str = ""
    need: str = ""
    q: str = ""

    @classmethod
    def from_request(cls, request):
        get = request.GET
        kinds = {value for value, _ in MemberKind.choices}
        resources = {value for value, _ in ResourceKind.choices}
        return cls(
            kind=get.get("kind", "") if get.get("kind") in kinds else "",
            territory=get.get("territory", "").strip()[:100],
            offer=get.get("offer", "") if get.get("offer") in resources else "",
            need=get.get("need", "") if get.get("need") in resources else "",
            q=get.get("q", "").strip()[:100],
        )

    @property
    def active(self):
        return any([self.kind, self.territory, self.offer, self.need, self.q])

    @property
    def query_string(self):
        """The active filters as a query string, for the links to the other pages."""
        values = {"q": self.q, "kind": self.kind, "territory": self.territory}
        values.update(offer=self.offer, need=self.need)
        return urlencode({name: value for name, value in values.items() if value})

    def apply(self, members):
        if self.kind:
            members = members.filter(kind=self.kind)
        if self.territory:
            members = members.filter(territory=self.territory)
        if self.offer:
            members = members.filter(
                resources__direction=MemberResource.OFFER, resources__kind=self.offer
            )
        if self.need:
            members = members.filter(
                resources__direction=MemberResource.NEED, resources__kind=self.need
            )
        if self.q:
            members = members.filter(
                Q(title__icontains=self.q)
                | Q(description__icontains=self.q)
                | Q(territory__icontains=self.q)
                | Q(resources__title__icontains=self.q)
                | Q(resources__details__icontains=self.q)
            )
        return members.distinct()


MEMBERS_PER_PAGE = 60


@dataclass
class CollegeGroup:
    """A college, how many members match in it, and those of them on the current page."""

    college: CollegePage
    count: int = 0
    members: list = field(default_factory=list)


def directory_context(directory, request):
    filters = DirectoryFilters.from_request(request)
    colleges = list(
        visible_pages(CollegePage.objects.child_of(directory), request).order_by("path")
    )
    college_path_length = (directory.depth + 1) * MemberPage.steplen
    members_here = visible_pages(MemberPage.objects.descendant_of(directory), request).active()
    matching = filters.apply(members_here).annotate(
        college_path=Substr("path", 1, college_path_length)
    )
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
    territories = (
        members_here.exclude(territory="")
        .order_by("territory")
        .values_list("territory", flat=True)
        .distinct()
    )
    return {
        "filters": filters,
        "college_groups": list(groups.values()),
        "member_count": page.paginator.count,
        "members_page": page,
        "territories": list(territories),
        "kind_choices": MemberKind.choices,
        "resource_choices": ResourceKind.choices,
    }
