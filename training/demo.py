"""Demo training catalogue: themes, audiences, eight courses with past and future sessions.

Dates are relative to the day the demo is loaded, so "upcoming" stays upcoming. One session is
full with a waiting list. Every person and structure is invented. Each course is a `Course`
record with its `Session` records; `load_training_demo` saves them.
"""

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from coopsite.foundation.demo_text import bullet_list, paragraphs
from governance.models import MemberPage

from .models import (
    Audience,
    CoursePage,
    Registration,
    SessionDay,
    Theme,
    TrainingSession,
)


@dataclass(frozen=True, kw_only=True)
class Session:
    weeks_from_today: int  # negative: a past session
    days: int
    days_apart: int = 1  # between two days of the session
    capacity: int
    place: str = ""
    remote: bool = False
    confirmed: int = 0  # registrations
    waiting: int = 0  # on the waiting list


@dataclass(frozen=True, kw_only=True)
class Course:
    slug: str
    title: str
    themes: tuple[str, ...]
    audiences: tuple[str, ...]
    organisers: tuple[str, ...] = ()  # members' names
    details: dict  # the other fields of the CoursePage
    sessions: tuple[Session, ...] = ()


THEMES = ["Gouvernance partagée", "Coopération", "Gestion", "Communication", "Bénévolat"]
AUDIENCES = ["Bénévoles", "Dirigeants", "Salariés", "Élus"]

FIRST_NAMES = [
    "Alix",
    "Bastien",
    "Chloé",
    "Dorian",
    "Elsa",
    "Fanny",
    "Gaël",
    "Hugo",
    "Inès",
    "Jules",
    "Katell",
    "Lina",
    "Malo",
    "Noémie",
    "Oscar",
    "Pauline",
    "Quentin",
    "Rose",
    "Sacha",
    "Tom",
]
LAST_NAMES = [
    "Aubertin",
    "Brochard",
    "Collinet",
    "Desforges",
    "Estival",
    "Fauvel",
    "Guérin",
    "Hollard",
    "Isnard",
    "Jacquemin",
    "Kerhervé",
    "Lemarchal",
    "Marchetti",
    "Noirot",
    "Ollivier",
]

ACCESSIBILITY = paragraphs(
    "Salles accessibles en fauteuil roulant, boucle magnétique sur demande. Dites-nous vos "
    "besoins à l’inscription : nous adaptons le rythme et les supports."
)
REGISTRATION = paragraphs(
    "Inscription en ligne sur cette page. Confirmation par courriel ; liste d’attente quand la "
    "session est complète."
)

