"""The privacy matrix: who can reach what, checked from the outside like a visitor would.

For each role (administrator, editor, committee member, member, anonymous visitor) the audit
crawls every URL it can reach from the site's pages, menus, sitemap, search result pages, ICS
feeds, JSON-LD, document and image links and, for the roles that have it, the admin. Then every
URL found by one role is requested as every other role, and each response (whatever its status:
a 403 or 404 page that echoes content leaks too) is searched for the *secrets* that role must
not see: members' contacts and offers, the text of members-only pages, decision minutes,
registrations, partnership records, drafts.

The secrets are read from the database, and who may see them is written here, as the
cooperative's rule (docs/privacy.md, "Who sees what"), independently of the code that enforces
it: the audit does not ask `coopsite.foundation.privacy` what it thinks, it looks at what comes
back.

Two ways to run it: the test suite (`tests/site/test_privacy_matrix.py`, through Django's test
client on the demo data) and `manage.py privacy_audit --base-url …` against a running site.
"""

import html
import http.cookiejar
import io
import json
import re
import urllib.error
import urllib.request
import zipfile
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import partial
from itertools import product
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.regex_helper import normalize
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Revision

from coopsite.foundation.routes import registered_routes
from governance.assembly.models import AssemblyPage, Ballot, PollStatus, Resolution
from governance.assembly.tokens import SALT_CONVOCATION, member_id_from_token
from governance.models import MemberContact, MemberResource
from partnerships.models import Organisation, Partnership
from training.models import Registration, TrainingSession

ROLES = ["admin", "editor", "committee", "member", "anonymous"]
# `found_by` of the URLs built from the URL resolver's patterns (`enumerate_urls`).
RESOLVER = "resolver"
ROLE_LABELS = {
    "admin": pgettext_lazy("privacy audit role", "administrator"),
    "editor": pgettext_lazy("privacy audit role", "editor"),
    "committee": pgettext_lazy("privacy audit role", "committee"),
    "member": pgettext_lazy("privacy audit role", "member"),
    "anonymous": pgettext_lazy("privacy audit role", "anonymous"),
}
# What each secret is, as the table names it.
KIND_LABELS = {
    "member-contact": _("a member's contact"),
    "member-resource": _("a member's offer or need"),
    "members-page": _("a page of the members' area"),
    "partnerships-page": _("a page of the partnerships' area"),
    "document": _("a private document (title or contents)"),
    "partnership": _("a partnership record"),
    "partner-contact": _("a partner's contact"),
    "registration": _("a registration for a course"),
    "draft": _("an unpublished draft"),
    "assembly-resolution": _("a resolution of a general assembly"),
    "ballot-receipt": _("a ballot's receipt code"),
}
# The demo accounts that play each role (site/sitewide/demo.py).
DEMO_USERNAMES = {
    "admin": "admin",
    "editor": "editrice",
    "committee": "comite",
    "member": "societaire",
}

# Where a crawl starts, for every role. Search pages are seeded with words that match private
# content (partnerships, minutes, members), so that a search leak would show.
SITE_SEEDS = [
    "/",
    "/fr/",
    "/en/",
    "/sitemap.xml",
    "/robots.txt",
    "/fr/recherche/?q=partenariat",
    "/fr/recherche/?q=m%C3%A9c%C3%A9nat",
    "/fr/recherche/?q=proc%C3%A8s-verbal",
    "/fr/recherche/?q=soci%C3%A9taires",
    "/fr/recherche/?q=convention",
    "/fr/recherche/?q=formation",
    "/fr/recherche/?q=d%C3%A9cision",
    "/en/recherche/?q=partnership",
    "/api/v2/pages/",
    "/fr/page-qui-n-existe-pas/",
]
ADMIN_SEEDS = [
    "/admin/",
    "/admin/pages/",
    "/admin/snippets/",
    "/admin/reports/inscriptions/",
    "/admin/reports/inscriptions/?export=csv",
    "/admin/reports/inscriptions/?export=xlsx",
    "/admin/reports/partenariats/",
    "/admin/reports/partenariats/?export=csv",
    "/admin/reports/partenariats/?export=xlsx",
    "/admin/reports/registre/",
    "/admin/reports/registre/?export=csv",
    "/admin/registre/imprimer/",
    "/admin/documents/",
    "/admin/images/",
    "/admin/reports/site-history/",
    "/admin/snippets/partnerships/partnership/",
    "/admin/snippets/partnerships/organisation/",
    "/admin/snippets/choose/partnerships/partnership/",
    "/admin/snippets/choose/partnerships/organisation/",
    "/admin/choose-page/",
    "/admin/choose-page/search/?q=partenariat",
    "/admin/documents/chooser/",
    "/admin/documents/chooser/results/?q=convention",
    "/admin/pages/search/?q=partenariat",
]
# A signed link's key is never in the audit's hands: its routes are asked with a forged one,
# which must reveal nothing.
FORGED_TOKEN = "1-cle-falsifiee"  # noqa: S105 - forged on purpose, never a key
# Pages of one type whose sub-routes are asked (`page_route_seeds`).
ROUTED_PAGES_PER_TYPE = 2
# Never followed: they end the session or would change something.
SKIPPED = re.compile(
    r"/(deconnexion|logout)/|/admin/logout/|^/static/|/admin/jsi18n/|^mailto:|^tel:"
)
# Admin listings offer many orderings and filters of the same rows: a few are enough.
MAX_QUERY_VARIANTS = 3
# Admin URLs of one shape (ids replaced by N) beyond this many tell nothing new.
MAX_ADMIN_PER_SHAPE = 12
MAX_URLS_PER_ROLE = 600


