"""The members' directory: active members grouped by college, with filters and counts.

A fixed number of queries whatever the number of members: colleges, members (with logo),
their offers and needs (one prefetch), the renditions of their logos (one prefetch) and the
list of territories for the filter.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from coopsite.images import MEMBER_CARD_LOGO, rendition_prefetch

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


@dataclass
class CollegeGroup:
    college: CollegePage
    members: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.members)


def directory_context(directory, request):
    filters = DirectoryFilters.from_request(request)
    colleges = list(CollegePage.objects.child_of(directory).live().order_by("path"))
    members = (
        filters.apply(MemberPage.objects.descendant_of(directory).live().active())
        .select_related("logo")
        .prefetch_related(
            Prefetch(
                "resources", queryset=MemberResource.objects.order_by("direction", "sort_order")
            ),
            rendition_prefetch("logo", MEMBER_CARD_LOGO),
        )
        .order_by("title")
    )
    groups = {college.path: CollegeGroup(college) for college in colleges}
    steplen = MemberPage.steplen
    for member in members:
        group = groups.get(member.path[:-steplen])
        if group is not None:
            group.members.append(member)
    territories = (
        MemberPage.objects.descendant_of(directory)
        .live()
        .active()
        .exclude(territory="")
        .order_by("territory")
        .values_list("territory", flat=True)
        .distinct()
    )
    return {
        "filters": filters,
        "college_groups": list(groups.values()),
        "member_count": sum(group.count for group in groups.values()),
        "territories": list(territories),
        "kind_choices": MemberKind.choices,
        "resource_choices": ResourceKind.choices,
    }