COURSES = [
    Course(
        slug="cooperation-gouvernance-partagee",
        title="La coopération et la gouvernance partagée",
        themes=("Gouvernance partagée", "Coopération"),
        audiences=("Bénévoles", "Dirigeants", "Salariés"),
        organisers=(
            "Accorderie du Val",
            "Maison des Associations de Sarrebourg",
            "Centre social Les Tilleuls",
        ),
        details={
            "summary": "Trois samedis pour comprendre et pratiquer la gouvernance partagée : "
            "statuts, collèges, prise de décision par consentement.",
            "objectives": bullet_list(
                "Expliquer le fonctionnement d’une SCIC et de ses collèges de vote",
                "Animer une prise de décision par consentement",
                "Répartir les rôles dans une équipe bénévole et salariée",
            ),
            "audience_details": paragraphs(
                "Bénévoles, dirigeants et salariés des structures de l’ESS."
            ),
            "prerequisites": paragraphs("Aucun."),
            "duration_hours": Decimal("21"),
            "duration_days": Decimal("3"),
            "teaching_methods": paragraphs(
                "Apports courts, études de cas des structures participantes, mises en situation."
            ),
            "evaluation_methods": paragraphs(
                "Questionnaire de positionnement à l’entrée, mise en situation évaluée le "
                "dernier samedi, questionnaire de satisfaction."
            ),
            "price_kind": "funded",
            "funder": "Fonds régional pour la vie associative (fictif)",
            "access_delay_days": 7,
            "contact_name": "Inès Marchetti",
            "contact_email": "formations@fabrique-commune.example",
            "contact_phone": "03 00 00 00 01",
            "disability_contact_name": "Noémie Fauvel",
            "disability_contact_email": "accessibilite@fabrique-commune.example",
            "satisfaction_rate": Decimal("94"),
            "completion_rate": Decimal("88"),
            "results_period": "sessions 2025, 36 stagiaires",
        },
        sessions=(
            Session(
                weeks_from_today=-30,
                days=3,
                days_apart=7,
                capacity=20,
                place="Maison des Associations, Sarrebourg",
                confirmed=18,
            ),
            Session(
                weeks_from_today=5,
                days=3,
                days_apart=7,
                capacity=20,
                place="Maison des Associations, Sarrebourg",
                confirmed=14,
            ),
            Session(
                weeks_from_today=12,
                days=3,
                days_apart=7,
                capacity=20,
                place="Centre social Les Tilleuls, Val-de-Sarre",
                confirmed=2,
            ),
        ),
    ),
    Course(
        slug="comptabilite-associative",
        title="Comptabilité associative : les bases",
        themes=("Gestion",),
        audiences=("Bénévoles", "Dirigeants"),
        organisers=("Repair Café des Tanneurs",),
        details={
            "summary": "Tenir les comptes d’une petite association, préparer l’assemblée générale.",
            "objectives": bullet_list(
                "Tenir un journal de trésorerie", "Présenter un compte de résultat"
            ),
            "duration_hours": Decimal("7"),
            "duration_days": Decimal("1"),
            "price_kind": "paid",
            "price_amount": Decimal("60"),
            "access_delay_days": 3,
            "contact_name": "Jules Collinet",
            "contact_email": "formations@fabrique-commune.example",
        },
        sessions=(
            Session(
                weeks_from_today=3,
                days=1,
                capacity=12,
                place="Repair Café des Tanneurs, Val-de-Sarre",
                confirmed=12,
                waiting=3,
            ),
        ),
    ),
    Course(
        slug="accueillir-benevoles",
        title="Accueillir et fidéliser les bénévoles",
        themes=("Bénévolat",),
        audiences=("Bénévoles", "Dirigeants"),
        organisers=("Épicerie solidaire La Musette", "Les Jardins du Faubourg"),
        details={
            "summary": "Accueil, missions, reconnaissance : ce qui fait rester les bénévoles.",
            "duration_hours": Decimal("6"),
            "duration_days": Decimal("1"),
            "price_kind": "free",
            "contact_name": "Rose Estival",
        },
        sessions=(
            Session(
                weeks_from_today=-8,
                days=1,
                capacity=15,
                place="Épicerie solidaire La Musette",
                confirmed=13,
            ),
            Session(
                weeks_from_today=6,
                days=1,
                capacity=15,
                place="Les Jardins du Faubourg",
                confirmed=4,
            ),
        ),
    ),
    Course(
        slug="communiquer-petit-budget",
        title="Communiquer avec un petit budget",
        themes=("Communication",),
        audiences=("Bénévoles", "Salariés"),
        organisers=("Compagnie de théâtre Le Fil Tendu",),
        details={
            "summary": "Réseaux sociaux, affiches, presse locale : un plan de communication "
            "réaliste.",
            "duration_hours": Decimal("3.5"),
            "duration_days": Decimal("0.5"),
            "price_kind": "free",
        },
        sessions=(Session(weeks_from_today=2, days=1, capacity=25, remote=True, confirmed=9),),
    ),
    Course(
        slug="animer-reunion",
        title="Animer une réunion participative",
        themes=("Gouvernance partagée",),
        audiences=("Dirigeants", "Élus"),
        organisers=("Centre social Les Tilleuls",),
        details={
            "summary": "Des outils simples pour que chacun prenne la parole et que la réunion "
            "décide.",
            "duration_hours": Decimal("7"),
            "duration_days": Decimal("1"),
            "price_kind": "paid",
            "price_amount": Decimal("45"),
        },
        sessions=(
            Session(
                weeks_from_today=8,
                days=1,
                capacity=16,
                place="Centre social Les Tilleuls, Val-de-Sarre",
                remote=True,
            ),
        ),
    ),
    Course(
        slug="elus-ess",
        title="Élus locaux et économie sociale et solidaire",
        themes=("Coopération",),
        audiences=("Élus",),
        details={
            "summary": "Ce que les collectivités peuvent faire avec l’ESS de leur territoire, "
            "et ce qu’une SCIC change pour elles.",
            "duration_hours": Decimal("3"),
            "duration_days": Decimal("0.5"),
            "price_kind": "free",
        },
        sessions=(
            Session(
                weeks_from_today=10,
                days=1,
                capacity=30,
                place="Mairie de Val-de-Sarre (salle du conseil)",
            ),
        ),
    ),
    Course(
        slug="budget-previsionnel",
        title="Construire un budget prévisionnel",
        themes=("Gestion",),
        audiences=("Dirigeants", "Salariés"),
        organisers=("Ressourcerie du Pays de Sarre",),
        details={
            "summary": "Du projet au budget : charges, produits, plan de trésorerie.",
            "duration_hours": Decimal("14"),
            "duration_days": Decimal("2"),
            "price_kind": "paid",
            "price_amount": Decimal("120"),
        },
        sessions=(
            Session(
                weeks_from_today=-20,
                days=2,
                days_apart=1,
                capacity=12,
                place="Ressourcerie du Pays de Sarre",
                confirmed=11,
            ),
            Session(
                weeks_from_today=15,
                days=2,
                days_apart=1,
                capacity=12,
                place="Ressourcerie du Pays de Sarre",
                confirmed=1,
            ),
        ),
    ),
    Course(
        slug="mutualiser-un-emploi",
        title="Coopérer entre associations : mutualiser un emploi",
        themes=("Coopération", "Gestion"),
        audiences=("Dirigeants",),
        organisers=("Vélo-école Roue Libre", "Crèche parentale Les Petits Pas"),
        details={
            "summary": "Groupement d’employeurs, mise à disposition, temps partagé : les "
            "montages possibles et leurs limites.",
            "duration_hours": Decimal("7"),
            "duration_days": Decimal("1"),
        },
    ),
]


