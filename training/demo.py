"""Demo training catalogue: themes, audiences, eight courses with past and future sessions.

Dates are relative to the day the demo is loaded, so "upcoming" stays upcoming. One session is
full with a waiting list. Every person and structure is invented.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from governance.models import MemberPage

from .models import (
    Audience,
    CoursePage,
    Registration,
    SessionDay,
    Theme,
    TrainingSession,
)

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


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


ACCESSIBILITY = _p(
    "Salles accessibles en fauteuil roulant, boucle magnétique sur demande. Dites-nous vos "
    "besoins à l’inscription : nous adaptons le rythme et les supports."
)
REGISTRATION = _p(
    "Inscription en ligne sur cette page. Confirmation par courriel ; liste d’attente quand la "
    "session est complète."
)

# slug, title, themes, audiences, organisers, fields, sessions
# sessions: (weeks from today or negative for past, number of days, spacing in days,
#            capacity, place, remote, registrations: confirmed, waiting)
COURSES = [
    (
        "cooperation-gouvernance-partagee",
        "La coopération et la gouvernance partagée",
        ["Gouvernance partagée", "Coopération"],
        ["Bénévoles", "Dirigeants", "Salariés"],
        [
            "Accorderie du Val",
            "Maison des Associations de Sarrebourg",
            "Centre social Les Tilleuls",
        ],
        {
            "summary": "Trois samedis pour comprendre et pratiquer la gouvernance partagée : "
            "statuts, collèges, prise de décision par consentement.",
            "objectives": _ul(
                "Expliquer le fonctionnement d’une SCIC et de ses collèges de vote",
                "Animer une prise de décision par consentement",
                "Répartir les rôles dans une équipe bénévole et salariée",
            ),
            "audience_details": _p("Bénévoles, dirigeants et salariés des structures de l’ESS."),
            "prerequisites": _p("Aucun."),
            "duration_hours": Decimal("21"),
            "duration_days": Decimal("3"),
            "teaching_methods": _p(
                "Apports courts, études de cas des structures participantes, mises en situation."
            ),
            "evaluation_methods": _p(
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
        [
            (-30, 3, 7, 20, "Maison des Associations, Sarrebourg", False, (18, 0)),
            (5, 3, 7, 20, "Maison des Associations, Sarrebourg", False, (14, 0)),
            (12, 3, 7, 20, "Centre social Les Tilleuls, Val-de-Sarre", False, (2, 0)),
        ],
    ),
    (
        "comptabilite-associative",
        "Comptabilité associative : les bases",
        ["Gestion"],
        ["Bénévoles", "Dirigeants"],
        ["Repair Café des Tanneurs"],
        {
            "summary": "Tenir les comptes d’une petite association, préparer l’assemblée générale.",
            "objectives": _ul("Tenir un journal de trésorerie", "Présenter un compte de résultat"),
            "duration_hours": Decimal("7"),
            "duration_days": Decimal("1"),
            "price_kind": "paid",
            "price_amount": Decimal("60"),
            "access_delay_days": 3,
            "contact_name": "Jules Collinet",
            "contact_email": "formations@fabrique-commune.example",
        },
        [(3, 1, 0, 12, "Repair Café des Tanneurs, Val-de-Sarre", False, (12, 3))],
    ),
    (
        "accueillir-benevoles",
        "Accueillir et fidéliser les bénévoles",
        ["Bénévolat"],
        ["Bénévoles", "Dirigeants"],
        ["Épicerie solidaire La Musette", "Les Jardins du Faubourg"],
        {
            "summary": "Accueil, missions, reconnaissance : ce qui fait rester les bénévoles.",
            "duration_hours": Decimal("6"),
            "duration_days": Decimal("1"),
            "price_kind": "free",
            "contact_name": "Rose Estival",
        },
        [
            (-8, 1, 0, 15, "Épicerie solidaire La Musette", False, (13, 0)),
            (6, 1, 0, 15, "Les Jardins du Faubourg", False, (4, 0)),
        ],
    ),
    (
        "communiquer-petit-budget",
        "Communiquer avec un petit budget",
        ["Communication"],
        ["Bénévoles", "Salariés"],
        ["Compagnie de théâtre Le Fil Tendu"],
        {
            "summary": "Réseaux sociaux, affiches, presse locale : un plan de communication "
            "réaliste.",
            "duration_hours": Decimal("3.5"),
            "duration_days": Decimal("0.5"),
            "price_kind": "free",
        },
        [(2, 1, 0, 25, "", True, (9, 0))],
    ),
    (
        "animer-reunion",
        "Animer une réunion participative",
        ["Gouvernance partagée"],
        ["Dirigeants", "Élus"],
        ["Centre social Les Tilleuls"],
        {
            "summary": "Des outils simples pour que chacun prenne la parole et que la réunion "
            "décide.",
            "duration_hours": Decimal("7"),
            "duration_days": Decimal("1"),
            "price_kind": "paid",
            "price_amount": Decimal("45"),
        },
        [(8, 1, 0, 16, "Centre social Les Tilleuls, Val-de-Sarre", True, (0, 0))],
    ),
    (
        "elus-ess",
        "Élus locaux et économie sociale et solidaire",
        ["Coopération"],
        ["Élus"],
        [],
        {
            "summary": "Ce que les collectivités peuvent faire avec l’ESS de leur territoire, "
            "et ce qu’une SCIC change pour elles.",
            "duration_hours": Decimal("3"),
            "duration_days": Decimal("0.5"),
            "price_kind": "free",
        },
        [(10, 1, 0, 30, "Mairie de Val-de-Sarre (salle du conseil)", False, (0, 0))],
    ),
    (
        "budget-previsionnel",
        "Construire un budget prévisionnel",
        ["Gestion"],
        ["Dirigeants", "Salariés"],
        ["Ressourcerie du Pays de Sarre"],
        {
            "summary": "Du projet au budget : charges, produits, plan de trésorerie.",
            "duration_hours": Decimal("14"),
            "duration_days": Decimal("2"),
            "price_kind": "paid",
            "price_amount": Decimal("120"),
        },
        [
            (-20, 2, 1, 12, "Ressourcerie du Pays de Sarre", False, (11, 0)),
            (15, 2, 1, 12, "Ressourcerie du Pays de Sarre", False, (1, 0)),
        ],
    ),
    (
        "mutualiser-un-emploi",
        "Coopérer entre associations : mutualiser un emploi",
        ["Coopération", "Gestion"],
        ["Dirigeants"],
        ["Vélo-école Roue Libre", "Crèche parentale Les Petits Pas"],
        {
            "summary": "Groupement d’employeurs, mise à disposition, temps partagé : les "
            "montages possibles et leurs limites.",
            "duration_hours": Decimal("7"),
            "duration_days": Decimal("1"),
        },
        [],
    ),
]


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


def _session(course, today, weeks, day_count, spacing, capacity, place, remote, counts):
    start = today + timedelta(weeks=weeks)
    start += timedelta(days=(5 - start.weekday()) % 7) if day_count == 3 else timedelta(0)
    dates = [start + timedelta(days=index * (spacing or 1)) for index in range(day_count)]
    session = TrainingSession(
        course=course,
        place=place,
        remote=remote,
        capacity=capacity,
        registration_deadline=dates[0] - timedelta(days=course.access_delay_days or 2),
    )
    session.days = [
        SessionDay(date=date, start_time=time(9, 30), end_time=time(17, 30)) for date in dates
    ]
    session.save()
    confirmed, waiting = counts
    people = list(_people(confirmed + waiting, offset=session.pk * 3))
    Registration.objects.bulk_create(
        Registration(
            session=session,
            name=name,
            email=email,
            structure="Association adhérente (fictive)",
            consent=True,
            status=Registration.CONFIRMED if index < confirmed else Registration.WAITING,
        )
        for index, (name, email) in enumerate(people)
    )
    return session


def load_training_demo(catalog):
    """Create the demo catalogue under `catalog` (left alone if it already has courses)."""
    locale = catalog.locale
    themes = _snippets(Theme, THEMES, locale)
    audiences = _snippets(Audience, AUDIENCES, locale)
    today = timezone.localdate()
    members = {page.title: page for page in MemberPage.objects.all()}
    for slug, title, theme_names, audience_names, organisers, fields, sessions in COURSES:
        if catalog.get_children().filter(slug=slug).exists():
            continue
        course = CoursePage(
            slug=slug,
            title=title,
            registration_terms=REGISTRATION,
            accessibility=ACCESSIBILITY,
            **fields,
        )
        course.themes = [themes[name] for name in theme_names]
        course.audiences = [audiences[name] for name in audience_names]
        course.organisers = [members[name] for name in organisers if name in members]
        catalog.add_child(instance=course)
        course.save_revision().publish()
        for row in sessions:
            _session(course, today, *row)
