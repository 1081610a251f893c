"""Demo content telling the story of the cooperative (all people and structures are invented).

`load_demo` calls `load_demo_data()`; every step looks up what exists before creating, so the
command can run again and again without duplicates. Pages, translations and settings an editor has
already changed are left as they are: only missing ones are created. The restricted areas'
groups and the demo accounts' passwords and groups are set again on every run.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, Site
from wagtail.users.models import UserProfile

from coopsite.foundation.areas import grant_page_editing, private_collection, restrict_page
from coopsite.foundation.demo_text import (
    PageText,
    heading_block,
    paragraph_block,
    paragraphs,
    quote_block,
    text_page,
)
from coopsite.foundation.models import HomePage, SiteSettings, StandardPage
from coopsite.foundation.translation import translate_page
from coopsite.sitewide.demo_files import load_demo_drafts, load_demo_files
from governance.assembly.demo import load_assembly_demo
from governance.demo import load_governance_demo
from governance.models import GovernanceIndexPage, MembersAreaPage
from partnerships.demo import load_partnerships_demo
from partnerships.models import PartnershipsIndexPage
from training.demo import load_training_demo
from training.models import TrainingCatalogPage

MEMBERS_COLLECTION = "Espace sociétaires"
PARTNERSHIPS_COLLECTION = "Partenariats"


@dataclass(frozen=True, kw_only=True)
class DemoAccount:
    username: str
    password: str
    first_name: str
    last_name: str
    role: str
    groups: tuple[str, ...] = ()
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        username="admin",
        password="Fabrique-admin-2026",
        first_name="Alix",
        last_name="Morvan",
        role="administratrice",
        superuser=True,
    ),
    DemoAccount(
        username="editrice",
        password="Fabrique-edit-2026",
        first_name="Noémie",
        last_name="Castagné",
        role="éditrice",
        groups=(settings.GROUP_EDITORS,),
    ),
    DemoAccount(
        username="societaire",
        password="Fabrique-membre-2026",
        first_name="Bastien",
        last_name="Leroux-Arnaud",
        role="sociétaire",
        groups=(settings.GROUP_MEMBERS,),
    ),
    DemoAccount(
        username="societaire2",
        password="Fabrique-membre2-2026",
        first_name="Yasmina",
        last_name="Delorge",
        role="sociétaire",
        groups=(settings.GROUP_MEMBERS,),
    ),
    DemoAccount(
        username="presidente",
        password="Fabrique-presidente-2026",
        first_name="Hélène",
        last_name="Varangot",
        role="présidente de l’assemblée générale (sociétaire)",
        groups=(settings.GROUP_MEMBERS,),
    ),
    DemoAccount(
        username="secretaire",
        password="Fabrique-secretaire-2026",
        first_name="Camille",
        last_name="Ravenel",
        role="secrétaire de l’assemblée générale (sociétaire)",
        groups=(settings.GROUP_MEMBERS,),
    ),
    DemoAccount(
        username="comite",
        password="Fabrique-comite-2026",
        first_name="Gaspard",
        last_name="Teyssier",
        role="membre du comité de pilotage",
        groups=(settings.GROUP_MEMBERS, settings.GROUP_COMMITTEE),
    ),
]


HOME = PageText(
    slug="accueil",
    title="La Fabrique Commune",
    intro=paragraphs(
        "La coopérative des actrices et acteurs de l’économie sociale et solidaire du Val "
        "de Sarre : associations, entreprises, collectivités, salariés et habitants qui "
        "mettent en commun compétences, lieux et formations."
    ),
    body=(
        heading_block("Ce que nous faisons ensemble"),
        paragraph_block(
            "Aucune de nos structures ne peut s’offrir seule une juriste, un comptable ou "
            "une graphiste : la coopérative les partage. Elle ouvre un catalogue commun de "
            "formations pour les bénévoles, les dirigeants et les salariés, tient "
            "l’annuaire de qui propose quoi et de qui a besoin de quoi, et accompagne les "
            "partenariats entre entreprises et associations du territoire."
        ),
        quote_block(
            "Savoir qui fait quoi, mettre en commun ce qu’aucun ne peut s’offrir seul.",
            attribution="Compte rendu de l’assemblée constitutive",
        ),
    ),
)

ABOUT = PageText(
    slug="la-cooperative",
    title="La coopérative",
    intro=paragraphs(
        "Une société coopérative d’intérêt collectif (SCIC) : chaque sociétaire a une voix "
        "dans son collège, et chaque collège pèse selon nos statuts."
    ),
    body=(
        heading_block("Nos collèges de vote"),
        paragraph_block(
            "Les sociétaires sont regroupés en cinq collèges : salariés, structures "
            "bénéficiaires, associations fondatrices, collectivités territoriales et "
            "citoyens-soutiens. Au sein d’un collège, une personne égale une voix, quel que "
            "soit le nombre de parts ; chaque collège pèse entre 10 % et 50 % des voix.",
            "La charte de valeurs et d’engagements réciproques, les décisions et les "
            "procès-verbaux sont consultables dans l’espace sociétaires.",
        ),
    ),
)

CATALOG = PageText(
    slug="formations",
    title="Catalogue des formations",
    intro=paragraphs(
        "Des formations ouvertes à toutes et tous, organisées par les structures de la "
        "coopérative : gouvernance partagée, gestion, communication, bénévolat."
    ),
)

MEMBERS_AREA = PageText(
    slug="espace-societaires",
    title="Espace sociétaires",
    intro=paragraphs(
        "L’annuaire des sociétaires, les décisions de nos instances et la charte, réservés "
        "aux sociétaires connectés."
    ),
)

GOVERNANCE = PageText(
    slug="gouvernance",
    title="Gouvernance",
    intro=paragraphs(
        "Assemblées générales, conseil coopératif et comité de pilotage : les décisions, "
        "leurs votes par collège et la charte en vigueur."
    ),
)

NEWS = PageText(
    slug="vie-de-la-cooperative",
    title="Vie de la coopérative",
    intro=paragraphs("Les nouvelles du réseau, pour les sociétaires."),
    body=(
        paragraph_block(
            "Le local partagé de la rue des Tanneurs accueille désormais trois "
            "structures ; une salle de réunion reste disponible le jeudi.",
            "Prochaine assemblée générale ordinaire : les convocations partent un mois avant.",
        ),
    ),
)

PARTNERSHIPS = PageText(
    slug="partenariats",
    title="Partenariats",
    intro=paragraphs(
        "Le suivi des partenariats entre entreprises et associations du territoire, réservé "
        "au comité de pilotage."
    ),
)

PARTNERSHIP_METHOD = PageText(
    slug="methode-de-suivi",
    title="Méthode de suivi des partenariats",
    intro=paragraphs(
        "Nous suivons chaque partenariat de l’idée à l’évaluation, selon les quatre formes "
        "de partenariat repérées par Le RAMEAU."
    ),
    body=(
        paragraph_block(
            "Mécénat, pratiques responsables, coopération économique et innovation "
            "sociétale : chaque fiche indique l’étape, les apports de chacun et la "
            "prochaine action."
        ),
    ),
)

LEGAL = PageText(
    slug="mentions-legales",
    title="Mentions légales",
    intro=paragraphs("SCIC SAS à capital variable — données de démonstration."),
    body=(
        paragraph_block(
            "Les coordonnées des sociétaires ne sont visibles que des sociétaires "
            "connectés. Pour exercer vos droits sur vos données, écrivez à la coopérative."
        ),
    ),
)

# English for titles, slugs and introductions, given to wagtail-localize as translations;
# the bodies fall back to French until a translator completes them in the admin.
ENGLISH = {
    "La Fabrique Commune": "La Fabrique Commune",
    "accueil": "home",
    HOME.intro[3:-4]: (
        "The cooperative of the social and solidarity economy of the Val de Sarre: "
        "associations, companies, local authorities, employees and residents who pool "
        "skills, premises and training."
    ),
    "La coopérative": "The cooperative",
    "la-cooperative": "the-cooperative",
    ABOUT.intro[3:-4]: (
        "A public-interest cooperative (SCIC): every member has one vote in their college, "
        "and each college weighs as our statutes say."
    ),
    "Catalogue des formations": "Training catalogue",
    "formations": "training",
    CATALOG.intro[3:-4]: (
        "Training open to all, organised by the cooperative's members: shared governance, "
        "management, communication, volunteering."
    ),
    "Espace sociétaires": "Members' area",
    "espace-societaires": "members-area",
    MEMBERS_AREA.intro[3:-4]: (
        "The members' directory, the decisions of our bodies and the charter, for logged-in "
        "members only."
    ),
    "Gouvernance": "Governance",
    "gouvernance": "governance",
    GOVERNANCE.intro[3:-4]: (
        "General assemblies, cooperative board and steering committee: decisions, their "
        "votes per college and the charter in force."
    ),
    "Partenariats": "Partnerships",
    "partenariats": "partnerships",
    PARTNERSHIPS.intro[3:-4]: (
        "Tracking of the partnerships between companies and associations of the territory, "
        "for the steering committee only."
    ),
    "Mentions légales": "Legal notice",
    "mentions-legales": "legal-notice",
}


def _ensure_home(locale):
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=HOME.title,
            slug=HOME.slug,
            intro=HOME.intro,
            body=list(HOME.body),
            locale=locale,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.root_page_id != home.pk:
        previous = site.root_page if site.pk else None
        site.root_page = home
        site.site_name = HOME.title
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


@dataclass(frozen=True, kw_only=True)
class SearchPromotionText:
    """What the editors suggest when a search for `query` finds nothing."""

    query: str
    page: str  # "about", "catalog" or "governance"
    description: str


SEARCH_PROMOTIONS = [
    SearchPromotionText(
        query="adhérer",
        page="about",
        description="Devenir sociétaire : les collèges, les parts sociales, la charte.",
    ),
    SearchPromotionText(
        query="formation",
        page="catalog",
        description="Toutes les formations ouvertes aux structures du territoire.",
    ),
    SearchPromotionText(
        query="charte",
        page="governance",
        description="La charte en vigueur et ses versions (sociétaires).",
    ),
]


def load_search_promotions(about, catalog, governance):
    """Promoted results (Recherche › Résultats promus in the admin), kept if already set."""
    pages = {"about": about, "catalog": catalog, "governance": governance}
    for promotion in SEARCH_PROMOTIONS:
        SearchPromotion.objects.get_or_create(
            query=Query.get(promotion.query),
            page=pages[promotion.page],
            defaults={"description": promotion.description},
        )


@transaction.atomic
def load_demo_data():
    french = Locale.objects.get(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")

    accounts = _ensure_accounts()
    home = _ensure_home(french)
    about = text_page(home, StandardPage, ABOUT, show_in_menus=True)
    catalog = text_page(home, TrainingCatalogPage, CATALOG, show_in_menus=True)
    members_area = text_page(home, MembersAreaPage, MEMBERS_AREA, show_in_menus=True)
    governance = text_page(members_area, GovernanceIndexPage, GOVERNANCE, show_in_menus=True)
    news = text_page(members_area, StandardPage, NEWS, show_in_menus=True)
    partnerships = text_page(home, PartnershipsIndexPage, PARTNERSHIPS, show_in_menus=True)
    partnership_method = text_page(
        partnerships, StandardPage, PARTNERSHIP_METHOD, show_in_menus=True
    )
    legal = text_page(home, StandardPage, LEGAL, show_in_menus=False)

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
    load_assembly_demo(governance)  # after the members: proxies and advance votes
    load_training_demo(catalog)  # after the members: they organise the courses
    load_partnerships_demo()  # after the members and decisions: partners and links
    load_demo_files(about, news, partnership_method, members_collection, partnerships_collection)

    for page in [home, about, catalog, members_area, governance, partnerships, legal]:
        if page.get_translation_or_none(english) is None:  # translators' work is kept
            translate_page(page, english, ENGLISH)
    load_search_promotions(about, catalog, governance)
    load_demo_drafts(home, about)  # last: translating publishes the source page again

    return accounts