@dataclass
class Fetched:
    status: int
    content_type: str
    text: str
    links: list = field(default_factory=list)


@dataclass
class Leak:
    url: str
    role: str
    found_by: str
    status: int
    secret: str
    kind: str  # a key of KIND_LABELS


@dataclass
class AuditResult:
    crawled: dict  # role -> set of URLs it reached
    tried: Counter  # (found_by, requested_as) -> URLs requested
    leaks: list
    secret_counts: dict  # role -> number of secrets it must not see
    enumeration: "Enumeration | None" = None
    resolver_asked: Counter = field(default_factory=Counter)  # role -> resolver URLs asked
    errors: list = field(default_factory=list)  # (url, role, error) of views that crashed

    @property
    def distinct_urls(self):
        return set().union(*self.crawled.values())

    def table(self):
        roles = {role: str(label) for role, label in ROLE_LABELS.items()}
        # (gettext outside the f-strings, where makemessages can find the words)
        found_by_, asked_by, leaks_, itself, total_ = (
            gettext("found by"),
            gettext("asked by"),
            gettext("leaks"),
            gettext("(itself)"),
            gettext("total"),
        )
        lines = [
            gettext("Privacy matrix"),
            "",
            gettext("URLs reached per role: %(counts)s")
            % {"counts": ", ".join(f"{roles[r]} {len(u)}" for r, u in self.crawled.items())},
            gettext("Distinct URLs: %(count)d") % {"count": len(self.distinct_urls)},
            gettext("Secrets looked for per role: %(counts)s")
            % {"counts": ", ".join(f"{roles[r]} {n}" for r, n in self.secret_counts.items())},
            "",
            f"{found_by_:<16}{asked_by:<16}{'URLs':>7}{leaks_:>8}",
        ]
        leaks = Counter((leak.found_by, leak.role) for leak in self.leaks)
        for found_by in ROLES:
            for role in ROLES:
                if found_by == role and role in self.crawled:
                    lines.append(
                        f"{roles[found_by]:<16}{itself:<16}"
                        f"{len(self.crawled[role]):>7}{leaks[role, role]:>8}"
                    )
                elif (found_by, role) in self.tried:
                    lines.append(
                        f"{roles[found_by]:<16}{roles[role]:<16}"
                        f"{self.tried[found_by, role]:>7}{leaks[found_by, role]:>8}"
                    )
        total = sum(self.tried.values()) + sum(len(urls) for urls in self.crawled.values())
        if self.enumeration is not None:
            resolver = gettext("URL resolver")
            for role in ROLES:
                if role in self.resolver_asked:
                    lines.append(
                        f"{resolver:<16}{roles[role]:<16}"
                        f"{self.resolver_asked[role]:>7}{leaks[RESOLVER, role]:>8}"
                    )
            total += sum(self.resolver_asked.values())
        lines.append(f"{total_:<32}{total:>7}{len(self.leaks):>8}")
        if self.enumeration is not None:
            lines += self._resolver_summary(roles)
        for leak in self.leaks[:50]:
            lines.append(
                gettext("LEAK %(url)s (%(status)s) seen by %(role)s: %(kind)s “%(secret)s”")
                % {
                    "url": leak.url,
                    "status": leak.status,
                    "role": roles[leak.role],
                    "kind": KIND_LABELS[leak.kind],
                    "secret": leak.secret,
                }
            )
        return "\n".join(lines)

    def _resolver_summary(self, roles):
        enumeration = self.enumeration
        lines = [
            "",
            gettext(
                "URL resolver: %(patterns)d patterns, %(covered)d covered by %(urls)d URLs, "
                "%(unfilled)d not filled, %(excluded)d excluded"
            )
            % {
                "patterns": len(enumeration.patterns),
                "covered": len(enumeration.covered),
                "urls": len(enumeration.urls),
                "unfilled": len(enumeration.unfilled),
                "excluded": len(enumeration.excluded),
            },
            gettext("URLs of the resolver asked per role: %(counts)s")
            % {
                "counts": ", ".join(
                    f"{roles[role]} {count}" for role, count in self.resolver_asked.items()
                )
            },
        ]
        for label, reason in enumeration.unfilled.items():
            lines.append(
                gettext("NOT FILLED %(pattern)s: %(reason)s") % {"pattern": label, "reason": reason}
            )
        for label, reason in enumeration.excluded.items():
            lines.append(
                gettext("EXCLUDED %(pattern)s: %(reason)s") % {"pattern": label, "reason": reason}
            )
        for url, role, error in self.errors[:50]:
            lines.append(
                gettext("ERROR %(url)s asked by %(role)s: %(error)s")
                % {"url": url, "role": roles[role], "error": error}
            )
        return lines


