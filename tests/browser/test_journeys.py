"""The main journeys in a real browser (chromium), with screenshots under var/screenshots/."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import in_thread
from tests.factories import PASSWORD, build_governance, build_tree, make_user
from tests.training.conftest import make_course, make_session
from training.models import Registration, Theme

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test writes: real commits, and the migrated data (groups,
    # locales) restored afterwards for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CATALOG = "/fr/formations/"


@pytest.fixture
def catalogue(transactional_db):
    """Two courses with a session each, on two themes (built before the browser starts)."""
    tree = build_tree()
    governance = Theme.objects.create(name="Gouvernance partagée", slug="gouvernance")
    management = Theme.objects.create(name="Gestion", slug="gestion")
    course = make_course(
        tree.catalog,
        title="La coopération et la gouvernance partagée",
        slug="cooperation",
        summary="Trois samedis pour coopérer.",
        price_kind="free",
        themes=[governance],
    )
    session = make_session(course, capacity=10)
    other = make_course(
        tree.catalog,
        title="Tenir la comptabilité d’une association",
        slug="comptabilite",
        themes=[management],
    )
    make_session(other, in_days=40)
    return tree, course, session, other


# --- a. Public: catalogue, filter, course, registration -------------------------------------


def test_public_registration_journey(catalogue, page, screenshots):
    _tree, course, session, other = catalogue
    shots = screenshots("public-registration")

    page.goto(CATALOG)
    expect(page.locator("h1")).to_have_text("Catalogue des formations")
    expect(page.locator(".course-card")).to_have_count(2)
    shots(page, "catalogue")

    page.select_option("#f-theme", "gouvernance")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"theme=gouvernance"))
    expect(page.locator(".course-card")).to_have_count(1)
    expect(page.get_by_role("link", name=other.title)).to_have_count(0)
    shots(page, "catalogue-filtered")

    page.get_by_role("link", name=course.title).click()
    expect(page.locator("h1")).to_have_text(course.title)
    shots(page, "course")

    form = page.locator("form.registration-form")
    form.locator(f"input[name=session][value='{session.pk}']").check()
    form.locator("#id_name").fill("Camille Martin")
    form.locator("#id_email").fill("camille@exemple.org")
    form.locator("#id_consent").check()
    shots(page, "form-filled")
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("heading", name="Merci, votre demande est bien reçue")).to_be_visible()
    answer = page.locator(".message").inner_text()
    shots(page, "confirmed")
    confirmed = Registration.objects.filter(session=session, status="confirmed")
    assert in_thread(confirmed.count) == 1

    # The same e-mail again for the same session: the same answer (the page never tells whether
    # an address is registered); nothing is written, the address is told by e-mail.
    page.goto(course.url)
    form.locator(f"input[name=session][value='{session.pk}']").check()
    form.locator("#id_name").fill("Camille Martin")
    form.locator("#id_email").fill("camille@exemple.org")
    form.locator("#id_consent").check()
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("heading", name="Merci, votre demande est bien reçue")).to_be_visible()
    assert page.locator(".message").inner_text() == answer
    expect(page.get_by_text("déjà inscrite")).to_have_count(0)
    shots(page, "same-email-same-answer")
    assert in_thread(Registration.objects.filter(session=session).count) == 1


# --- b. Mobile: no horizontal scroll at 390 px ----------------------------------------------


WIDTHS = """() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    widest: [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")),
})"""


@pytest.fixture
def directory(catalogue):
    make_user("societaire", settings.GROUP_MEMBERS)
    return build_governance(catalogue[0]).directory


def test_mobile_pages_have_no_horizontal_scroll(catalogue, directory, mobile_page, screenshots):
    course = catalogue[1]
    shots = screenshots("mobile-390")
    page = mobile_page
    overflowing = {}

    def check(name):
        widths = page.evaluate(WIDTHS)
        shots(page, name)
        if widths["scroll"] > widths["inner"] or widths["inner"] > 390:
            overflowing[name] = widths

    page.goto("/fr/")
    check("home")
    page.goto(CATALOG)
    check("catalogue")
    page.goto(course.url)
    check("course")

    page.goto(f"/fr/connexion/?next={directory.url}")
    check("login")
    page.locator("#id_username").fill("societaire")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(directory.url) + "$"))
    expect(page.locator("h1")).to_have_text("Annuaire")
    check("directory")

    assert overflowing == {}


# --- c. Keyboard only: filter and register, focus always visible ----------------------------


FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "", type: el.type || "",
        text: (el.innerText || el.value || "").trim().slice(0, 60),
        outline: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0,
        shadow: style.boxShadow,
    };
}"""


def test_keyboard_only_journey(catalogue, page, screenshots):
    _tree, course, session, _other = catalogue
    shots = screenshots("keyboard")
    invisible = []

    def tab_to(matches, limit=60):
        """Tab until the focused element matches; every element passed must show its focus."""
        for _ in range(limit):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            shows = (focused["outline"] != "none" and focused["width"] > 0) or (
                focused["shadow"] != "none"
            )
            if not shows:
                invisible.append(focused)
            if matches(focused):
                return focused
        raise AssertionError(f"never reached by Tab (last: {focused})")

    page.goto(CATALOG)
    tab_to(lambda f: f["id"] == "f-theme")
    shots(page, "theme-focused")
    for _ in range(5):
        if page.locator("#f-theme").input_value() == "gouvernance":
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("#f-theme").input_value() == "gouvernance"
    tab_to(lambda f: f["tag"] == "button" and f["text"] == "Filtrer")
    shots(page, "filter-button-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"theme=gouvernance"))
    expect(page.locator(".course-card")).to_have_count(1)

    tab_to(lambda f: f["tag"] == "a" and f["text"] == course.title)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(course.title)

    tab_to(lambda f: f["name"] == "session")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=session][value='{session.pk}']")).to_be_checked()
    tab_to(lambda f: f["id"] == "id_name")
    page.keyboard.type("Dominique Clavier")
    tab_to(lambda f: f["id"] == "id_email")
    page.keyboard.type("dominique@exemple.org")
    shots(page, "email-focused")
    tab_to(lambda f: f["id"] == "id_consent")
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    tab_to(lambda f: f["tag"] == "button" and f["text"] == "Valider mon inscription")
    shots(page, "submit-focused")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Merci, votre demande est bien reçue")).to_be_visible()
    shots(page, "confirmed")
    assert in_thread(lambda: session.registrations.get().email) == "dominique@exemple.org"

    assert invisible == [], "focus not visible on these elements"
