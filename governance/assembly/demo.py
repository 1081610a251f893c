"""Demo general assembly: "Assemblée générale 2027", an AGO then an AGE, twenty days after the
demo is loaded, with its agenda (accounts, result, an election to the conseil coopératif, a
change to the statutes), its bureau (the demo accounts `presidente`, `secretaire`, `comite`),
a named and a blank proxy and two members who already voted in advance.

Called by `load_demo` (coopsite.sitewide.demo) after the governance demo; like it, it only
creates what is missing: a second run changes nothing. Proxies and advance votes go through
`governance.assembly.services`, so the demo obeys the same rules as members do.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from coopsite.foundation.demo_text import bullet_list, paragraphs
from governance.models import MemberPage

from . import services
from .models import AssemblyPage, Candidate, Participation, Proxy, Resolution

SLUG = "assemblee-generale-2027"
DAYS_AHEAD = 20


@dataclass(frozen=True, kw_only=True)
class Item:
    """One resolution of the agenda."""

    number: str
    title: str
    body: str  # "ago" or "age"
    text: str  # rich text (HTML)
    recommendation: str = "for"
    kind: str = "resolution"
    seats: int | None = None
    candidates: tuple[str, ...] = ()  # demo members' names


@dataclass(frozen=True, kw_only=True)
class Assembly:
    slug: str
    title: str
    bodies: str
    hour: int
    place: str
    video_url: str
    intro: str
    chair: str  # demo account usernames
    secretary: str
    scrutineers: tuple[str, ...]
    agenda: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class DemoProxy:
    giver: str  # a demo member's name
    holder: str = ""  # "" : a blank proxy, to the chair


@dataclass(frozen=True, kw_only=True)
class AdvanceVote:
    member: str
    choices: dict  # resolution number -> "for" | "against" | "abstain"
    elected: tuple[str, ...] = ()  # candidates' names, for the election


ASSEMBLY = Assembly(
    slug=SLUG,
    title="Assemblée générale 2027",
    bodies="ago_age",
    hour=18,
    place="Salle des fêtes de Val-de-Sarre, 4 place de la Mairie (adresse fictive)",
    video_url="https://visio.fabrique-commune.example/ag-2027",
    intro=paragraphs(
        "L’assemblée générale ordinaire approuve les comptes de l’exercice 2026, décide de "
        "l’affectation du résultat et élit trois membres du conseil coopératif ; elle est "
        "suivie d’une assemblée générale extraordinaire sur la modification de l’article 12 "
        "des statuts.",
        "Vous ne pouvez pas venir ? Donnez un pouvoir à un autre sociétaire ou votez à "
        "l’avance depuis votre lien personnel de convocation.",
    ),
    chair="presidente",
    secretary="secretaire",
    scrutineers=("comite",),
    agenda=(
        Item(
            number="1",
            title="Approbation des comptes 2026",
            body="ago",
            text=paragraphs(
                "L’assemblée générale, après avoir entendu le rapport de gestion du conseil "
                "coopératif et le rapport du réviseur coopératif, approuve les comptes de "
                "l’exercice clos le 31 décembre 2026 tels qu’ils lui ont été présentés : "
                "un chiffre d’affaires de 412 300 € et un excédent de 18 450 €.",
                "Elle donne quitus aux membres du conseil coopératif pour leur gestion.",
            ),
        ),
        Item(
            number="2",
            title="Affectation du résultat",
            body="ago",
            text=paragraphs("L’assemblée générale décide d’affecter l’excédent de 18 450 € ainsi :")
            + bullet_list(
                "15 % à la réserve légale, soit 2 767,50 € ;",
                "85 % aux réserves impartageables, soit 15 682,50 €.",
            )
            + paragraphs("Conformément à la loi, aucun intérêt n’est versé aux parts sociales."),
        ),
        Item(
            number="3",
            title="Élection au conseil coopératif",
            body="ago",
            kind="election",
            seats=3,
            recommendation="none",
            text=paragraphs(
                "Trois sièges du conseil coopératif sont à pourvoir pour trois ans. Chaque "
                "sociétaire choisit au plus trois candidats ; sont élus ceux qui recueillent "
                "le plus de voix pondérées par collège."
            ),
            candidates=(
                "Mathilde Oyono",
                "Accorderie du Val",
                "Julien Taillefer",
                "Vélo-école Roue Libre",
            ),
        ),
        Item(
            number="4",
            title="Modification des statuts – article 12",
            body="age",
            text=paragraphs(
                "L’assemblée générale extraordinaire décide de modifier l’article 12 des "
                "statuts (« Collèges de vote ») pour porter de trois à cinq le nombre de "
                "sièges du conseil coopératif réservés au collège des salariés et des "
                "structures bénéficiaires, et pour permettre la convocation par voie "
                "électronique des sociétaires qui l’ont accepté par écrit.",
                "Le reste de l’article est inchangé.",
            ),
        ),
    ),
)

# Members who agreed in writing to receive their convocations by e-mail (not the holder of the
# named proxy below: loading the demo sends no e-mail).
EMAIL_CONSENT = (
    "Camille Ravenel",
    "Théo Marchetti",
    "Épicerie solidaire La Musette",
    "Les Jardins du Faubourg",
    "Accorderie du Val",
    "Hélène Varangot",
    "Karim Essabar",
    "Odile Brassac",
)

PROXIES = (
    # To the member of the `societaire` account, who votes for them at the meeting.
    DemoProxy(giver="Inès Bouraoui", holder="Repair Café des Tanneurs"),
    DemoProxy(giver="Commune des Hautes-Côtes"),  # blank: the chair follows the board
)

ADVANCE_VOTES = (
    AdvanceVote(
        member="Karim Essabar",
        choices={"1": "for", "2": "for", "3": "for", "4": "against"},
        elected=("Mathilde Oyono", "Julien Taillefer"),
    ),
    AdvanceVote(
        member="Odile Brassac",
        choices={"1": "for", "2": "abstain", "3": "for", "4": "for"},
        elected=("Mathilde Oyono", "Accorderie du Val", "Vélo-école Roue Libre"),
    ),
)


def load_assembly_demo(governance, *, now=None):
    """The demo assembly under the governance page, with what members did already."""
    members = {page.title: page for page in MemberPage.objects.live()}
    for name in EMAIL_CONSENT:
        member = members.get(name)
        if member is not None and not member.convocation_by_email:
            member = member.get_latest_revision_as_object()
            member.convocation_by_email = True
            member.save_revision().publish()
    page = governance.get_children().filter(slug=ASSEMBLY.slug).first()
    if page is not None:
        page = page.specific
    else:
        page = save_assembly(governance, ASSEMBLY, members, now=now or timezone.now())
    for proxy in PROXIES:
        save_proxy(page, proxy, members)
    for vote in ADVANCE_VOTES:
        save_advance_vote(page, vote, members)
    return page


def save_assembly(governance, assembly, members, *, now):
    users = {user.username: user for user in get_user_model().objects.all()}
    day = timezone.localtime(now).date() + datetime.timedelta(days=DAYS_AHEAD)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(assembly.hour)))
    page = AssemblyPage(
        slug=assembly.slug,
        title=assembly.title,
        bodies=assembly.bodies,
        starts_at=starts_at,
        place=assembly.place,
        video_url=assembly.video_url,
        intro=assembly.intro,
        chair=users.get(assembly.chair),
        secretary=users.get(assembly.secretary),
    )
    page.resolutions = [
        Resolution(
            number=item.number,
            title=item.title,
            body=item.body,
            text=item.text,
            recommendation=item.recommendation,
            kind=item.kind,
            seats=item.seats,
        )
        for item in assembly.agenda
    ]
    page.scrutineers = [users[name] for name in assembly.scrutineers if name in users]
    governance.add_child(instance=page)
    page.save_revision().publish()
    page = AssemblyPage.objects.get(pk=page.pk)
    for item in assembly.agenda:
        resolution = page.resolutions.get(number=item.number)
        for order, name in enumerate(item.candidates):
            if name in members:
                Candidate.objects.create(
                    resolution=resolution, member=members[name], name=name, sort_order=order
                )
    return page


def save_proxy(page, proxy, members):
    giver = members.get(proxy.giver)
    holder = members.get(proxy.holder) if proxy.holder else None
    if giver is None or (proxy.holder and holder is None):
        return
    if Proxy.objects.filter(assembly=page, giver=giver).exists():
        return
    services.give_proxy(assembly=page, giver=giver, holder=holder)


def save_advance_vote(page, vote, members):
    member = members.get(vote.member)
    if member is None:
        return
    user = member.user
    for resolution in page.resolutions.all():
        choice = vote.choices.get(resolution.number)
        if choice is None:
            continue
        if Participation.objects.filter(resolution=resolution, member=member).exists():
            continue
        candidates = [
            candidate for candidate in resolution.candidates.all() if candidate.name in vote.elected
        ]
        services.vote_in_advance(
            resolution=resolution, member=member, choice=choice, user=user, candidates=candidates
        )