# --- The secrets, and who may see them ------------------------------------------------------


def _norm(text):
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _first_sentence(richtext, minimum=30):
    text = _norm(strip_tags(richtext or ""))
    for sentence in re.split(r"(?<=[.!?:;])\s", text):
        if len(sentence) >= minimum:
            return sentence[:120]
    return None


@dataclass
class Viewer:
    """What the cooperative's rules let one person see (docs/privacy.md, "Who sees what")."""

    superuser: bool = False
    groups: frozenset = frozenset()
    member_page_id: int | None = None

    @classmethod
    def of(cls, user):
        if user is None or not user.is_authenticated:
            return cls()
        page = getattr(user, "member_page", None)
        return cls(
            superuser=user.is_superuser,
            groups=frozenset(user.groups.values_list("name", flat=True)),
            member_page_id=page.pk if page else None,
        )

    @property
    def members_area(self):
        return self.superuser or bool(
            self.groups & {settings.GROUP_MEMBERS, settings.GROUP_EDITORS}
        )

    @property
    def partnerships(self):
        return self.superuser or settings.GROUP_COMMITTEE in self.groups

    @property
    def editor(self):
        return self.superuser or settings.GROUP_EDITORS in self.groups

    def sees_registrations_of(self, course):
        return self.editor or (
            self.member_page_id is not None
            and course.organisers.filter(pk=self.member_page_id).exists()
        )


def _area_pages(restricted_to):
    """Live pages under a group restriction naming exactly these groups' area."""
    paths = [
        r.page.path
        for r in PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        if {g.name for g in r.groups.all()} & restricted_to
    ]
    pages = Page.objects.none()
    for path in paths:
        pages |= Page.objects.filter(path__startswith=path)
    return pages


def _page_secrets(pages, kind):
    secrets = {}
    for page in pages.specific():
        if page.depth <= 3 or type(page).__name__ in ("MemberPage", "CollegePage"):
            # An area's own title is named in menus for those who may enter; the names of
            # colleges and members are public in the public directory.
            continue
        if len(page.title) >= 12:
            secrets[page.title] = kind
        for name in ("intro", "text", "description"):
            sentence = _first_sentence(getattr(page, name, ""))
            if sentence:
                secrets[sentence] = kind
    return secrets


def _document_secrets(collection_names):
    secrets = {}
    for document in get_document_model().objects.filter(collection__name__in=collection_names):
        try:
            with document.file.open("rb") as handle:
                text = handle.read(2000).decode("utf-8", "ignore")
        except OSError:
            continue
        line = _norm(text.splitlines()[0]) if text.strip() else ""
        if len(line) >= 20:
            secrets[line] = "document"
        secrets[document.title] = "document"
    return secrets


def _sees_registrations_of_any(viewer, courses):
    return any(viewer.sees_registrations_of(course) for course in courses)


def collect_secrets():
    """Every secret of the site, with the rule that decides who may see it.

    Returns a list of (secret, kind, rule): `kind` is a key of KIND_LABELS, `rule(viewer)` is
    True when the viewer may see it.
    """
    secrets = []

    def add(values, kind, rule):
        secrets.extend((value, kind, rule) for value in values if value and len(value) >= 6)

    members_rule = Viewer.members_area.fget
    partnerships_rule = Viewer.partnerships.fget
    editor_rule = Viewer.editor.fget

    add(
        MemberContact.objects.values_list("email", flat=True),
        "member-contact",
        members_rule,
    )
    add(
        [_first_sentence(r.details, 25) for r in MemberResource.objects.all()],
        "member-resource",
        members_rule,
    )
    members_groups = {settings.GROUP_MEMBERS, settings.GROUP_EDITORS}
    for value, kind in _page_secrets(_area_pages(members_groups), "members-page").items():
        secrets.append((value, kind, members_rule))
    for value, kind in _document_secrets(["Espace sociétaires", "Procès-verbaux"]).items():
        secrets.append((value, kind, members_rule))

    # The general assembly: its resolutions are for members; a ballot's receipt code is known
    # to its voter alone until the vote is closed, then published to the members.
    add(
        [_first_sentence(resolution.text, 25) for resolution in Resolution.objects.all()],
        "assembly-resolution",
        members_rule,
    )
    for receipt, status in Ballot.objects.values_list("receipt", "resolution__poll__status"):
        rule = members_rule if status == PollStatus.CLOSED else (lambda viewer: False)
        add([receipt], "ballot-receipt", rule)

    committee = {settings.GROUP_COMMITTEE}
    for value, kind in _page_secrets(_area_pages(committee), "partnerships-page").items():
        secrets.append((value, kind, partnerships_rule))
    for value, kind in _document_secrets(["Partenariats"]).items():
        secrets.append((value, kind, partnerships_rule))
    for partnership in Partnership.objects.all():
        texts = [
            partnership.title,
            _first_sentence(partnership.evaluation_outcomes, 25),
            _first_sentence(partnership.objectives, 25),
        ]
        add(texts, "partnership", partnerships_rule)
    add(
        Organisation.objects.values_list("contact_email", flat=True),
        "partner-contact",
        partnerships_rule,
    )

    # An address registered for several courses is shown on each of their lists: whoever may
    # read one of those lists sees it rightly.
    courses_of = {}
    for registration in Registration.objects.select_related("session__course"):
        courses_of.setdefault(registration.email, {})[registration.session.course.pk] = (
            registration.session.course
        )
    for email, courses in courses_of.items():
        rule = partial(_sees_registrations_of_any, courses=list(courses.values()))
        add([email], "registration", rule)

    # Drafts: the text of a revision newer than what is published, and pages never published.
    # Editors see drafts, but not in the partnerships' area, where the committee writes.
    partnership_paths = list(_area_pages(committee).values_list("path", flat=True))

    def draft_rule(viewer, page):
        if page.path in partnership_paths:
            return partnerships_rule(viewer)
        return editor_rule(viewer)

    for page in Page.objects.filter(has_unpublished_changes=True).specific():
        rule = partial(draft_rule, page=page)
        latest = page.latest_revision
        if latest is None:
            continue
        draft = latest.as_object()
        for name in ("title", "intro"):
            value = getattr(draft, name, "")
            sentence = value if name == "title" else _first_sentence(value)
            published = getattr(page, name, "") if page.live else ""
            if sentence and sentence not in (published or ""):
                secrets.append((sentence, "draft", rule))
    return secrets


