"""Demo content telling the story of the cooperative (all people and structures are invented).

`load_demo` calls `load_demo_data()`; every step looks up what exists before creating, so the
command can run again and again without duplicates. Pages, translations and settings an editor has
already changed are left as they are: only missing ones are created. The restricted areas'
groups and the demo accounts' passwords and groups are set again on every run.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, Site
from wagtail.users.models import UserProfile

from coopsite.foundation.areas import grant_page_editing, private_collection, restrict_page
from coopsite.foundation.models import HomePage, SiteSettings, StandardPage
from coopsite.foundation.translation import translate_page
from coopsite.sitewide.demo_files import load_demo_drafts, load_demo_files
from governance.demo import load_governance_demo
from governance.models import GovernanceIndexPage, MembersAreaPage
from partnerships.demo import load_partnerships_demo
from partnerships.models import PartnershipsIndexPage
from training.demo import load_training_demo
from training.models import TrainingCatalogPage

MEMBERS_COLLECTION = "Espace sociétaires"
PARTNERSHIPS_COLLECTION = "Partenariats"


@dataclass
class DemoAccount:
    username: str
    password: str
    first_name: str
    last_name: str
    role: str
    groups: list = field(default_factory=list)
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin", "Fabrique-admin-2026", "Alix", "Morvan", "administratrice", superuser=True
    ),
    DemoAccount(
        "editrice",
        "Fabrique-edit-2026",
        "Noémie",
        "Castagné",
        "éditrice",
        groups=[settings.GROUP_EDITORS],
    ),
    DemoAccount(
        "societaire",
        "Fabrique-membre-2026",
        "Bastien",
        "Leroux-Arnaud",
        "sociétaire",
        groups=[settings.GROUP_MEMBERS],
    ),
    DemoAccount(
        "societaire2",
        "Fabrique-membre2-2026",
        "Yasmina",
        "Delorge",
        "sociétaire",
        groups=[settings.GROUP_MEMBERS],
    ),
    DemoAccount(
        "comite",
        "Fabrique-comite-2026",
        "Gaspard",
        "Teyssier",
        "membre du comité de pilotage",
        groups=[settings.GROUP_MEMBERS, settings.GROUP_COMMITTEE],
    ),
]


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


HOME = {
    "title": "La Fabrique Commune",
    "intro": _p(
        "La coopérative des actrices et acteurs de l’économie sociale et solidaire du Val "
        "de Sarre : associations, entreprises, collectivités, salariés et habitants qui "
        "mettent en commun compétences, lieux et formations."
    ),
    "body": [
        ("heading", {"text": "Ce que nous faisons ensemble", "level": "h2"}),
        (
            "paragraph",
            _p(
                "Aucune de nos structures ne peut s’offrir seule une juriste, un comptable ou "
                "une graphiste : la coopérative les partage. Elle ouvre un catalogue commun de "
                "formations pour les bénévoles, les dirigeants et les salariés, tient "
                "l’annuaire de qui propose quoi et de qui a besoin de quoi, et accompagne les "
                "partenariats entre entreprises et associations du territoire."
            ),
        ),
        (
            "quote",
            {
                "text": "Savoir qui fait quoi, mettre en commun ce qu’aucun ne peut s’offrir seul.",
                "attribution": "Compte rendu de l’assemblée constitutive",
            },
        ),
    ],
}

ABOUT = {
    "slug": "la-cooperative",
    "title": "La coopérative",
    "intro": _p(
        "Une société coopérative d’intérêt collectif (SCIC) : chaque sociétaire a une voix "
        "dans son collège, et chaque collège pèse selon nos statuts."
    ),
    "body": [
        ("heading", {"text": "Nos collèges de vote", "level": "h2"}),
        (
            "paragraph",
            _p(
                "Les sociétaires sont regroupés en cinq collèges : salariés, structures "
                "bénéficiaires, associations fondatrices, collectivités territoriales et "
                "citoyens-soutiens. Au sein d’un collège, une personne égale une voix, quel que "
                "soit le nombre de parts ; chaque collège pèse entre 10 % et 50 % des voix.",
                "La charte de valeurs et d’engagements réciproques, les décisions et les "
                "procès-verbaux sont consultables dans l’espace sociétaires.",
            ),
        ),
    ],
}

CATALOG = {
    "slug": "formations",
    "title": "Catalogue des formations",
    "intro": _p(
        "Des formations ouvertes à toutes et tous, organisées par les structures de la "
        "coopérative : gouvernance partagée, gestion, communication, bénévolat."
    ),
}

MEMBERS_AREA = {
    "slug": "espace-societaires",
    "title": "Espace sociétaires",
    "intro": _p(
        "L’annuaire des sociétaires, les décisions de nos instances et la charte, réservés "
        "aux sociétaires connectés."
    ),
}

GOVERNANCE = {
    "slug": "gouvernance",
    "title": "Gouvernance",
    "intro": _p(
        "Assemblées générales, conseil coopératif et comité de pilotage : les décisions, "
        "leurs votes par collège et la charte en vigueur."
    ),
}

NEWS = {
    "slug": "vie-de-la-cooperative",
    "title": "Vie de la coopérative",
    "intro": _p("Les nouvelles du réseau, pour les sociétaires."),
    "body": [
        (
            "paragraph",
            _p(
                "Le local partagé de la rue des Tanneurs accueille désormais trois "
                "structures ; une salle de réunion reste disponible le jeudi.",
                "Prochaine assemblée générale ordinaire : les convocations partent un mois avant.",
            ),
        ),
    ],
}

PARTNERSHIPS = {
    "slug": "partenariats",
    "title": "Partenariats",
    "intro": _p(
        "Le suivi des partenariats entre entreprises et associations du territoire, réservé "
        "au comité de pilotage."
    ),
}

PARTNERSHIP_METHOD = {
    "slug": "methode-de-suivi",
    "title": "Méthode de suivi des partenariats",
    "intro": _p(
        "Nous suivons chaque partenariat de l’idée à l’évaluation, selon les quatre formes "
        "de partenariat repérées par Le RAMEAU."
    ),
    "body": [
        (
            "paragraph",
            _p(
                "Mécénat, pratiques responsables, coopération économique et innovation "
                "sociétale : chaque fiche indique l’étape, les apports de chacun et la "
                "prochaine action."
            ),
        ),
    ],
}

LEGAL = {
    "slug": "mentions-legales",
    "title": "Mentions légales",
    "intro": _p("SCIC SAS à capital variable — données de démonstration."),
    "body": [
        (
            "paragraph",
            _p(
                "Les coordonnées des sociétaires ne sont visibles que des sociétaires "
                "connectés. Pour exercer vos droits sur vos données, écrivez à la coopérative."
            ),
        ),
    ],
}

# English for titles, slugs and introductions, given to wagtail-localize as translations;
# the bodies fall back to French until a translator completes them in the admin.
ENGLISH = {
    "La Fabrique Commune": "La Fabrique Commune",
    "accueil": "home",
    HOME["intro"][3:-4]: (
        "The cooperative of the social and solidarity economy of the Val de Sarre: "
        "associations, companies, local authorities, employees and residents who pool "
        "skills, premises and training."
    ),
    "La coopérative": "The cooperative",
    "la-cooperative": "the-cooperative",
    ABOUT["intro"][3:-4]: (
        "A public-interest cooperative (SCIC): every member has one vote in their college, "
        "and each college weighs as our statutes say."
    ),
    "Catalogue des formations": "Training catalogue",
    "formations": "training",
    CATALOG["intro"][3:-4]: (
        "Training open to all, organised by the cooperative's members: shared governance, "
        "management, communication, volunteering."
    ),
    "Espace sociétaires": "Members' area",
    "espace-societaires": "members-area",
    MEMBERS_AREA["intro"][3:-4]: (
        "The members' directory, the decisions of our bodies and the charter, for logged-in "
        "members only."
    ),
    "Gouvernance": "Governance",
    "gouvernance": "governance",
    GOVERNANCE["intro"][3:-4]: (
        "General assemblies, cooperative board and steering committee: decisions, their "
        "votes per college and the charter in force."
    ),
    "Partenariats": "Partnerships",
    "partenariats": "partnerships",
    PARTNERSHIPS["intro"][3:-4]: (
        "Tracking of the partnerships between companies and associations of the territory, "
        "for the steering committee only."
    ),
    "Mentions légales": "Legal notice",
    "mentions-legales": "legal-notice",
}


def _ensure_child(parent, model, data, show_in_menus=True):
    """Return the child of `parent` with this slug, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=data["slug"]).first()
    if existing is not None:
        return existing.specific
    page = model(
        title=data["title"],
        slug=data["slug"],
        intro=data.get("intro", ""),
        body=data.get("body", []),
        show_in_menus=show_in_menus,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _ensure_home(locale):
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=HOME["title"],
            slug="accueil",
            intro=HOME["intro"],
            body=HOME["body"],
            locale=locale,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.root_page_id != home.pk:
        previous = site.root_page if site.pk else None
        site.root_page = home
        site.site_name = HOME["title"]
        site.save()
        # Wagtail's placeholder "Welcome to your new Wagtail site!" page goes away.
        if previous is not None and previous.specific_class is Page and previous.depth == 2:
            previous.delete()
    return home


def _ensure_accounts():
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name = account.first_name
        user.last_name = account.last_name
        user.email = f"{account.username}@fabrique-commune.example"
        user.is_superuser = user.is_staff = account.superuser
        user.set_password(account.password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=account.groups))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "fr"
        profile.save()
    return DEMO_ACCOUNTS


