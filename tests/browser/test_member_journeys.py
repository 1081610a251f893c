"""Journeys of the cooperative's own people, in a real browser: a member (directory, decision,
charter) and the steering committee (a partnership moved along, its history)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from governance.models import MemberPage, MemberResource
from partnerships.models import Partnership
from tests.browser.conftest import in_thread
from tests.factories import PASSWORD, build_governance, build_tree, make_user
from tests.governance.conftest import build_charter, make_decision, vote
from tests.partnerships.conftest import make_partnership

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, username):
    """Log in through the link in the header, as a person would, and come back to the page."""
    page.get_by_role("link", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Connexion")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="Se connecter")).to_have_count(0)


# --- 2. A member: directory and its filter, a member, a decision's tally, the charter -------


@pytest.fixture
def members_area(transactional_db):
    """The members' area with three colleges, one member lending equipment, a decision voted
    by the colleges and a charter in three versions (built before the browser starts)."""
    tree = build_tree()
    governance = build_governance(tree)
    lender = MemberPage(
        title="Recyclerie des Tanneurs",
        slug="recyclerie",
        kind="association",
        category="beneficiaries",
        shares=1,
        territory="Val-de-Sarre",
    )
    lender.resources = [
        MemberResource(
            direction="offer",
            kind="equipment",
            title="Camion frigorifique",
            details="Prêt le week-end, avec chauffeur.",
        )
    ]
    governance.colleges[1].add_child(instance=lender)
    lender.save_revision().publish()
    c1, c2, c3 = governance.colleges
    decision = make_decision(
        governance.decisions_index,
        slug="ag-2025-3",
        votes=[vote(c1, 3, 1), vote(c2, 0, 0, abstain=4), vote(c3, 1, 3)],
    )
    charter = build_charter(governance)
    make_user("societaire", settings.GROUP_MEMBERS)
    return tree, governance, lender, decision, charter


def test_member_journey(members_area, page, screenshots):
    tree, governance, lender, decision, charter = members_area
    shots = screenshots("member")

    page.goto("/fr/")
    log_in(page, "societaire")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name=tree.members_area.title
    ).click()
    expect(page.locator("h1")).to_have_text(tree.members_area.title)
    shots(page, "members-area")

    page.goto(governance.directory.url)
    expect(page.locator("h1")).to_have_text("Annuaire")
    expect(page.locator(".member-card")).to_have_count(7)
    shots(page, "directory")

    page.select_option("#f-offer", "equipment")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"offer=equipment"))
    expect(page.locator(".member-card")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("1 sociétaire actif")
    shots(page, "directory-filtered")

    page.get_by_role("link", name=lender.title).click()
    expect(page.locator("h1")).to_have_text(lender.title)
    expect(page.get_by_text("Camion frigorifique")).to_be_visible()
    expect(page.get_by_text("Prêt le week-end, avec chauffeur.")).to_be_visible()
    shots(page, "member-page")

    page.goto(decision.url)
    expect(page.locator("h1")).to_have_text(decision.title)
    tally = page.locator("section.tally")
    expect(tally.get_by_role("heading", name="Vote par collège")).to_be_visible()
    rows = tally.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).locator("th")).to_have_text("Collège 1")
    expect(rows.nth(1)).to_contain_text("aucun suffrage exprimé")  # college 2 only abstained
    expect(tally).to_contain_text("53,57 %")  # 40/70 × 3/4 + 30/70 × 1/4
    expect(page.get_by_text("Adoptée").first).to_be_visible()
    shots(page, "decision-tally")

    page.goto(charter.url)
    expect(page.get_by_text("Version 3 en vigueur depuis")).to_be_visible()
    expect(page.get_by_text("Les formations sont ouvertes.")).to_be_visible()
    expect(page.get_by_text("Brouillon non adopté")).to_have_count(0)
    shots(page, "charter")

    page.select_option("#cmp-from", "1")
    page.select_option("#cmp-to", "3")
    page.locator("form[action$='comparer/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"comparer/\?de=1&a=3$"))
    heading = "Changements de la version 1 à la version 3"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    diff = page.locator(".diff")
    expect(diff.locator("ins").first).to_have_text(" entre structures")
    expect(diff.locator("del")).to_have_text("Nous partageons nos comptes.")
    expect(diff.locator("ins").last).to_have_text("Les formations sont ouvertes.")
    shots(page, "charter-diff")


# --- 4. The committee moves a partnership along; a plain member cannot open the area --------


@pytest.fixture
def partnerships_area(transactional_db):
    tree = build_tree()
    committee = make_user("comite", settings.GROUP_MEMBERS, settings.GROUP_COMMITTEE)
    make_user("societaire", settings.GROUP_MEMBERS)
    record = make_partnership(
        committee,
        title="Dons de pains invendus",
        territory="Val-de-Sarre",
        objectives="Négociation confidentielle avec la boulangerie.",
        owner=committee,
    )
    return tree, record


def test_committee_partnership_journey(partnerships_area, page, browser, screenshots):
    tree, record = partnerships_area
    shots = screenshots("committee")

    page.goto("/fr/")
    log_in(page, "comite")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name=tree.partnerships.title
    ).click()
    expect(page.locator("h1")).to_have_text(tree.partnerships.title)
    shots(page, "partnerships-list")

    page.get_by_role("link", name=record.title).click()
    expect(page.locator("h1")).to_have_text(record.title)
    expect(page.locator("dl.facts").first).to_contain_text("Idée")
    shots(page, "record")

    # Skipping steps needs a reason: refused in French, nothing changed.
    page.select_option("#id_stage", "negotiation")
    page.get_by_role("button", name="Enregistrer").click()
    error = page.locator("#id_stage_reason_error")
    expect(error).to_contain_text("Passer de « idée » à « négociation » saute des étapes")
    shots(page, "skip-refused")
    assert in_thread(lambda: Partnership.objects.get(pk=record.pk).stage) == "idea"

    page.select_option("#id_stage", "contact")
    page.locator("#id_next_step").fill("Appeler la gérante")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le partenariat est mis à jour.")).to_be_visible()
    expect(page.locator("dl.facts").first).to_contain_text("Premier contact")
    latest = page.locator(".timeline__entry").first
    expect(latest).to_contain_text("Comite")
    stage = page.get_by_role("rowheader", name="Étape", exact=True)
    stage_row = latest.locator("tr", has=stage)
    expect(stage_row.locator(".history-before")).to_have_text("idée")
    expect(stage_row.locator(".history-after")).to_have_text("premier contact")
    shots(page, "history")
    assert in_thread(lambda: Partnership.objects.get(pk=record.pk).stage) == "contact"
    record_url = page.url.split("#")[0]

    # A plain member: no link to the area, and its list and the record's page are refused.
    context = browser.new_context(base_url=page.url.split("/fr/")[0], locale="fr-FR")
    member = context.new_page()
    member.goto("/fr/")
    log_in(member, "societaire")
    nav = member.get_by_role("navigation", name="Navigation principale")
    expect(nav.get_by_role("link", name=tree.partnerships.title)).to_have_count(0)
    for url in (tree.partnerships.url, record_url):
        response = member.goto(url)
        assert response.status == 403, url
        expect(member.get_by_text(record.title)).to_have_count(0)
        expect(member.get_by_text("Appeler la gérante")).to_have_count(0)
    shots(member, "member-refused")
    context.close()