# --- Crawling -----------------------------------------------------------------------------

_ATTRIBUTE = re.compile(r"""(?:href|src|action|data-url)\s*=\s*["']([^"']+)["']""")
_SRCSET = re.compile(r"""srcset\s*=\s*["']([^"']+)["']""")
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_ABSOLUTE = re.compile(r"""https?://[^\s"'<>\\]+""")
_ICS_URL = re.compile(r"^URL[^:]*:(.+)$", re.MULTILINE)


def extract_links(text, base_url, host):
    candidates = list(_ATTRIBUTE.findall(text)) + _LOC.findall(text) + _ICS_URL.findall(text)
    for srcset in _SRCSET.findall(text):
        candidates += [part.strip().split(" ")[0] for part in srcset.split(",")]
    candidates += _ABSOLUTE.findall(text)
    links = []
    for candidate in candidates:
        candidate = html.unescape(candidate.strip())
        if not candidate or candidate.startswith(("#", "javascript:", "data:")):
            continue
        absolute = urldefrag(urljoin(base_url, candidate))[0]
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIPPED.search(local):
            links.append(local)
    return links


def response_text(content_type, body):
    """The text a person would read in a response, whatever its format."""
    if "spreadsheetml" in content_type or body[:2] == b"PK":
        try:
            workbook = load_workbook(io.BytesIO(body), read_only=True)
            cells = [
                str(cell)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
                for cell in row
                if cell is not None
            ]
            return "\n".join(cells)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            return ""
    if content_type.startswith("image/"):
        return ""
    text = body.decode("utf-8", "replace")
    if "json" in content_type:
        try:
            data = json.loads(text)
        except ValueError:
            return text
        strings = []

        def walk(value):
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
            elif isinstance(value, str):
                strings.append(value)

        walk(data)
        return "\n".join(strings)
    return text


def _shape(url):
    path = urlsplit(url).path
    return re.sub(r"/\d+(?=/)", "/N", path)


_SIGNED_LINK = re.compile(r"/assemblee/(\d+)/([\w-]+)/$")


def signed_link_member(url):
    """The member a valid signed convocation link names (`governance.assembly.tokens`), else
    None: a forged link is checked as any other address."""
    match = _SIGNED_LINK.search(urlsplit(url).path)
    if match is None:
        return None
    assembly = AssemblyPage.objects.filter(pk=int(match.group(1))).first()
    if assembly is None:
        return None
    return member_id_from_token(assembly=assembly, token=match.group(2), salt=SALT_CONVOCATION)


