"""General assembly test data: colleges and members (tests.factories), each member with an
account, an assembly with an AGO and an AGE resolution, a chair and a secretary."""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.assembly.models import AssemblyPage, Resolution
from governance.models import MemberCategory, MemberKind, MemberPage
from tests.factories import add_page, build_governance, make_user


@dataclass
class Assembly:
    page: AssemblyPage
    governance: object
    members: list  # MemberPage, each with a `user`
    chair: object
    secretary: object

    def resolution(self, number):
        return self.page.resolutions.get(number=str(number))


def build_assembly(
    tree,
    *,
    members_per_college=2,
    member_count=None,
    bodies="ago_age",
    convocation=1,
    starts_in=datetime.timedelta(days=20),
):
    governance = build_governance(
        tree, members_per_college=members_per_college, member_count=member_count
    )
    members = []
    for index, member in enumerate(governance.members):
        member.user = make_user(f"membre{index + 1}", settings.GROUP_MEMBERS)
        member.save_revision().publish()
        members.append(member)
    chair = make_user("presidente", settings.GROUP_MEMBERS)
    secretary = make_user("secretaire", settings.GROUP_MEMBERS)
    page = AssemblyPage(
        title="Assemblée générale 2027",
        slug="ag-2027",
        bodies=bodies,
        starts_at=timezone.now() + starts_in,
        place="Salle des fêtes, Val-de-Sarre",
        convocation=convocation,
        chair=chair,
        secretary=secretary,
    )
    page.resolutions = [
        Resolution(number="1", title="Approbation des comptes 2026", body="ago"),
        Resolution(number="2", title="Affectation du résultat", body="ago"),
        Resolution(number="3", title="Modification des statuts", body="age"),
    ]
    tree.governance.add_child(instance=page)
    page.save_revision().publish()
    return Assembly(page, governance, members, chair, secretary)


def add_members(colleges, count):
    """`count` live members spread over the colleges, each with an account: no revisions, one
    bulk insert of accounts, so that 300 take seconds, not minutes."""
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [user_model(username=f"votant{number}") for number in range(count)]
    )
    members = []
    for number, user in enumerate(users):
        member = MemberPage(
            title=f"Votant {number:03d}",
            slug=f"votant-{number}",
            kind=MemberKind.CITIZEN,
            category=MemberCategory.SUPPORTERS,
            user=user,
            live=True,
        )
        colleges[number % len(colleges)].add_child(instance=member)
        members.append(member)
    return members


def build_large_assembly(tree, count):
    """An assembly whose `count` members are added in bulk (`add_members`): for the tests of
    scale, where building each member with its revision would take minutes."""
    small = build_assembly(tree, member_count=0)
    small.members = add_members(small.governance.colleges, count)
    return small


@pytest.fixture
def assembly(tree):
    return build_assembly(tree)


__all__ = ["add_page", "build_assembly"]