SEARCH_PROMOTIONS = [
    # (query, page key, description): what the editors suggest when a search finds nothing.
    ("adhérer", "about", "Devenir sociétaire : les collèges, les parts sociales, la charte."),
    ("formation", "catalog", "Toutes les formations ouvertes aux structures du territoire."),
    ("charte", "governance", "La charte en vigueur et ses versions (sociétaires)."),
]


def load_search_promotions(about, catalog, governance):
    """Promoted results (Recherche › Résultats promus in the admin), kept if already set."""
    pages = {"about": about, "catalog": catalog, "governance": governance}
    for query, key, description in SEARCH_PROMOTIONS:
        SearchPromotion.objects.get_or_create(
            query=Query.get(query), page=pages[key], defaults={"description": description}
        )


@transaction.atomic
def load_demo_data():
    french = Locale.objects.get(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")

    accounts = _ensure_accounts()
    home = _ensure_home(french)
    about = _ensure_child(home, StandardPage, ABOUT)
    catalog = _ensure_child(home, TrainingCatalogPage, CATALOG)
    members_area = _ensure_child(home, MembersAreaPage, MEMBERS_AREA)
    governance = _ensure_child(members_area, GovernanceIndexPage, GOVERNANCE)
    news = _ensure_child(members_area, StandardPage, NEWS)
    partnerships = _ensure_child(home, PartnershipsIndexPage, PARTNERSHIPS)
    partnership_method = _ensure_child(partnerships, StandardPage, PARTNERSHIP_METHOD)
    legal = _ensure_child(home, StandardPage, LEGAL, show_in_menus=False)

    # Editors write the members' pages, so they read them on the site too.
    members_groups = [settings.GROUP_MEMBERS, settings.GROUP_EDITORS]
    restrict_page(members_area, members_groups)
    members_collection = private_collection(MEMBERS_COLLECTION, members_groups)
    restrict_page(partnerships, [settings.GROUP_COMMITTEE])
    partnerships_collection = private_collection(
        PARTNERSHIPS_COLLECTION, [settings.GROUP_COMMITTEE]
    )
    grant_page_editing(partnerships, settings.GROUP_COMMITTEE)

    if not SiteSettings.objects.exists():  # an editor's settings are left alone
        SiteSettings.objects.create(
            cooperative_name="La Fabrique Commune",
            tagline="SCIC de l’économie sociale et solidaire du Val de Sarre",
            address="12 rue des Tanneurs\n57400 Val-de-Sarre (adresse fictive)",
            email="contact@fabrique-commune.example",
            phone="03 00 00 00 00",
            legal_notice=legal,
        )

    load_governance_demo(home, members_area, governance)
    load_training_demo(catalog)  # after the members: they organise the courses
    load_partnerships_demo()  # after the members and decisions: partners and links
    load_demo_files(about, news, partnership_method, members_collection, partnerships_collection)

    for page in [home, about, catalog, members_area, governance, partnerships, legal]:
        if page.get_translation_or_none(english) is None:  # translators' work is kept
            translate_page(page, english, ENGLISH)
    load_search_promotions(about, catalog, governance)
    load_demo_drafts(home, about)  # last: translating publishes the source page again

    return accounts