class Auditor:
    """Runs the matrix with one fetcher per role (see `ClientFetcher` and `HttpFetcher`)."""

    def __init__(self, fetchers, viewers, host, max_urls=MAX_URLS_PER_ROLE):
        self.fetchers = fetchers  # role -> object with .get(url) -> Fetched
        self.viewers = viewers  # role -> Viewer
        self.host = host
        self.max_urls = max_urls
        self.secrets = collect_secrets()
        self.forbidden = {
            role: [(_norm(s), kind) for s, kind, rule in self.secrets if not rule(viewer)]
            for role, viewer in viewers.items()
        }
        self.leaks = []
        self.responses = {}  # (role, url) -> status
        self._signed = {}  # member id -> what a member's own signed link may not show

    def forbidden_at(self, role, url):
        """What `role` may not see at `url`. A member's own signed convocation link is the key
        the member was given: whoever holds a valid one sees what that member sees."""
        member_id = signed_link_member(url)
        if member_id is None:
            return self.forbidden[role]
        if member_id not in self._signed:
            viewer = Viewer(groups=frozenset({settings.GROUP_MEMBERS}), member_page_id=member_id)
            self._signed[member_id] = [
                (_norm(s), kind) for s, kind, rule in self.secrets if not rule(viewer)
            ]
        allowed = {secret for secret, _kind in self._signed[member_id]}
        return [(s, kind) for s, kind in self.forbidden[role] if s in allowed]

    def _check(self, role, url, fetched, found_by):
        text = _norm(fetched.text)
        for secret, kind in self.forbidden_at(role, url):
            if secret in text:
                self.leaks.append(Leak(url, role, found_by, fetched.status, secret, kind))

    def fetch(self, role, url, found_by):
        fetched = self.fetchers[role].get(url)
        self.responses[role, url] = fetched.status
        self._check(role, url, fetched, found_by)
        return fetched

    def crawl(self, role, seeds):
        seen, queue = set(), deque()
        variants, shapes = Counter(), Counter()

        def push(url):
            if url in seen or len(seen) >= self.max_urls:
                return
            path = urlsplit(url).path
            if "?" in url:
                if variants[path] >= MAX_QUERY_VARIANTS:
                    return
                variants[path] += 1
            if path.startswith("/admin/"):
                if shapes[_shape(url)] >= MAX_ADMIN_PER_SHAPE:
                    return
                shapes[_shape(url)] += 1
            seen.add(url)
            queue.append(url)

        for seed in seeds:
            push(seed)
        while queue:
            url = queue.popleft()
            fetched = self.fetch(role, url, found_by=role)
            if fetched.status == 200:
                for link in fetched.links:
                    push(link)
        return seen

    def ask_resolver(self, enumeration, progress=None):
        """Every URL built from the resolver, as every role. The administrator is asked first:
        a URL the administrator gets a 404 or a redirect for names nothing the view shows (a
        model a pattern does not take, an id of another model), so the other roles are not
        asked for it."""
        roles = sorted(self.fetchers, key=lambda role: role != "admin")
        asked, errors = Counter(), []
        for url in enumeration.urls:
            for role in roles:
                asked[role] += 1
                if (role, url) in self.responses:
                    status = self.responses[role, url]
                else:
                    try:
                        status = self.fetch(role, url, RESOLVER).status
                    except Exception as error:  # noqa: BLE001 — reported, not hidden
                        self.responses[role, url] = 500
                        errors.append((url, role, f"{type(error).__name__}: {error}"[:200]))
                        status = 500
                if role == "admin" and (status == 404 or 300 <= status < 400):
                    break
        if progress:
            progress(gettext("URL resolver: %(count)d URLs asked") % {"count": sum(asked.values())})
        return asked, errors

    def run(self, progress=None, site_seeds=SITE_SEEDS, admin=True, resolver=True):
        roles = list(self.fetchers)
        crawled = {}
        admin_seeds = ADMIN_SEEDS + targeted_admin_urls() if admin else []
        route_seeds = page_route_seeds() if resolver else []
        for role in roles:
            seeds = list(site_seeds) + route_seeds
            if role != "anonymous":
                seeds += admin_seeds
            crawled[role] = self.crawl(role, seeds)
            if progress:
                progress(
                    gettext("%(role)s: %(count)d URLs reached")
                    % {"role": ROLE_LABELS[role], "count": len(crawled[role])}
                )
        tried = Counter()
        for found_by in roles:
            for role in roles:
                if role == found_by:
                    continue
                for url in sorted(crawled[found_by]):
                    tried[found_by, role] += 1
                    if (role, url) in self.responses:
                        continue  # already requested as this role (and checked)
                    self.fetch(role, url, found_by)
            if progress:
                progress(
                    gettext("URLs found by %(role)s asked for by the other roles")
                    % {"role": ROLE_LABELS[found_by]}
                )
        enumeration, asked, errors = None, Counter(), []
        if resolver:
            enumeration = enumerate_urls()
            asked, errors = self.ask_resolver(enumeration, progress)
        return AuditResult(
            crawled=crawled,
            tried=tried,
            leaks=self.leaks,
            secret_counts={role: len(self.forbidden[role]) for role in roles},
            enumeration=enumeration,
            resolver_asked=asked,
            errors=errors,
        )


class ClientFetcher:
    """Requests through Django's test client (in the test suite)."""

    def __init__(self, user=None, host="testserver"):
        self.client = Client()
        self.host = host
        if user is not None:
            self.client.force_login(user)

    def get(self, url):
        response = self.client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        text = response_text(content_type, body)
        links = []
        if response.status_code == 200:
            links = extract_links(text, f"http://{self.host}{url}", self.host)
        return Fetched(response.status_code, content_type, text, links)


