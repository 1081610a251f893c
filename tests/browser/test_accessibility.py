"""axe-core in a real browser on the main pages: no `serious` or `critical` WCAG 2.1 A/AA issue.

axe-core is a devDependency in package.json, pinned in package-lock.json and installed by
`npm ci` (`make install` runs it when npm is there; `.ci/run` installs Debian's nodejs/npm if
needed): never a CDN. Without node_modules/axe-core these tests are skipped, except in CI (`CI`
set), where they fail, as for chromium.

The public pages send a strict Content-Security-Policy (no inline script, scripts from 'self'
only): axe is injected from the file by Playwright in a context created with `bypass_csp=True`.
The policy itself is tested in tests/site/test_security_headers.py.

Every page is visited and checked before the test fails, and the failure lists the violations of
all the pages: page, rule, impact, help and the first selectors. All the violations (of any
impact) also go to var/screenshots/accessibility/violations.txt, beside the screenshots.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from governance.models import CharterPage, CollegeVote, DecisionPage
from tests.browser.conftest import DESKTOP, MOBILE, require
from tests.factories import PASSWORD, build_governance, build_tree, make_user
from tests.partnerships.conftest import make_partnership
from tests.training.conftest import make_course, make_session
from training.models import Theme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Reported in violations.txt, never failing: axe's advice beyond WCAG (landmarks, headings…).
ADVICE_TAGS = ["best-practice"]
FAILING_IMPACTS = {"serious", "critical"}
# axe leaves a reference to a missing id (aria-describedby="id_x_helptext" without the
# element) as "needs review", in case a script adds the element later. These pages are
# rendered by the server and no script adds anything: such a reference is a bug.
REVIEW_AS_VIOLATION = {"aria-valid-attr-value"}
SELECTORS_SHOWN = 3

RUN_AXE = """([tags, wcag, reviewed]) => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations", "incomplete"],
}).then((results) => [
    ...results.violations,
    ...results.incomplete.filter((result) => reviewed.includes(result.id)),
].map((result) => ({
    id: result.id, impact: result.impact, help: result.help, helpUrl: result.helpUrl,
    wcag: result.tags.some((tag) => wcag.includes(tag)),
    targets: result.nodes.map((node) => node.target.join(" ")),
})))"""


def require_axe():
    require(AXE, "run `npm ci`, or `make install` with npm installed")


@pytest.fixture(autouse=True, scope="session")
def _axe_installed():
    """Checked before the test database is built (autouse comes first in its scope)."""
    require_axe()


@dataclass
class Urls:
    """The addresses checked (computed before the browser starts: no ORM beside its loop)."""

    course: str
    members_area: str
    directory: str
    college: str
    member: str
    decision: str
    charter: str
    partnerships: str
    record: str


@pytest.fixture
def urls(transactional_db):
    """Every page checked, with real content (built before the browser starts)."""
    tree = build_tree()
    theme = Theme.objects.create(name="Gouvernance partagée", slug="gouvernance")
    course = make_course(
        tree.catalog,
        title="La coopération et la gouvernance partagée",
        slug="cooperation",
        summary="Trois samedis pour coopérer.",
        price_kind="free",
        themes=[theme],
    )
    make_session(course, capacity=10, day_count=3)
    make_session(course, in_days=45, capacity=1, remote=True)
    make_course(tree.catalog, title="Tenir la comptabilité d’une association", slug="compta")

    governance = build_governance(tree)
    colleges = governance.colleges
    decision = DecisionPage(
        title="Adoption de la charte",
        slug="charte-v1",
        body="ago",
        date=datetime.date(2025, 6, 14),
        number="AGO-2025-1",
    )
    decision.votes = [
        CollegeVote(
            college=college,
            votes_for=votes_for,
            votes_against=against,
            abstentions=1,
            present=votes_for + against + 1,
            represented=1,
            members=10,
        )
        for college, (votes_for, against) in zip(colleges, [(6, 1), (3, 4), (5, 2)], strict=True)
    ]
    governance.decisions_index.add_child(instance=decision)
    decision.save_revision().publish()
    charter = CharterPage(
        title="Charte",
        slug="charte",
        body=[("paragraph", "<p>Nous coopérons.</p><p>Nous partageons nos comptes.</p>")],
        adopted_by=decision,
    )
    governance.charter_parent.add_child(instance=charter)
    charter.save_revision().publish()
    charter = CharterPage.objects.get(pk=charter.pk)
    charter.body = [("paragraph", "<p>Nous coopérons entre structures.</p><p>Formations.</p>")]
    charter.save_revision().publish()

    make_user("societaire", settings.GROUP_MEMBERS)
    committee = make_user("comite", settings.GROUP_MEMBERS, settings.GROUP_COMMITTEE)
    record = make_partnership(
        committee,
        territory="Val-de-Sarre",
        theme="alimentation",
        objectives="Dons de pains invendus.",
        next_step="Rencontre avec la direction",
        next_step_due=datetime.date.today() - datetime.timedelta(days=3),
        owner=committee,
    )
    return Urls(
        course=course.url,
        members_area=tree.members_area.url,
        directory=governance.directory.url,
        college=colleges[0].url,
        member=governance.members[0].url,
        decision=DecisionPage.objects.get(pk=decision.pk).url,
        charter=charter.url,
        partnerships=tree.partnerships.url,
        record=f"{tree.partnerships.url}{record.pk}/",
    )


class Audit:
    """Runs axe on each page visited and keeps the findings of all of them."""

    def __init__(self, screenshots):
        self.shots = screenshots("accessibility")
        self.findings = []  # (page name, finding)

    def run(self, page):
        page.add_script_tag(path=str(AXE))
        arguments = [WCAG_TAGS + ADVICE_TAGS, WCAG_TAGS, sorted(REVIEW_AS_VIOLATION)]
        return page.evaluate(RUN_AXE, arguments)

    def check(self, page, name):
        self.findings += [(name, finding) for finding in self.run(page)]
        self.shots(page, name)

    @staticmethod
    def fails(finding):
        return finding["wcag"] and finding["impact"] in FAILING_IMPACTS

    @staticmethod
    def describe(name, finding):
        targets = finding["targets"]
        shown = ", ".join(targets[:SELECTORS_SHOWN])
        if len(targets) > SELECTORS_SHOWN:
            shown += f" (+{len(targets) - SELECTORS_SHOWN})"
        kind = "WCAG" if finding["wcag"] else "advice"
        return (
            f"{name}: {finding['id']} [{finding['impact']}, {kind}] {finding['help']}"
            f" <{finding['helpUrl']}> — {shown}"
        )

    def assert_no_serious_violation(self):
        lines = [self.describe(name, finding) for name, finding in self.findings]
        (self.shots.folder / "violations.txt").write_text("".join(f"{line}\n" for line in lines))
        failing = [
            self.describe(name, finding) for name, finding in self.findings if self.fails(finding)
        ]
        assert not failing, "axe: serious or critical WCAG violations\n" + "\n".join(failing)


def new_page(browser, live_server, viewport, **options):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=viewport, bypass_csp=True, **options
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def log_in(page, username, next_url):
    page.goto(f"/fr/connexion/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


FAULTY = '<html><body><img src="data:,"><input type="text"></body></html>'


def test_main_pages_have_no_serious_accessibility_violation(
    urls, browser, live_server, screenshots
):
    audit = Audit(screenshots)

    # Anonymous visitor
    context, page = new_page(browser, live_server, DESKTOP)
    # First the check itself: on a page faulty on purpose, axe finds what a test must fail on.
    page.set_content(FAULTY)
    found = {finding["id"] for finding in audit.run(page) if audit.fails(finding)}
    assert {"html-has-lang", "image-alt", "label"} <= found, found
    for name, url in [
        ("home", "/fr/"),
        ("catalogue", "/fr/formations/"),
        ("course", urls.course),
        ("search", "/fr/recherche/?q=coop%C3%A9ration"),
        ("login", "/fr/connexion/"),
    ]:
        page.goto(url)
        audit.check(page, name)
    page.goto(urls.course)
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.locator(".field-error").first).to_be_visible()
    audit.check(page, "registration-errors")
    response = page.goto("/fr/cette-page-n-existe-pas/")
    assert response.status == 404
    audit.check(page, "not-found")
    context.close()

    # Member
    context, page = new_page(browser, live_server, DESKTOP)
    log_in(page, "societaire", urls.members_area)
    for name, url in [
        ("members-area", urls.members_area),
        ("directory", urls.directory),
        ("college", urls.college),
        ("member", urls.member),
        ("decision", urls.decision),
        ("charter", urls.charter),
        ("charter-compare", urls.charter + "comparer/?de=1&a=2"),
    ]:
        page.goto(url)
        audit.check(page, name)
    context.close()

    # Steering committee (who also gets Wagtail's user bar: it may edit these pages)
    context, page = new_page(browser, live_server, DESKTOP)
    log_in(page, "comite", urls.partnerships)
    for name, url in [("partnerships", urls.partnerships), ("partnership", urls.record)]:
        page.goto(url)
        audit.check(page, name)
    context.close()

    # Phone (390 px): the header and the menus wrap differently
    context, page = new_page(browser, live_server, MOBILE, is_mobile=True, has_touch=True)
    for name, url in [("mobile-home", "/fr/"), ("mobile-course", urls.course)]:
        page.goto(url)
        audit.check(page, name)
    log_in(page, "societaire", urls.directory)
    audit.check(page, "mobile-directory")
    context.close()

    audit.assert_no_serious_violation()