def session_dates(session, today):
    """The days of a session; a three-day session starts on the first Saturday from its week."""
    start = today + timedelta(weeks=session.weeks_from_today)
    if session.days == 3:
        start += timedelta(days=(5 - start.weekday()) % 7)
    return [start + timedelta(days=index * session.days_apart) for index in range(session.days)]


def _snippets(model, names, locale):
    items = {}
    for name in names:
        items[name], _ = model.objects.get_or_create(
            slug=slugify(name), locale=locale, defaults={"name": name}
        )
    return items


def _people(count, offset):
    for index in range(count):
        number = offset + index
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[(number * 7) % len(LAST_NAMES)]
        yield f"{first} {last}", f"{slugify(first)}.{slugify(last)}{number}@exemple.org"


def save_session(course_page, session, today):
    """The session of `course_page`, its days and its registrations."""
    dates = session_dates(session, today)
    training_session = TrainingSession(
        course=course_page,
        place=session.place,
        remote=session.remote,
        capacity=session.capacity,
        registration_deadline=dates[0] - timedelta(days=course_page.access_delay_days or 2),
    )
    training_session.days = [
        SessionDay(date=date, start_time=time(9, 30), end_time=time(17, 30)) for date in dates
    ]
    training_session.save()
    people = list(_people(session.confirmed + session.waiting, offset=training_session.pk * 3))
    Registration.objects.bulk_create(
        Registration(
            session=training_session,
            name=name,
            email=email,
            structure="Association adhérente (fictive)",
            consent=True,
            status=(Registration.CONFIRMED if index < session.confirmed else Registration.WAITING),
        )
        for index, (name, email) in enumerate(people)
    )
    return training_session


def load_training_demo(catalog):
    """Create the demo catalogue under `catalog` (left alone if it already has courses)."""
    locale = catalog.locale
    themes = _snippets(Theme, THEMES, locale)
    audiences = _snippets(Audience, AUDIENCES, locale)
    today = timezone.localdate()
    members = {page.title: page for page in MemberPage.objects.all()}
    for course in COURSES:
        if catalog.get_children().filter(slug=course.slug).exists():
            continue
        page = CoursePage(
            slug=course.slug,
            title=course.title,
            registration_terms=REGISTRATION,
            accessibility=ACCESSIBILITY,
            **course.details,
        )
        page.themes = [themes[name] for name in course.themes]
        page.audiences = [audiences[name] for name in course.audiences]
        page.organisers = [members[name] for name in course.organisers if name in members]
        catalog.add_child(instance=page)
        page.save_revision().publish()
        for session in course.sessions:
            save_session(page, session, today)