def targeted_admin_urls(per_kind=3):
    """Admin URLs where private content sits, for the roles that have the admin: a few pages of
    each private area and every draft (edit form, draft view, revisions, history), partnership
    records (edit form, field history), sessions' attendance sheets."""
    pages = list(Page.objects.filter(has_unpublished_changes=True).values_list("pk", flat=True))
    for restriction in PageViewRestriction.objects.select_related("page"):
        pages += list(
            Page.objects.filter(path__startswith=restriction.page.path)
            .order_by("-depth")
            .values_list("pk", flat=True)[:per_kind]
        )
    urls = []
    for pk in dict.fromkeys(pages):
        urls += [
            f"/admin/pages/{pk}/edit/",
            f"/admin/pages/{pk}/view_draft/",
            f"/admin/pages/{pk}/revisions/",
            f"/admin/pages/{pk}/history/",
            f"/admin/pages/{pk}/",
        ]
    for revision in Revision.page_revisions.filter(object_id__in=[str(pk) for pk in pages])[:30]:
        urls.append(f"/admin/pages/{revision.object_id}/revisions/{revision.pk}/view/")
    for pk in Partnership.objects.values_list("pk", flat=True)[:per_kind]:
        urls += [
            f"/admin/snippets/partnerships/partnership/edit/{pk}/",
            f"/admin/snippets/partnerships/partnership/history/{pk}/",
            f"/admin/partenariats/{pk}/historique/",
        ]
    for pk in TrainingSession.objects.values_list("pk", flat=True)[:per_kind]:
        urls.append(f"/admin/formations/sessions/{pk}/emargement/")
    return urls


class HttpFetcher:
    """Requests over HTTP to a running site (the `privacy_audit` command), logged in through
    the site's own login form when given an account."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        if urlsplit(self.base_url).scheme not in ("http", "https"):
            raise ValueError(gettext("Not an http(s) address: %(url)s") % {"url": base_url})
        self.host = urlsplit(self.base_url).netloc
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def _open(self, url, data=None, headers=None):
        # The scheme is checked to be http(s) in __init__.
        request = urllib.request.Request(self.base_url + url, data=data, headers=headers or {})  # noqa: S310
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, response.headers.get("Content-Type", ""), response.read()

    def login(self, username, password, login_path="/fr/connexion/"):
        _, _, body = self._open(login_path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if token is None:
            raise RuntimeError(gettext("no login form at %(path)s") % {"path": login_path})
        data = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": username,
                "password": password,
            }
        ).encode()
        status, _, _ = self._open(login_path, data, {"Referer": self.base_url + login_path})
        if status != 302:
            raise RuntimeError(
                gettext("login refused for %(username)s (status %(status)s)")
                % {"username": username, "status": status}
            )

    def get(self, url):
        status, content_type, body = self._open(url)
        text = response_text(content_type, body)
        links = extract_links(text, self.base_url + url, self.host) if status == 200 else []
        return Fetched(status, content_type, text, links)


# --- Every pattern of the URL resolver ------------------------------------------------------
#
# A crawl only reaches what some page links to. The resolver knows every URL the site answers:
# each pattern (the site's, Wagtail's admin, wagtail-localize's API, search promotions, reports,
# any app installed later) is built with real values read from the database and requested as
# every role. What is derived, never listed: the patterns (walked from `get_resolver()`), the
# model a parameter names (the view's own `model`, else the parameter's name, else the words of
# the path, else the models of the view's app), the models an `<app_label>/<model_name>` pattern
# can take (every installed model: the administrator's 404 tells which ones the view knows).

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
# A pattern whose built URL matches SKIPPED is not requested (it would end the session); it is
# listed in the summary with this reason.
EXCLUDED_REASON = _("ends the session or serves no data (never requested)")
# Values per parameter, when the parameter names one model (pages: see `_page_pool`).
VALUES_PER_MODEL = 2


@dataclass
class Enumeration:
    """The URLs built from the resolver's patterns, and what could not be built."""

    urls: dict  # URL -> label of its pattern
    patterns: list  # labels of every pattern walked
    covered: set  # labels of the patterns with at least one URL
    unfilled: dict  # label -> reason
    excluded: dict  # label -> reason


def _walk(resolver, chain=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, (*chain, entry.pattern))
        else:
            yield (*chain, entry.pattern), entry


def _segments(pattern_chain, language):
    """The pattern as (format string, [(parameter, converter or None)]), for one language."""
    fmt, params = "", []
    for part in pattern_chain:
        if isinstance(part, LocalePrefixPattern):
            with translation.override(language):
                fmt += part.language_prefix.replace("%", "%%")
        elif isinstance(part, RoutePattern):
            route, position = str(part._route), 0
            for match in _ROUTE_PARAMETER.finditer(route):
                fmt += route[position : match.start()].replace("%", "%%")
                name = match["parameter"]
                fmt += f"%({name})s"
                params.append((name, part.converters.get(name)))
                position = match.end()
            fmt += route[position:].replace("%", "%%")
        elif isinstance(part, RegexPattern):
            possibilities = normalize(str(part._regex))
            if not possibilities:
                return None
            part_fmt, part_params = possibilities[0]
            fmt += part_fmt
            params += [(name, None) for name in part_params]
        else:  # an unknown kind of pattern
            return None
    return "/" + fmt, params


