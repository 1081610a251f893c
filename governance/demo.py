"""Demo governance: five colleges, thirty invented members, a dozen decisions, the charter.

Called by `load_demo` (coopsite.sitewide.demo); like it, it only creates what is missing.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.text import slugify

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

D = datetime.date

COLLEGES = [
    ("salaries", "Salariés", "20", "Les personnes salariées de la coopérative."),
    (
        "beneficiaires",
        "Structures bénéficiaires",
        "30",
        "Les structures qui utilisent les services mutualisés.",
    ),
    (
        "fondateurs",
        "Associations fondatrices",
        "20",
        "Les associations qui ont créé la coopérative.",
    ),
    (
        "collectivites",
        "Collectivités territoriales",
        "15",
        "Les communes et intercommunalités associées.",
    ),
    (
        "soutiens",
        "Citoyens et soutiens",
        "15",
        "Habitants, bénévoles et partenaires qui soutiennent le projet.",
    ),
]

# (college slug, name, kind, category, shares, territory, public body, public listing, resources)
# resources: list of (direction, kind, title)
MEMBERS = [
    (
        "salaries",
        "Camille Ravenel",
        MemberKind.EMPLOYEE,
        MemberCategory.EMPLOYEES,
        2,
        "Val-de-Sarre",
        False,
        False,
        [
            ("offer", "skills", "Comptabilité associative"),
            ("need", "equipment", "Ordinateur portable"),
        ],
    ),
    (
        "salaries",
        "Théo Marchetti",
        MemberKind.EMPLOYEE,
        MemberCategory.EMPLOYEES,
        2,
        "Val-de-Sarre",
        False,
        False,
        [("offer", "skills", "Graphisme et mise en page")],
    ),
    (
        "salaries",
        "Inès Bouraoui",
        MemberKind.EMPLOYEE,
        MemberCategory.EMPLOYEES,
        1,
        "Sarrebourg-les-Prés",
        False,
        False,
        [("offer", "skills", "Animation de réunions participatives")],
    ),
    (
        "salaries",
        "Louis Ferrandin",
        MemberKind.EMPLOYEE,
        MemberCategory.EMPLOYEES,
        1,
        "Val-de-Sarre",
        False,
        False,
        [],
    ),
    (
        "salaries",
        "Mathilde Oyono",
        MemberKind.EMPLOYEE,
        MemberCategory.EMPLOYEES,
        1,
        "Hautes-Côtes",
        False,
        False,
        [("offer", "skills", "Accompagnement juridique des associations")],
    ),
    (
        "beneficiaires",
        "Repair Café des Tanneurs",
        MemberKind.ASSOCIATION,
        MemberCategory.BENEFICIARIES,
        5,
        "Val-de-Sarre",
        False,
        True,
        [
            ("offer", "equipment", "Outillage de réparation"),
            ("need", "premises", "Salle le samedi matin"),
            ("need", "volunteers", "Bénévoles réparateurs"),
        ],
    ),
    (
        "beneficiaires",
        "Épicerie solidaire La Musette",
        MemberKind.ASSOCIATION,
        MemberCategory.BENEFICIARIES,
        5,
        "Sarrebourg-les-Prés",
        False,
        True,
        [
            ("need", "volunteers", "Bénévoles pour la distribution"),
            ("need", "equipment", "Chambre froide"),
        ],
    ),
    (
        "beneficiaires",
        "Menuiserie Sarroise (SCOP)",
        MemberKind.COMPANY,
        MemberCategory.BENEFICIARIES,
        10,
        "Val-de-Sarre",
        False,
        True,
        [
            ("offer", "premises", "Atelier partagé"),
            ("offer", "skills", "Formation au travail du bois"),
        ],
    ),
    (
        "beneficiaires",
        "Imprimerie Coopérative Delmas",
        MemberKind.COMPANY,
        MemberCategory.BENEFICIARIES,
        10,
        "Hautes-Côtes",
        False,
        True,
        [("offer", "services", "Impression à tarif solidaire")],
    ),
    (
        "beneficiaires",
        "Crèche parentale Les Petits Pas",
        MemberKind.ASSOCIATION,
        MemberCategory.BENEFICIARIES,
        3,
        "Val-de-Sarre",
        False,
        False,
        [("need", "skills", "Aide à la paie"), ("need", "services", "Entretien des locaux")],
    ),
    (
        "beneficiaires",
        "Ressourcerie du Pays de Sarre",
        MemberKind.ASSOCIATION,
        MemberCategory.BENEFICIARIES,
        5,
        "Sarrebourg-les-Prés",
        False,
        True,
        [
            ("offer", "equipment", "Mobilier de bureau de réemploi"),
            ("need", "premises", "Espace de stockage"),
        ],
    ),
    (
        "beneficiaires",
        "Vélo-école Roue Libre",
        MemberKind.ASSOCIATION,
        MemberCategory.BENEFICIARIES,
        2,
        "Val-de-Sarre",
        False,
        False,
        [
            ("offer", "services", "Ateliers vélo pour les salariés"),
            ("need", "volunteers", "Moniteurs bénévoles"),
        ],
    ),
    (
        "beneficiaires",
        "Traiteur d'insertion Saveurs Partagées",
        MemberKind.COMPANY,
        MemberCategory.BENEFICIARIES,
        8,
        "Hautes-Côtes",
        False,
        True,
        [("offer", "services", "Buffets pour les événements du réseau")],
    ),
    (
        "fondateurs",
        "Les Jardins du Faubourg",
        MemberKind.ASSOCIATION,
        MemberCategory.VOLUNTEERS,
        10,
        "Val-de-Sarre",
        False,
        True,
        [("offer", "premises", "Jardin pédagogique"), ("offer", "skills", "Permaculture")],
    ),
    (
        "fondateurs",
        "Accorderie du Val",
        MemberKind.ASSOCIATION,
        MemberCategory.VOLUNTEERS,
        10,
        "Val-de-Sarre",
        False,
        True,
        [
            ("offer", "volunteers", "Réseau d'échanges de services"),
            ("need", "skills", "Communication numérique"),
        ],
    ),
    (
        "fondateurs",
        "Maison des Associations de Sarrebourg",
        MemberKind.ASSOCIATION,
        MemberCategory.VOLUNTEERS,
        10,
        "Sarrebourg-les-Prés",
        False,
        True,
        [
            ("offer", "premises", "Salles de réunion"),
            ("offer", "equipment", "Vidéoprojecteur et sono"),
        ],
    ),
    (
        "fondateurs",
        "Compagnie de théâtre Le Fil Tendu",
        MemberKind.ASSOCIATION,
        MemberCategory.VOLUNTEERS,
        5,
        "Hautes-Côtes",
        False,
        False,
        [
            ("need", "premises", "Lieu de répétition"),
            ("offer", "skills", "Prise de parole en public"),
        ],
    ),
    (
        "fondateurs",
        "Centre social Les Tilleuls",
        MemberKind.ASSOCIATION,
        MemberCategory.BENEFICIARIES,
        10,
        "Val-de-Sarre",
        False,
        True,
        [
            ("offer", "premises", "Cuisine équipée"),
            ("need", "skills", "Gestion des ressources humaines"),
        ],
    ),
    (
        "collectivites",
        "Commune de Val-de-Sarre",
        MemberKind.LOCAL_AUTHORITY,
        MemberCategory.PUBLIC_BODIES,
        20,
        "Val-de-Sarre",
        True,
        True,
        [("offer", "premises", "Salle polyvalente"), ("offer", "equipment", "Barnums")],
    ),
    (
        "collectivites",
        "Communauté de communes du Pays de Sarre",
        MemberKind.LOCAL_AUTHORITY,
        MemberCategory.PUBLIC_BODIES,
        30,
        "Pays de Sarre",
        True,
        True,
        [("offer", "services", "Service mobilité")],
    ),
    (
        "collectivites",
        "Commune des Hautes-Côtes",
        MemberKind.LOCAL_AUTHORITY,
        MemberCategory.PUBLIC_BODIES,
        10,
        "Hautes-Côtes",
        True,
        True,
        [],
    ),
    (
        "soutiens",
        "Hélène Varangot",
        MemberKind.CITIZEN,
        MemberCategory.SUPPORTERS,
        1,
        "Val-de-Sarre",
        False,
        False,
        [("offer", "volunteers", "Relecture de dossiers de subvention")],
    ),
    (
        "soutiens",
        "Karim Essabar",
        MemberKind.CITIZEN,
        MemberCategory.VOLUNTEERS,
        1,
        "Sarrebourg-les-Prés",
        False,
        False,
        [("offer", "skills", "Maintenance informatique")],
    ),
    (
        "soutiens",
        "Odile Brassac",
        MemberKind.CITIZEN,
        MemberCategory.SUPPORTERS,
        2,
        "Hautes-Côtes",
        False,
        False,
        [],
    ),
    (
        "soutiens",
        "Banque coopérative du Grand Est (fictive)",
        MemberKind.COMPANY,
        MemberCategory.SUPPORTERS,
        15,
        "Pays de Sarre",
        False,
        True,
        [("offer", "skills", "Mécénat de compétences financières")],
    ),
    (
        "soutiens",
        "Fondation Terres Solidaires (fictive)",
        MemberKind.OTHER,
        MemberCategory.SUPPORTERS,
        5,
        "Pays de Sarre",
        False,
        True,
        [],
    ),
    (
        "soutiens",
        "Julien Taillefer",
        MemberKind.CITIZEN,
        MemberCategory.VOLUNTEERS,
        1,
        "Val-de-Sarre",
        False,
        False,
        [("offer", "volunteers", "Chauffeur bénévole")],
    ),
    (
        "soutiens",
        "Agnès Montreuil",
        MemberKind.CITIZEN,
        MemberCategory.SUPPORTERS,
        1,
        "Sarrebourg-les-Prés",
        False,
        False,
        [],
    ),
    (
        "soutiens",
        "Bureau d'études Trame Verte",
        MemberKind.COMPANY,
        MemberCategory.SUPPORTERS,
        4,
        "Hautes-Côtes",
        False,
        True,
        [("offer", "skills", "Diagnostic énergétique des locaux")],
    ),
    (
        "soutiens",
        "Yannick Le Goff",
        MemberKind.CITIZEN,
        MemberCategory.SUPPORTERS,
        1,
        "Val-de-Sarre",
        False,
        False,
        [],
    ),
]

# A member who left in 2025: kept in the register, not listed as active.
FORMER_MEMBER = ("beneficiaires", "Association Ludothèque Arc-en-Jeux", D(2025, 6, 30))


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# (slug, title, body, date, number, status, extraordinary votes rows or None)
# votes rows: college slug -> (for, against, abstain, blank, present, represented, members)
DECISIONS = [
    (
        "ago-2024-01",
        "Approbation des comptes 2023",
        DecisionBody.AGO,
        D(2024, 6, 15),
        "AGO-2024-01",
        {
            "salaries": (4, 0, 1, 0, 5, 0, 5),
            "beneficiaires": (6, 1, 0, 0, 6, 1, 8),
            "fondateurs": (5, 0, 0, 0, 4, 1, 5),
            "collectivites": (2, 0, 0, 0, 2, 0, 3),
            "soutiens": (6, 1, 1, 0, 7, 1, 10),
        },
    ),
    (
        "ago-2024-02",
        "Affectation du résultat 2023 aux réserves impartageables",
        DecisionBody.AGO,
        D(2024, 6, 15),
        "AGO-2024-02",
        {
            "salaries": (5, 0, 0, 0, 5, 0, 5),
            "beneficiaires": (7, 0, 0, 0, 6, 1, 8),
            "fondateurs": (5, 0, 0, 0, 4, 1, 5),
            "collectivites": (2, 0, 0, 0, 2, 0, 3),
            "soutiens": (8, 0, 0, 0, 7, 1, 10),
        },
    ),
    (
        "ca-2024-05",
        "Admission de six nouveaux sociétaires",
        DecisionBody.BOARD,
        D(2024, 9, 12),
        "CA-2024-05",
        None,
    ),
    (
        "ca-2024-07",
        "Création d'un groupement d'employeurs",
        DecisionBody.BOARD,
        D(2024, 11, 21),
        "CA-2024-07",
        None,
    ),
    (
        "age-2025-01",
        "Modification des statuts : création du collège « Citoyens et soutiens »",
        DecisionBody.AGE,
        D(2025, 3, 22),
        "AGE-2025-01",
        {
            "salaries": (5, 0, 0, 0, 5, 0, 5),
            "beneficiaires": (6, 1, 0, 0, 6, 1, 8),
            "fondateurs": (4, 1, 0, 0, 4, 1, 5),
            "collectivites": (2, 0, 1, 0, 3, 0, 3),
            "soutiens": (7, 1, 0, 0, 7, 1, 10),
        },
    ),
    (
        "age-2025-02",
        "Transfert du siège social à Sarrebourg-les-Prés",
        DecisionBody.AGE,
        D(2025, 3, 22),
        "AGE-2025-02",
        {
            "salaries": (2, 3, 0, 0, 5, 0, 5),
            "beneficiaires": (4, 3, 1, 0, 6, 2, 8),
            "fondateurs": (2, 3, 0, 0, 4, 1, 5),
            "collectivites": (3, 0, 0, 0, 3, 0, 3),
            "soutiens": (4, 4, 0, 0, 7, 1, 10),
        },
    ),
    (
        "ago-2025-01",
        "Approbation des comptes 2024",
        DecisionBody.AGO,
        D(2025, 6, 14),
        "AGO-2025-01",
        {
            "salaries": (5, 0, 0, 0, 5, 0, 5),
            "beneficiaires": (7, 0, 1, 0, 7, 1, 8),
            "fondateurs": (5, 0, 0, 0, 5, 0, 5),
            "collectivites": (3, 0, 0, 0, 3, 0, 3),
            "soutiens": (8, 1, 0, 0, 8, 1, 10),
        },
    ),
    (
        "ago-2025-02",
        "Adoption de la charte, version 2",
        DecisionBody.AGO,
        D(2025, 6, 14),
        "AGO-2025-02",
        {
            "salaries": (5, 0, 0, 0, 5, 0, 5),
            "beneficiaires": (8, 0, 0, 0, 7, 1, 8),
            "fondateurs": (4, 0, 1, 0, 5, 0, 5),
            "collectivites": (2, 0, 1, 0, 3, 0, 3),
            "soutiens": (9, 0, 0, 0, 8, 1, 10),
        },
    ),
    (
        "copil-2025-03",
        "Lancement du suivi des partenariats entreprises–associations",
        DecisionBody.COMMITTEE,
        D(2025, 9, 4),
        "COPIL-2025-03",
        None,
    ),
    (
        "bureau-2025-04",
        "Calendrier des formations du premier semestre 2026",
        DecisionBody.BUREAU,
        D(2025, 10, 2),
        "BUR-2025-04",
        None,
    ),
    (
        "ca-2026-01",
        "Tarifs solidaires de l'atelier partagé",
        DecisionBody.BOARD,
        D(2026, 2, 5),
        "CA-2026-01",
        None,
    ),
    (
        "ago-2026-01",
        "Adoption de la charte, version 3",
        DecisionBody.AGO,
        D(2026, 6, 13),
        "AGO-2026-01",
        {
            "salaries": (5, 0, 0, 0, 5, 0, 5),
            "beneficiaires": (7, 1, 0, 0, 7, 1, 8),
            "fondateurs": (5, 0, 0, 0, 5, 0, 5),
            "collectivites": (3, 0, 0, 0, 3, 0, 3),
            "soutiens": (8, 0, 1, 0, 8, 1, 10),
        },
    ),
]

DECISION_TEXT = _p(
    "L’instance a délibéré sur la résolution présentée par le conseil coopératif.",
    "Le texte complet et les débats figurent au procès-verbal.",
)

CHARTER_V1 = [
    ("heading", {"text": "Nos valeurs", "level": "h2"}),
    (
        "paragraph",
        _p(
            "Nous coopérons plutôt que de nous concurrencer : chaque structure met en commun ce qu’elle sait faire.",
            "Nous décidons ensemble, une personne une voix dans chaque collège.",
        ),
    ),
    ("heading", {"text": "Nos engagements réciproques", "level": "h2"}),
    (
        "paragraph",
        _p(
            "Chaque sociétaire indique dans l’annuaire ce qu’il peut offrir et ce dont il a besoin.",
            "La coopérative partage ses comptes avec tous les sociétaires chaque année.",
        ),
    ),
]
CHARTER_V2 = [
    CHARTER_V1[0],
    (
        "paragraph",
        _p(
            "Nous coopérons plutôt que de nous concurrencer : chaque structure met en commun ce qu’elle sait faire et ce qu’elle possède.",
            "Nous décidons ensemble, une personne une voix dans chaque collège.",
        ),
    ),
    CHARTER_V1[2],
    (
        "paragraph",
        _p(
            "Chaque sociétaire indique dans l’annuaire ce qu’il peut offrir et ce dont il a besoin, et le tient à jour.",
            "La coopérative partage ses comptes avec tous les sociétaires chaque année.",
            "Les formations du catalogue commun sont ouvertes au public, à prix solidaire.",
        ),
    ),
]
CHARTER_V3 = [
    CHARTER_V2[0],
    CHARTER_V2[1],
    CHARTER_V2[2],
    (
        "paragraph",
        _p(
            "Chaque sociétaire indique dans l’annuaire ce qu’il peut offrir et ce dont il a besoin, et le tient à jour.",
            "Les formations du catalogue commun sont ouvertes au public, à prix solidaire.",
            "Les partenariats avec les entreprises respectent l’indépendance des associations.",
        ),
    ),
]


def _child(parent, model, slug, **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page, True


def load_governance_demo(home, members_area, governance):
    directory, _ = _child(
        members_area,
        DirectoryPage,
        "annuaire",
        title="Annuaire des sociétaires",
        intro=_p("Qui fait quoi : ce que chaque sociétaire propose et ce dont il a besoin."),
        show_in_menus=True,
    )
    colleges = {}
    for slug, title, weight, description in COLLEGES:
        colleges[slug], _ = _child(
            directory, CollegePage, slug, title=title, weight=Decimal(weight), intro=_p(description)
        )

    decisions_index, _ = _child(
        governance,
        DecisionIndexPage,
        "decisions",
        title="Décisions",
        intro=_p("Les décisions de nos instances, des plus récentes aux plus anciennes."),
    )
    decisions = {}
    for slug, title, body, date, number, votes in DECISIONS:
        decision = decisions_index.get_children().filter(slug=slug).first()
        if decision is None:
            decision = DecisionPage(
                slug=slug, title=title, body=body, date=date, number=number, text=DECISION_TEXT
            )
            decision.votes = [
                CollegeVote(
                    college=colleges[college],
                    votes_for=row[0],
                    votes_against=row[1],
                    abstentions=row[2],
                    blank=row[3],
                    present=row[4],
                    represented=row[5],
                    members=row[6],
                )
                for college, row in (votes or {}).items()
            ]
            if votes is None:
                decision.status = "adopted"
            decisions_index.add_child(instance=decision)
            decision.save_revision().publish()
        decisions[slug] = decision.specific

    User = get_user_model()
    linked = {"Repair Café des Tanneurs": "societaire", "Accorderie du Val": "societaire2"}
    for index, row in enumerate(MEMBERS, start=1):
        college, name, kind, category, shares, territory, public_body, listed, resources = row
        slug = _slugify(name)
        page = colleges[college].get_children().filter(slug=slug).first()
        if page is not None:
            continue
        member = MemberPage(
            title=name,
            slug=slug,
            member_number=f"S{index:04d}",
            kind=kind,
            category=category,
            shares=shares,
            admission_date=D(2023, 11, 18) if index <= 20 else D(2024, 9, 12),
            admission_decision=None if index <= 20 else decisions["ca-2024-05"],
            territory=territory,
            is_public_body=public_body,
            public_listing=listed,
            website=f"https://{slug}.example" if listed else "",
            description=_p(f"{name} est sociétaire de La Fabrique Commune."),
            user=User.objects.filter(username=linked[name]).first() if name in linked else None,
        )
        member.resources = [
            MemberResource(
                direction=direction,
                kind=rkind,
                title=title,
                details=(
                    f"{'Proposé' if direction == 'offer' else 'Recherché'} par {name} : "
                    "écrire au contact de sa fiche pour convenir des modalités."
                ),
            )
            for direction, rkind, title in resources
        ]
        member.contacts = [
            MemberContact(
                name=f"Contact de {name}",
                role="Référent·e",
                email=f"contact@{slug}.example",
                phone="06 00 00 00 00",
            )
        ]
        colleges[college].add_child(instance=member)
        member.save_revision().publish()

    college, name, exit_date = FORMER_MEMBER
    slug = _slugify(name)
    if not colleges[college].get_children().filter(slug=slug).exists():
        former = MemberPage(
            title=name,
            slug=slug,
            member_number="S0099",
            kind=MemberKind.ASSOCIATION,
            category=MemberCategory.BENEFICIARIES,
            shares=2,
            admission_date=D(2023, 11, 18),
            exit_date=exit_date,
            territory="Val-de-Sarre",
        )
        colleges[college].add_child(instance=former)
        former.save_revision().publish()

    charter = governance.get_children().filter(slug="charte").first()
    if charter is None:
        charter = CharterPage(
            title="Charte de valeurs et d’engagements réciproques",
            slug="charte",
            body=CHARTER_V1,
            adopted_by=decisions["ago-2024-01"],
        )
        governance.add_child(instance=charter)
        charter.save_revision().publish()
        for body, decision in [(CHARTER_V2, "ago-2025-02"), (CHARTER_V3, "ago-2026-01")]:
            charter = CharterPage.objects.get(pk=charter.pk)
            charter.body = body
            charter.adopted_by = decisions[decision]
            charter.save_revision().publish()

    _child(
        home,
        PublicDirectoryPage,
        "qui-sommes-nous",
        title="Qui sommes-nous ?",
        intro=_p(
            "Les collèges de la coopérative et les structures qui ont choisi d’apparaître ici."
        ),
        show_in_menus=True,
    )
    return directory


def _slugify(name):
    return slugify(name)[:80]
