"""Demo partnerships: ~25 records over the four RAMEAU kinds and every stage, each with a
history of several changes made by different committee members. All invented."""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import DecisionPage, MemberPage

from . import pipeline
from .history import recorded_by
from .models import Contribution, Organisation, Partnership, PartnershipKind


@dataclass(frozen=True, kw_only=True)
class Company:
    name: str
    sector: str
    size: str  # micro, sme, mid or large
    territory: str


@dataclass(frozen=True, kw_only=True)
class Association:
    """An association that is not a member of the cooperative."""

    name: str
    territory: str


COMPANIES = [
    Company(
        name="Boulangerie Fournil du Pont",
        sector="alimentation",
        size="micro",
        territory="Val-de-Sarre",
    ),
    Company(
        name="Transports Keller & Fils", sector="logistique", size="sme", territory="Sarrebourg"
    ),
    Company(
        name="Imprimerie des Vosges du Nord",
        sector="imprimerie",
        size="sme",
        territory="Pays de Sarre",
    ),
    Company(
        name="Cabinet comptable Hoffmann",
        sector="expertise comptable",
        size="micro",
        territory="Sarrebourg",
    ),
    Company(
        name="Mutuelle Lorraine Solidaire", sector="assurance", size="mid", territory="Moselle"
    ),
    Company(
        name="Banque coopérative du Grand Est", sector="banque", size="large", territory="Grand Est"
    ),
    Company(name="Menuiserie Wagner", sector="bâtiment", size="micro", territory="Val-de-Sarre"),
    Company(
        name="Supermarché du Faubourg", sector="distribution", size="sme", territory="Val-de-Sarre"
    ),
]
ASSOCIATIONS = [Association(name="Collectif Zéro Déchet du Saulnois", territory="Saulnois")]
THEMES = ["insertion", "alimentation", "mobilité", "numérique", "environnement", "culture"]
TERRITORIES = ["Val-de-Sarre", "Sarrebourg", "Pays de Sarre", "Saulnois"]
TITLES = [
    "Mécénat de compétences comptables",
    "Dons de pains invendus",
    "Navette solidaire",
    "Atelier vélo en entreprise",
    "Impression des affiches du festival",
    "Chantier d’insertion",
    "Collecte de mobilier",
    "Ateliers numériques pour seniors",
    "Jardin partagé d’entreprise",
    "Épicerie solidaire : approvisionnement",
    "Formation au tri des déchets",
    "Fonds de dotation",
    "Accueil de stagiaires en insertion",
    "Offre commune de traiteur solidaire",
    "Réparation d’ordinateurs reconditionnés",
    "Parcours de bénévolat des salariés",
    "Achats responsables",
    "Garde d’enfants aux horaires décalés",
    "Plateforme locale d’entraide",
    "Spectacle pour les salariés",
    "Prêt de véhicule utilitaire",
    "Micro-crédit solidaire",
    "Diagnostic accessibilité des commerces",
    "Repair café en entreprise",
    "Mutualisation d’un local",
]
NEXT_STEPS = [
    "Rencontre avec la direction",
    "Envoyer le projet de convention",
    "Bilan à mi-parcours",
    "Signature de la convention",
    "Point téléphonique",
]


def _users():
    User = get_user_model()
    committee = list(User.objects.filter(groups__name="Comité de pilotage").order_by("pk"))
    admins = list(User.objects.filter(is_superuser=True).order_by("pk"))
    return committee or admins, committee + admins


def load_partnerships_demo():
    """Create the demo records (left alone if any partnership exists)."""
    if Partnership.objects.exists():
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    owners, authors = _users()
    today = timezone.localdate()
    companies = [
        Organisation.objects.create(
            name=company.name,
            kind="company",
            sector=company.sector,
            size=company.size,
            territory=company.territory,
            contact_name="Contact fictif",
            contact_email=f"contact{index}@entreprise.example",
        )
        for index, company in enumerate(COMPANIES)
    ]
    others = [
        Organisation.objects.create(
            name=association.name, kind="association", territory=association.territory
        )
        for association in ASSOCIATIONS
    ]
    members = list(MemberPage.objects.filter(kind="association").order_by("title"))
    decisions = list(DecisionPage.objects.order_by("-date")[:3])
    kinds = [value for value, _label in PartnershipKind.choices]
    stages = [value for value, _label in pipeline.Stage.choices]
    for index, title in enumerate(TITLES):
        final_stage = stages[index % len(stages)]
        author = authors[index % len(authors)]
        start = today - timedelta(days=rng.randint(30, 400))
        with recorded_by(author):
            record = Partnership(
                title=title,
                kind=kinds[index % len(kinds)],
                theme=THEMES[index % len(THEMES)],
                territory=TERRITORIES[index % len(TERRITORIES)],
                stage=pipeline.Stage.IDEA,
                owner=owners[index % len(owners)],
                objectives="Objectifs fictifs : à préciser avec les partenaires.",
            )
            record.save()
            record.company_partners.add(companies[index % len(companies)])
            if members:
                record.member_partners.add(members[index % len(members)])
            if index % 6 == 0 and others:
                record.association_partners.add(others[0])
        # Walk the pipeline step by step, each step by another committee member.
        path = _path_to(final_stage)
        for step, stage in enumerate(path, start=1):
            with recorded_by(authors[(index + step) % len(authors)]):
                record.stage = stage
                record.next_step = NEXT_STEPS[(index + step) % len(NEXT_STEPS)]
                record.next_step_due = today + timedelta(days=rng.randint(-20, 45))
                if stage == pipeline.Stage.SIGNED:
                    record.start_date = start
                if stage == pipeline.Stage.ENDED:
                    record.end_date = start + timedelta(days=rng.randint(60, 300))
                    record.evaluation_outcomes = "Résultats fictifs : objectifs atteints."
                    record.evaluation_balance = "Échanges équilibrés entre les partenaires."
                record.save()
        if final_stage in (pipeline.Stage.SIGNED, pipeline.Stage.RUNNING, pipeline.Stage.ENDED):
            with recorded_by(authors[(index + 1) % len(authors)]):
                kind = ["money", "in_kind", "skills"][index % 3]
                Contribution.objects.create(
                    partnership=record,
                    kind=kind,
                    description="Apport fictif",
                    amount=Decimal(rng.randint(5, 80) * 100),
                    from_organisation=companies[index % len(companies)],
                )
                if members:
                    Contribution.objects.create(
                        partnership=record,
                        kind="skills",
                        description="Temps bénévole valorisé",
                        amount=Decimal(rng.randint(2, 20) * 100),
                        from_member=members[index % len(members)],
                    )
            if decisions and index % 5 == 0:
                with recorded_by(author):
                    record.decisions.add(decisions[index % len(decisions)])


def _path_to(final_stage):
    if final_stage == pipeline.Stage.DROPPED:
        return [pipeline.Stage.FIRST_CONTACT, pipeline.Stage.DROPPED]
    order = pipeline.ORDER
    return order[1 : order.index(final_stage) + 1]
