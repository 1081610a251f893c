"""Demo governance: five colleges, thirty invented members, a dozen decisions, the charter.

Called by `load_demo` (coopsite.sitewide.demo); like it, it only creates what is missing.
Each kind of row is a record below (College, Member, Decision with its Tally per college,
CharterVersion); `load_governance_demo` saves them in that order.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from coopsite.foundation.demo_text import child_page, heading_block, paragraph_block, paragraphs

from .models import (
    CharterPage,
    CollegePage,
    CollegeVote,
    DecisionBody,
    DecisionIndexPage,
    DecisionPage,
    DirectoryPage,
    MemberCategory,
    MemberContact,
    MemberKind,
    MemberPage,
    MemberResource,
    PublicDirectoryPage,
)
from .services import record_votes

D = datetime.date


@dataclass(frozen=True, kw_only=True)
class College:
    slug: str
    title: str
    weight: str  # percentage of the votes in general meetings, as the statutes write it
    description: str


@dataclass(frozen=True)
class Resource:
    """Something a member offers to the others (`offer`) or looks for (`need`)."""

    direction: str
    kind: str
    title: str


def offer(kind, title):
    return Resource("offer", kind, title)


def need(kind, title):
    return Resource("need", kind, title)


@dataclass(frozen=True, kw_only=True)
class Member:
    name: str
    college: str  # a College's slug
    kind: str
    category: str
    shares: int
    territory: str
    public_body: bool = False
    listed: bool = False  # in the public directory, with a website
    account: str = ""  # username of the demo account linked to the member's page
    resources: tuple[Resource, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FormerMember:
    """A member who left: kept in the register, not listed as active."""

    name: str
    college: str
    number: str
    kind: str
    category: str
    shares: int
    territory: str
    admitted: datetime.date
    left: datetime.date


@dataclass(frozen=True, kw_only=True)
class Tally:
    """How one college voted on a decision (saved as a CollegeVote)."""

    yes: int = 0
    no: int = 0
    abstain: int = 0
    blank: int = 0
    present: int = 0
    represented: int = 0
    members: int = 0


@dataclass(frozen=True, kw_only=True)
class Decision:
    slug: str
    number: str
    title: str
    body: str
    date: datetime.date
    # College slug -> Tally; a decision without tallies was adopted by a body that does not
    # vote by college (board, bureau, committee).
    tallies: dict[str, Tally] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CharterVersion:
    adopted_by: str  # a Decision's slug
    body: tuple


COLLEGES = [
    College(
        slug="salaries",
        title="Salariés",
        weight="20",
        description="Les personnes salariées de la coopérative.",
    ),
    College(
        slug="beneficiaires",
        title="Structures bénéficiaires",
        weight="30",
        description="Les structures qui utilisent les services mutualisés.",
    ),
    College(
        slug="fondateurs",
        title="Associations fondatrices",
        weight="20",
        description="Les associations qui ont créé la coopérative.",
    ),
    College(
        slug="collectivites",
        title="Collectivités territoriales",
        weight="15",
        description="Les communes et intercommunalités associées.",
    ),
    College(
        slug="soutiens",
        title="Citoyens et soutiens",
        weight="15",
        description="Habitants, bénévoles et partenaires qui soutiennent le projet.",
    ),
]

# The first twenty members founded the cooperative; the board admitted the others.
FOUNDING_MEMBERS = 20
FOUNDATION_DATE = D(2023, 11, 18)
ADMISSION_DECISION = "ca-2024-05"

MEMBERS = [
    Member(
        name="Camille Ravenel",
        college="salaries",
        kind=MemberKind.EMPLOYEE,
        category=MemberCategory.EMPLOYEES,
        shares=2,
        account="secretaire",
        territory="Val-de-Sarre",
        resources=(
            offer("skills", "Comptabilité associative"),
            need("equipment", "Ordinateur portable"),
        ),
    ),
    Member(
        name="Théo Marchetti",
        college="salaries",
        kind=MemberKind.EMPLOYEE,
        category=MemberCategory.EMPLOYEES,
        shares=2,
        territory="Val-de-Sarre",
        resources=(offer("skills", "Graphisme et mise en page"),),
    ),
    Member(
        name="Inès Bouraoui",
        college="salaries",
        kind=MemberKind.EMPLOYEE,
        category=MemberCategory.EMPLOYEES,
        shares=1,
        territory="Sarrebourg-les-Prés",
        resources=(offer("skills", "Animation de réunions participatives"),),
    ),
    Member(
        name="Louis Ferrandin",
        college="salaries",
        kind=MemberKind.EMPLOYEE,
        category=MemberCategory.EMPLOYEES,
        shares=1,
        territory="Val-de-Sarre",
    ),
    Member(
        name="Mathilde Oyono",
        college="salaries",
        kind=MemberKind.EMPLOYEE,
        category=MemberCategory.EMPLOYEES,
        shares=1,
        territory="Hautes-Côtes",
        resources=(offer("skills", "Accompagnement juridique des associations"),),
    ),
    Member(
        name="Repair Café des Tanneurs",
        college="beneficiaires",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.BENEFICIARIES,
        shares=5,
        territory="Val-de-Sarre",
        account="societaire",
        listed=True,
        resources=(
            offer("equipment", "Outillage de réparation"),
            need("premises", "Salle le samedi matin"),
            need("volunteers", "Bénévoles réparateurs"),
        ),
    ),
    Member(
        name="Épicerie solidaire La Musette",
        college="beneficiaires",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.BENEFICIARIES,
        shares=5,
        territory="Sarrebourg-les-Prés",
        listed=True,
        resources=(
            need("volunteers", "Bénévoles pour la distribution"),
            need("equipment", "Chambre froide"),
        ),
    ),
    Member(
        name="Menuiserie Sarroise (SCOP)",
        college="beneficiaires",
        kind=MemberKind.COMPANY,
        category=MemberCategory.BENEFICIARIES,
        shares=10,
        territory="Val-de-Sarre",
        listed=True,
        resources=(
            offer("premises", "Atelier partagé"),
            offer("skills", "Formation au travail du bois"),
        ),
    ),
    Member(
        name="Imprimerie Coopérative Delmas",
        college="beneficiaires",
        kind=MemberKind.COMPANY,
        category=MemberCategory.BENEFICIARIES,
        shares=10,
        territory="Hautes-Côtes",
        listed=True,
        resources=(offer("services", "Impression à tarif solidaire"),),
    ),
    Member(
        name="Crèche parentale Les Petits Pas",
        college="beneficiaires",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.BENEFICIARIES,
        shares=3,
        territory="Val-de-Sarre",
        resources=(need("skills", "Aide à la paie"), need("services", "Entretien des locaux")),
    ),
    Member(
        name="Ressourcerie du Pays de Sarre",
        college="beneficiaires",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.BENEFICIARIES,
        shares=5,
        territory="Sarrebourg-les-Prés",
        listed=True,
        resources=(
            offer("equipment", "Mobilier de bureau de réemploi"),
            need("premises", "Espace de stockage"),
        ),
    ),
    Member(
        name="Vélo-école Roue Libre",
        college="beneficiaires",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.BENEFICIARIES,
        shares=2,
        territory="Val-de-Sarre",
        resources=(
            offer("services", "Ateliers vélo pour les salariés"),
            need("volunteers", "Moniteurs bénévoles"),
        ),
    ),
    Member(
        name="Traiteur d'insertion Saveurs Partagées",
        college="beneficiaires",
        kind=MemberKind.COMPANY,
        category=MemberCategory.BENEFICIARIES,
        shares=8,
        territory="Hautes-Côtes",
        listed=True,
        resources=(offer("services", "Buffets pour les événements du réseau"),),
    ),
    Member(
        name="Les Jardins du Faubourg",
        college="fondateurs",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.VOLUNTEERS,
        shares=10,
        territory="Val-de-Sarre",
        listed=True,
        resources=(offer("premises", "Jardin pédagogique"), offer("skills", "Permaculture")),
    ),
    Member(
        name="Accorderie du Val",
        college="fondateurs",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.VOLUNTEERS,
        shares=10,
        territory="Val-de-Sarre",
        account="societaire2",
        listed=True,
        resources=(
            offer("volunteers", "Réseau d'échanges de services"),
            need("skills", "Communication numérique"),
        ),
    ),
    Member(
        name="Maison des Associations de Sarrebourg",
        college="fondateurs",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.VOLUNTEERS,
        shares=10,
        territory="Sarrebourg-les-Prés",
        listed=True,
        resources=(
            offer("premises", "Salles de réunion"),
            offer("equipment", "Vidéoprojecteur et sono"),
        ),
    ),
    Member(
        name="Compagnie de théâtre Le Fil Tendu",
        college="fondateurs",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.VOLUNTEERS,
        shares=5,
        territory="Hautes-Côtes",
        resources=(
            need("premises", "Lieu de répétition"),
            offer("skills", "Prise de parole en public"),
        ),
    ),
    Member(
        name="Centre social Les Tilleuls",
        college="fondateurs",
        kind=MemberKind.ASSOCIATION,
        category=MemberCategory.BENEFICIARIES,
        shares=10,
        territory="Val-de-Sarre",
        listed=True,
        resources=(
            offer("premises", "Cuisine équipée"),
            need("skills", "Gestion des ressources humaines"),
        ),
    ),
    Member(
        name="Commune de Val-de-Sarre",
        college="collectivites",
        kind=MemberKind.LOCAL_AUTHORITY,
        category=MemberCategory.PUBLIC_BODIES,
        shares=20,
        territory="Val-de-Sarre",
        public_body=True,
        listed=True,
        resources=(offer("premises", "Salle polyvalente"), offer("equipment", "Barnums")),
    ),
    Member(
        name="Communauté de communes du Pays de Sarre",
        college="collectivites",
        kind=MemberKind.LOCAL_AUTHORITY,
        category=MemberCategory.PUBLIC_BODIES,
        shares=30,
        territory="Pays de Sarre",
        public_body=True,
        listed=True,
        resources=(offer("services", "Service mobilité"),),
    ),
    Member(
        name="Commune des Hautes-Côtes",
        college="collectivites",
        kind=MemberKind.LOCAL_AUTHORITY,
        category=MemberCategory.PUBLIC_BODIES,
        shares=10,
        territory="Hautes-Côtes",
        public_body=True,
        listed=True,
    ),
    Member(
        name="Hélène Varangot",
        college="soutiens",
        account="presidente",
        kind=MemberKind.CITIZEN,
        category=MemberCategory.SUPPORTERS,
        shares=1,
        territory="Val-de-Sarre",
        resources=(offer("volunteers", "Relecture de dossiers de subvention"),),
    ),
    Member(
        name="Karim Essabar",
        college="soutiens",
        kind=MemberKind.CITIZEN,
        category=MemberCategory.VOLUNTEERS,
        shares=1,
        territory="Sarrebourg-les-Prés",
        resources=(offer("skills", "Maintenance informatique"),),
    ),
    Member(
        name="Odile Brassac",
        college="soutiens",
        kind=MemberKind.CITIZEN,
        category=MemberCategory.SUPPORTERS,
        shares=2,
        territory="Hautes-Côtes",
    ),
    Member(
        name="Banque coopérative du Grand Est (fictive)",
        college="soutiens",
        kind=MemberKind.COMPANY,
        category=MemberCategory.SUPPORTERS,
        shares=15,
        territory="Pays de Sarre",
        listed=True,
        resources=(offer("skills", "Mécénat de compétences financières"),),
    ),
    Member(
        name="Fondation Terres Solidaires (fictive)",
        college="soutiens",
        kind=MemberKind.OTHER,
        category=MemberCategory.SUPPORTERS,
        shares=5,
        territory="Pays de Sarre",
        listed=True,
    ),
    Member(
        name="Julien Taillefer",
        college="soutiens",
        kind=MemberKind.CITIZEN,
        category=MemberCategory.VOLUNTEERS,
        shares=1,
        territory="Val-de-Sarre",
        resources=(offer("volunteers", "Chauffeur bénévole"),),
    ),
    Member(
        name="Agnès Montreuil",
        college="soutiens",
        kind=MemberKind.CITIZEN,
        category=MemberCategory.SUPPORTERS,
        shares=1,
        territory="Sarrebourg-les-Prés",
    ),
    Member(
        name="Bureau d'études Trame Verte",
        college="soutiens",
        kind=MemberKind.COMPANY,
        category=MemberCategory.SUPPORTERS,
        shares=4,
        territory="Hautes-Côtes",
        listed=True,
        resources=(offer("skills", "Diagnostic énergétique des locaux"),),
    ),
    Member(
        name="Yannick Le Goff",
        college="soutiens",
        kind=MemberKind.CITIZEN,
        category=MemberCategory.SUPPORTERS,
        shares=1,
        territory="Val-de-Sarre",
    ),
]

FORMER_MEMBER = FormerMember(
    name="Association Ludothèque Arc-en-Jeux",
    college="beneficiaires",
    number="S0099",
    kind=MemberKind.ASSOCIATION,
    category=MemberCategory.BENEFICIARIES,
    shares=2,
    territory="Val-de-Sarre",
    admitted=FOUNDATION_DATE,
    left=D(2025, 6, 30),
)

DECISIONS = [
    Decision(
        slug="ago-2024-01",
        number="AGO-2024-01",
        title="Approbation des comptes 2023",
        body=DecisionBody.AGO,
        date=D(2024, 6, 15),
        tallies={
            "salaries": Tally(yes=4, abstain=1, present=5, members=5),
            "beneficiaires": Tally(yes=6, no=1, present=6, represented=1, members=8),
            "fondateurs": Tally(yes=5, present=4, represented=1, members=5),
            "collectivites": Tally(yes=2, present=2, members=3),
            "soutiens": Tally(yes=6, no=1, abstain=1, present=7, represented=1, members=10),
        },
    ),
    Decision(
        slug="ago-2024-02",
        number="AGO-2024-02",
        title="Affectation du résultat 2023 aux réserves impartageables",
        body=DecisionBody.AGO,
        date=D(2024, 6, 15),
        tallies={
            "salaries": Tally(yes=5, present=5, members=5),
            "beneficiaires": Tally(yes=7, present=6, represented=1, members=8),
            "fondateurs": Tally(yes=5, present=4, represented=1, members=5),
            "collectivites": Tally(yes=2, present=2, members=3),
            "soutiens": Tally(yes=8, present=7, represented=1, members=10),
        },
    ),
    Decision(
        slug="ca-2024-05",
        number="CA-2024-05",
        title="Admission de six nouveaux sociétaires",
        body=DecisionBody.BOARD,
        date=D(2024, 9, 12),
    ),
    Decision(
        slug="ca-2024-07",
        number="CA-2024-07",
        title="Création d'un groupement d'employeurs",
        body=DecisionBody.BOARD,
        date=D(2024, 11, 21),
    ),
    Decision(
        slug="age-2025-01",
        number="AGE-2025-01",
        title="Modification des statuts : création du collège « Citoyens et soutiens »",
        body=DecisionBody.AGE,
        date=D(2025, 3, 22),
        tallies={
            "salaries": Tally(yes=5, present=5, members=5),
            "beneficiaires": Tally(yes=6, no=1, present=6, represented=1, members=8),
            "fondateurs": Tally(yes=4, no=1, present=4, represented=1, members=5),
            "collectivites": Tally(yes=2, abstain=1, present=3, members=3),
            "soutiens": Tally(yes=7, no=1, present=7, represented=1, members=10),
        },
    ),
    Decision(
        slug="age-2025-02",
        number="AGE-2025-02",
        title="Transfert du siège social à Sarrebourg-les-Prés",
        body=DecisionBody.AGE,
        date=D(2025, 3, 22),
        tallies={
            "salaries": Tally(yes=2, no=3, present=5, members=5),
            "beneficiaires": Tally(yes=4, no=3, abstain=1, present=6, represented=2, members=8),
            "fondateurs": Tally(yes=2, no=3, present=4, represented=1, members=5),
            "collectivites": Tally(yes=3, present=3, members=3),
            "soutiens": Tally(yes=4, no=4, present=7, represented=1, members=10),
        },
    ),
    Decision(
        slug="ago-2025-01",
        number="AGO-2025-01",
        title="Approbation des comptes 2024",
        body=DecisionBody.AGO,
        date=D(2025, 6, 14),
        tallies={
            "salaries": Tally(yes=5, present=5, members=5),
            "beneficiaires": Tally(yes=7, abstain=1, present=7, represented=1, members=8),
            "fondateurs": Tally(yes=5, present=5, members=5),
            "collectivites": Tally(yes=3, present=3, members=3),
            "soutiens": Tally(yes=8, no=1, present=8, represented=1, members=10),
        },
    ),
    Decision(
        slug="ago-2025-02",
        number="AGO-2025-02",
        title="Adoption de la charte, version 2",
        body=DecisionBody.AGO,
        date=D(2025, 6, 14),
        tallies={
            "salaries": Tally(yes=5, present=5, members=5),
            "beneficiaires": Tally(yes=8, present=7, represented=1, members=8),
            "fondateurs": Tally(yes=4, abstain=1, present=5, members=5),
            "collectivites": Tally(yes=2, abstain=1, present=3, members=3),
            "soutiens": Tally(yes=9, present=8, represented=1, members=10),
        },
    ),
    Decision(
        slug="copil-2025-03",
        number="COPIL-2025-03",
        title="Lancement du suivi des partenariats entreprises–associations",
        body=DecisionBody.COMMITTEE,
        date=D(2025, 9, 4),
    ),
    Decision(
        slug="bureau-2025-04",
        number="BUR-2025-04",
        title="Calendrier des formations du premier semestre 2026",
        body=DecisionBody.BUREAU,
        date=D(2025, 10, 2),
    ),
    Decision(
        slug="ca-2026-01",
        number="CA-2026-01",
        title="Tarifs solidaires de l'atelier partagé",
        body=DecisionBody.BOARD,
        date=D(2026, 2, 5),
    ),
    Decision(
        slug="ago-2026-01",
        number="AGO-2026-01",
        title="Adoption de la charte, version 3",
        body=DecisionBody.AGO,
        date=D(2026, 6, 13),
        tallies={
            "salaries": Tally(yes=5, present=5, members=5),
            "beneficiaires": Tally(yes=7, no=1, present=7, represented=1, members=8),
            "fondateurs": Tally(yes=5, present=5, members=5),
            "collectivites": Tally(yes=3, present=3, members=3),
            "soutiens": Tally(yes=8, abstain=1, present=8, represented=1, members=10),
        },
    ),
]

DECISION_TEXT = paragraphs(
    "L’instance a délibéré sur la résolution présentée par le conseil coopératif.",
    "Le texte complet et les débats figurent au procès-verbal.",
)

VALUES = heading_block("Nos valeurs")
COMMITMENTS = heading_block("Nos engagements réciproques")
CHARTER = [
    CharterVersion(
        adopted_by="ago-2024-01",
        body=(
            VALUES,
            paragraph_block(
                "Nous coopérons plutôt que de nous concurrencer : chaque structure met en commun ce qu’elle sait faire.",
                "Nous décidons ensemble, une personne une voix dans chaque collège.",
            ),
            COMMITMENTS,
            paragraph_block(
                "Chaque sociétaire indique dans l’annuaire ce qu’il peut offrir et ce dont il a besoin.",
                "La coopérative partage ses comptes avec tous les sociétaires chaque année.",
            ),
        ),
    ),
    CharterVersion(
        adopted_by="ago-2025-02",
        body=(
            VALUES,
            paragraph_block(
                "Nous coopérons plutôt que de nous concurrencer : chaque structure met en commun ce qu’elle sait faire et ce qu’elle possède.",
                "Nous décidons ensemble, une personne une voix dans chaque collège.",
            ),
            COMMITMENTS,
            paragraph_block(
                "Chaque sociétaire indique dans l’annuaire ce qu’il peut offrir et ce dont il a besoin, et le tient à jour.",
                "La coopérative partage ses comptes avec tous les sociétaires chaque année.",
                "Les formations du catalogue commun sont ouvertes au public, à prix solidaire.",
            ),
        ),
    ),
    CharterVersion(
        adopted_by="ago-2026-01",
        body=(
            VALUES,
            paragraph_block(
                "Nous coopérons plutôt que de nous concurrencer : chaque structure met en commun ce qu’elle sait faire et ce qu’elle possède.",
                "Nous décidons ensemble, une personne une voix dans chaque collège.",
            ),
            COMMITMENTS,
            paragraph_block(
                "Chaque sociétaire indique dans l’annuaire ce qu’il peut offrir et ce dont il a besoin, et le tient à jour.",
                "Les formations du catalogue commun sont ouvertes au public, à prix solidaire.",
                "Les partenariats avec les entreprises respectent l’indépendance des associations.",
            ),
        ),
    ),
]


def load_governance_demo(home, members_area, governance):
    directory = child_page(
        members_area,
        DirectoryPage,
        "annuaire",
        title="Annuaire des sociétaires",
        intro=paragraphs(
            "Qui fait quoi : ce que chaque sociétaire propose et ce dont il a besoin."
        ),
        show_in_menus=True,
    )
    colleges = {
        college.slug: child_page(
            directory,
            CollegePage,
            college.slug,
            title=college.title,
            weight=Decimal(college.weight),
            intro=paragraphs(college.description),
        )
        for college in COLLEGES
    }

    decisions_index = child_page(
        governance,
        DecisionIndexPage,
        "decisions",
        title="Décisions",
        intro=paragraphs("Les décisions de nos instances, des plus récentes aux plus anciennes."),
    )
    decisions = {
        decision.slug: save_decision(decisions_index, decision, colleges) for decision in DECISIONS
    }

    for number, member in enumerate(MEMBERS, start=1):
        save_member(colleges[member.college], member, number, decisions)
    save_former_member(colleges[FORMER_MEMBER.college], FORMER_MEMBER)
    save_charter(governance, CHARTER, decisions)

    child_page(
        home,
        PublicDirectoryPage,
        "qui-sommes-nous",
        title="Qui sommes-nous ?",
        intro=paragraphs(
            "Les collèges de la coopérative et les structures qui ont choisi d’apparaître ici."
        ),
        show_in_menus=True,
    )
    return directory


def save_decision(decisions_index, decision, colleges):
    """The decision's page under `decisions_index`, created and published if missing."""
    page = decisions_index.get_children().filter(slug=decision.slug).first()
    if page is not None:
        return page.specific
    page = DecisionPage(
        slug=decision.slug,
        title=decision.title,
        body=decision.body,
        date=decision.date,
        number=decision.number,
        text=DECISION_TEXT,
    )
    page.votes = [
        CollegeVote(
            college=colleges[college],
            votes_for=tally.yes,
            votes_against=tally.no,
            abstentions=tally.abstain,
            blank=tally.blank,
            present=tally.present,
            represented=tally.represented,
            members=tally.members,
        )
        for college, tally in decision.tallies.items()
    ]
    if not decision.tallies:
        page.status = "adopted"
    record_votes(decision=page)  # the weights in force and the status, as the admin does
    decisions_index.add_child(instance=page)
    page.save_revision().publish()
    return page


