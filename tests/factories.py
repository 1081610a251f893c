"""Test data: a small page tree shaped like the real one, and users for each role.

The tree mirrors what `load_demo` builds (home, members' area restricted to *Sociétaires* and
*Éditeurs*, partnerships restricted to *Comité de pilotage*, with their private collections,
through the same `coopsite.foundation.areas` helpers) without the demo's text, so that tests stay
fast and do not depend on demo wording.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from coopsite.foundation.areas import grant_page_editing, private_collection, restrict_page
from coopsite.foundation.models import HomePage, StandardPage
from governance.models import GovernanceIndexPage, MembersAreaPage
from partnerships.models import PartnershipsIndexPage
from training.models import TrainingCatalogPage

PASSWORD = "test-password-1234"


@dataclass
class Tree:
    home: HomePage
    about: StandardPage
    catalog: TrainingCatalogPage
    members_area: MembersAreaPage
    governance: GovernanceIndexPage
    members_news: StandardPage
    partnerships: PartnershipsIndexPage
    partnerships_method: StandardPage
    legal: StandardPage


def add_page(parent, model, title, slug, show_in_menus=True, publish=True, **fields):
    page = model(title=title, slug=slug, show_in_menus=show_in_menus, live=publish, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def build_tree():
    root = Page.get_first_root_node()
    home = HomePage(title="Accueil test", slug="accueil", locale=Locale.get_default())
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    placeholder = site.root_page
    site.root_page = home
    site.save()
    placeholder.delete()

    about = add_page(home, StandardPage, "La coopérative", "la-cooperative")
    catalog = add_page(home, TrainingCatalogPage, "Catalogue des formations", "formations")
    members_area = add_page(home, MembersAreaPage, "Espace sociétaires", "espace-societaires")
    governance = add_page(members_area, GovernanceIndexPage, "Gouvernance", "gouvernance")
    members_news = add_page(
        members_area,
        StandardPage,
        "Nouvelles réservées",
        "nouvelles",
        intro="<p>Le local partagé de la rue des Tanneurs accueille trois structures.</p>",
    )
    partnerships = add_page(home, PartnershipsIndexPage, "Partenariats", "partenariats")
    partnerships_method = add_page(
        partnerships,
        StandardPage,
        "Négociation confidentielle",
        "negociation",
        intro="<p>Mécénat de compétences en discussion avec une entreprise du territoire.</p>",
    )
    legal = add_page(home, StandardPage, "Mentions légales", "mentions-legales", False)
    members_groups = [settings.GROUP_MEMBERS, settings.GROUP_EDITORS]
    restrict_page(members_area, members_groups)
    private_collection("Espace sociétaires", members_groups)
    restrict_page(partnerships, [settings.GROUP_COMMITTEE])
    private_collection("Partenariats", [settings.GROUP_COMMITTEE])
    grant_page_editing(partnerships, settings.GROUP_COMMITTEE)
    return Tree(
        home=home,
        about=about,
        catalog=catalog,
        members_area=members_area,
        governance=governance,
        members_news=members_news,
        partnerships=partnerships,
        partnerships_method=partnerships_method,
        legal=legal,
    )


def make_user(username, *group_names, superuser=False):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        is_superuser=superuser,
        is_staff=superuser,
    )
    user.groups.set(Group.objects.filter(name__in=group_names))
    return user


@dataclass
class Governance:
    directory: object
    colleges: list
    members: list
    decisions_index: object
    charter_parent: object


def build_governance(tree, members_per_college=2, weights=("40", "30", "30"), member_count=None):
    """Directory with colleges (given weights), members with offers/needs, a decisions index.

    `member_count` (if given) spreads that many members over the colleges instead.
    """
    from decimal import Decimal

    from governance.models import (
        CollegePage,
        DecisionIndexPage,
        DirectoryPage,
        MemberCategory,
        MemberContact,
        MemberKind,
        MemberPage,
        MemberResource,
    )

    directory = add_page(tree.members_area, DirectoryPage, "Annuaire", "annuaire")
    categories = [MemberCategory.EMPLOYEES, MemberCategory.BENEFICIARIES, MemberCategory.SUPPORTERS]
    kinds = [MemberKind.EMPLOYEE, MemberKind.ASSOCIATION, MemberKind.CITIZEN]
    territories = ["Val-de-Sarre", "Hautes-Côtes", "Pays de Sarre"]
    colleges, members = [], []
    for index, weight in enumerate(weights):
        college = add_page(
            directory,
            CollegePage,
            f"Collège {index + 1}",
            f"college-{index + 1}",
            weight=None if weight is None else Decimal(weight),
        )
        colleges.append(college)
        count = members_per_college
        if member_count is not None:
            count = member_count // len(weights) + (index < member_count % len(weights))
        for number in range(count):
            member = MemberPage(
                title=f"Structure {index + 1}-{number + 1}",
                slug=f"structure-{index + 1}-{number + 1}",
                kind=kinds[index % 3],
                category=categories[index % 3],
                shares=2,
                territory=territories[number % 3],
                website="https://structure.example",
            )
            member.resources = [
                MemberResource(direction="offer", kind="skills", title="Comptabilité"),
                MemberResource(direction="need", kind="premises", title="Salle de réunion"),
            ]
            member.contacts = [
                MemberContact(name="Dominique Secret", email="dominique@structure.example")
            ]
            college.add_child(instance=member)
            member.save_revision().publish()
            members.append(member)
    decisions_index = add_page(tree.governance, DecisionIndexPage, "Décisions", "decisions")
    return Governance(directory, colleges, members, decisions_index, tree.governance)