def _label(pattern_chain):
    return "/" + "".join(
        "<language>/" if isinstance(part, LocalePrefixPattern) else str(part)
        for part in pattern_chain
    )


def _view_model(callback):
    model = getattr(callback, "view_initkwargs", {}).get("model") or getattr(
        getattr(callback, "view_class", None), "model", None
    )
    if isinstance(model, type) and issubclass(model, models.Model):
        return model
    return None


class _Values:
    """Real values from the database for the parameters of URL patterns."""

    def __init__(self):
        self.models = [m for m in apps.get_models() if not m._meta.abstract]
        self.by_name = {}
        for model in self.models:
            self.by_name.setdefault(model._meta.model_name, []).append(model)
        self._pks = {}
        self._pages = None

    def pks(self, model):
        if issubclass(model, Page):
            return self.pages()
        if model not in self._pks:
            manager = model._base_manager.order_by("pk")
            try:
                first = list(manager.values_list("pk", flat=True)[:1])
                last = list(manager.reverse().values_list("pk", flat=True)[:1])
            except Exception:  # noqa: BLE001 — a model without a table (unmanaged view)
                first = last = []
            self._pks[model] = list(dict.fromkeys(first + last))[:VALUES_PER_MODEL]
        return self._pks[model]

    def pages(self):
        """One page of every specific type, the restricted ones and the drafts."""
        if self._pages is None:
            pool = {}
            for pk, content_type in Page.objects.order_by("-depth", "pk").values_list(
                "pk", "content_type"
            ):
                pool.setdefault(content_type, pk)
            pages = list(pool.values())
            for restriction in PageViewRestriction.objects.select_related("page"):
                pages.append(restriction.page_id)
                pages += list(
                    Page.objects.filter(
                        path__startswith=restriction.page.path, depth__gt=restriction.page.depth
                    )
                    .order_by("-depth")
                    .values_list("pk", flat=True)[:1]
                )
            pages += list(Page.objects.filter(live=False).values_list("pk", flat=True)[:2])
            pages += list(
                Page.objects.filter(live=True, has_unpublished_changes=True).values_list(
                    "pk", flat=True
                )[:2]
            )
            self._pages = list(dict.fromkeys(pages))
        return self._pages

    def models_for(self, name, literals, view_model, app_models):
        """The models a parameter names, most likely first: its name (`page_id`,
        `task_state_id`, `doc_id`…), else the view's model, else the words of the path before
        it, else the models of the view's app. The first guess that has rows is taken."""
        guesses = []
        base = re.sub(r"(^|_)(id|pk)$", "", name).strip("_")
        if base and base not in ("object", "instance"):
            joined = base.replace("_", "")
            guesses.append(self.by_name.get(joined, []))
            guesses += [self.by_name.get(word, []) for word in base.split("_")]
            guesses.append([m for m in self.models if m._meta.model_name.endswith(joined)])
        if view_model is not None:
            guesses.append([view_model])
        for word in reversed(literals):
            for candidate in (word, word[:-1] if word.endswith("s") else None):
                if candidate:
                    guesses.append(self.by_name.get(candidate, []))
        guesses.append(app_models)
        for guess in guesses:
            if any(self.pks(model) for model in guess):
                return guess
        return []

    def latest_revision(self, page_ids):
        if not hasattr(self, "_revisions"):
            self._revisions = dict(
                Page.objects.filter(pk__in=self.pages()).values_list("pk", "latest_revision")
            )
        for pk in page_ids:
            if self._revisions.get(pk):
                return self._revisions[pk]
        return None

    def field_values(self, name, app_models):
        """A parameter that is not an id: a field of the same name in the view's app; a
        signed link's token, forged."""
        if name == "token":
            return [FORGED_TOKEN]
        for model in app_models:
            names = {f.name for f in model._meta.concrete_fields}
            if name in names:
                values = model._base_manager.exclude(**{name: ""}).values_list(name, flat=True)
                return [str(v) for v in values[:VALUES_PER_MODEL]]
        return []