def save_member(college, member, number, decisions):
    """The member's page under its college (number: rank in the register), if missing."""
    slug = _slugify(member.name)
    if college.get_children().filter(slug=slug).exists():
        return
    founding = number <= FOUNDING_MEMBERS
    page = MemberPage(
        title=member.name,
        slug=slug,
        member_number=f"S{number:04d}",
        kind=member.kind,
        category=member.category,
        shares=member.shares,
        admission_date=FOUNDATION_DATE if founding else D(2024, 9, 12),
        admission_decision=None if founding else decisions[ADMISSION_DECISION],
        territory=member.territory,
        is_public_body=member.public_body,
        public_listing=member.listed,
        website=f"https://{slug}.example" if member.listed else "",
        description=paragraphs(f"{member.name} est sociétaire de La Fabrique Commune."),
        user=(
            get_user_model().objects.filter(username=member.account).first()
            if member.account
            else None
        ),
    )
    page.resources = [
        MemberResource(
            direction=resource.direction,
            kind=resource.kind,
            title=resource.title,
            details=(
                f"{'Proposé' if resource.direction == 'offer' else 'Recherché'} par {member.name} : "
                "écrire au contact de sa fiche pour convenir des modalités."
            ),
        )
        for resource in member.resources
    ]
    page.contacts = [
        MemberContact(
            name=f"Contact de {member.name}",
            role="Référent·e",
            email=f"contact@{slug}.example",
            phone="06 00 00 00 00",
        )
    ]
    college.add_child(instance=page)
    page.save_revision().publish()


def save_former_member(college, former):
    slug = _slugify(former.name)
    if college.get_children().filter(slug=slug).exists():
        return
    page = MemberPage(
        title=former.name,
        slug=slug,
        member_number=former.number,
        kind=former.kind,
        category=former.category,
        shares=former.shares,
        admission_date=former.admitted,
        exit_date=former.left,
        territory=former.territory,
    )
    college.add_child(instance=page)
    page.save_revision().publish()


def save_charter(governance, versions, decisions):
    """The charter page, published once per version (left alone if it exists)."""
    if governance.get_children().filter(slug="charte").exists():
        return
    first, *later = versions
    charter = CharterPage(
        title="Charte de valeurs et d’engagements réciproques",
        slug="charte",
        body=list(first.body),
        adopted_by=decisions[first.adopted_by],
    )
    governance.add_child(instance=charter)
    charter.save_revision().publish()
    for version in later:
        charter = CharterPage.objects.get(pk=charter.pk)
        charter.body = list(version.body)
        charter.adopted_by = decisions[version.adopted_by]
        charter.save_revision().publish()


def _slugify(name):
    return slugify(name)[:80]