def _object_urls(values):
    """URLs that objects give for themselves: pages (of every type, restricted, drafts),
    documents. They fill patterns such as Wagtail's page serving or the documents' view."""
    urls = []
    for page in Page.objects.filter(pk__in=values.pages()).specific():
        url = page.get_url()
        if url:
            urls.append(url)
    for document in get_document_model().objects.order_by("collection", "pk")[:20]:
        urls.append(document.url)
    return urls


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def page_route_seeds():
    """Every sub-route registered on a page type (`coopsite.foundation.routes`), on a few live
    pages of that type: the screens reached by buttons, scripts or QR codes rather than links
    (the bureau's screen and its state, the sign-in by QR code, the votes) are asked too.
    Parameters take a sample: 1 for a number, a forged token for the rest."""
    seeds = []
    for model in {type(page) for page in Page.objects.live().specific().iterator()}:
        routes = registered_routes(model)
        if not routes:
            continue
        for page in model.objects.live().order_by("pk")[:ROUTED_PAGES_PER_TYPE]:
            base = page.url
            if not base:
                continue
            for route in routes:
                pattern = str(route.pattern)
                if pattern.startswith("^") or "(?" in pattern:
                    continue  # a regular expression: not filled here
                path = _CONVERTER.sub(
                    lambda match: "1" if match.group(1) == "int" else FORGED_TOKEN, pattern
                )
                seeds.append(base + path)
    return sorted(set(seeds))


def enumerate_urls():
    """Every pattern of the resolver, filled with values from the database."""
    values = _Values()
    language_codes = [code for code, _name in settings.LANGUAGES]
    object_urls = _object_urls(values)
    urls, labels, covered, unfilled, excluded = {}, [], set(), {}, {}

    def resolves(url, language):
        # A language prefix matches only while its language is active.
        with translation.override(language):
            try:
                return resolve(urlsplit(url).path)
            except Resolver404:
                return None

    def add(url, label, language):
        if resolves(url, language) is None:
            return False
        if SKIPPED.search(url):
            excluded[label] = str(EXCLUDED_REASON)
            return False
        urls.setdefault(url, label)
        covered.add(label)
        return True

    for chain, pattern in _walk(get_resolver()):
        label = _label(chain)
        if label in labels:
            continue
        labels.append(label)
        callback = pattern.callback
        view_model = _view_model(callback)
        app_config = apps.get_containing_app_config(getattr(callback, "__module__", "") or "")
        app_models = list(app_config.get_models()) if app_config else []
        missing = set()
        for language in language_codes:
            built = _segments(chain, language)
            if built is None:
                missing.add(gettext("a kind of pattern the audit cannot read"))
                break
            fmt, params = built
            if not params:
                add(fmt, label, language)
                continue
            names = [name for name, _converter in params]
            converters = dict(params)
            app_name = next((n for n in names if "app" in n), None)
            model_name = next((n for n in names if "model" in n and n != app_name), None)
            rows = []
            if app_name and model_name:
                # Every installed model; the other parameters from that model's rows.
                for model in values.models:
                    row = {app_name: model._meta.app_label, model_name: model._meta.model_name}
                    rest = [n for n in names if n not in row]
                    choices = [values.pks(model) or [None] for _ in rest]
                    for combo in product(*choices):
                        rows.append({**row, **dict(zip(rest, combo, strict=True))})
                        break
            else:
                choices, revision_params = {}, []
                for name in names:
                    literals = re.findall(r"[a-z_]+", fmt.split(f"%({name})s")[0])
                    converter = converters[name]
                    numeric = converter is not None and type(converter).__name__ == "IntConverter"
                    candidates = []
                    if numeric or re.search(r"(^|_)(id|pk)$", name) or converter is None:
                        models_ = values.models_for(name, literals, view_model, app_models)
                        if Revision in models_:
                            revision_params.append(name)
                        for model in models_:
                            candidates += values.pks(model)
                    if not candidates and not numeric:
                        candidates = values.field_values(name, app_models)
                    choices[name] = list(dict.fromkeys(candidates))
                if all(choices.values()):
                    # As many URLs as the longest list of values, each parameter cycling
                    # through its own values (not their product).
                    longest = max(len(v) for v in choices.values())
                    for index in range(longest):
                        row = {n: v[index % len(v)] for n, v in choices.items()}
                        # A revision of the page the URL names, not of another one.
                        pages = [row[n] for n in names if n not in revision_params]
                        for name in revision_params:
                            revision = values.latest_revision(pages)
                            if revision is not None:
                                row[name] = revision
                        rows.append(row)
                else:
                    missing.update(
                        gettext("no value for %(parameter)s") % {"parameter": n}
                        for n, v in choices.items()
                        if not v
                    )
            built_any = False
            for row in rows:
                if any(value is None for value in row.values()):
                    continue
                try:
                    url = fmt % {
                        name: (
                            converters[name].to_url(value)
                            if converters.get(name) is not None
                            else str(value)
                        )
                        for name, value in row.items()
                    }
                except (ValueError, TypeError):
                    continue
                built_any = add(url, label, language) or built_any
            if not built_any and not missing and label not in excluded:
                missing.add(gettext("no value from the database gives a URL it answers"))
        if label not in covered and label not in excluded:
            # Last resort: a URL an object gives for itself (a page's, a document's).
            for url, language in product(object_urls, language_codes):
                match = resolves(url, language)
                if match is None:
                    continue
                if match.func is callback or getattr(match.func, "__wrapped__", None) is callback:
                    add(url, label, language)
        if label not in covered and label not in excluded:
            unfilled[label] = ", ".join(sorted(missing)) or gettext("no value")
    return Enumeration(urls, labels, covered, unfilled, excluded)
