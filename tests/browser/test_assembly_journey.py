"""A whole general assembly in a real browser: the editor sends the convocation, a member gives
a proxy, another votes in advance, the chair signs members in and reaches the quorum, opens a
resolution, two members vote from their phones (390 px), one of them for the member they
represent, the chair closes the vote and the assembly: the per-college result shows, and the
minutes PDF is produced and filed (its first page rendered to a PNG among the screenshots)."""

import datetime
import io
import re

import pypdfium2
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from governance.assembly.models import Ballot, Participation, Sitting
from governance.documents import MINUTES_COLLECTION
from governance.models import MemberPage
from tests.assembly.conftest import build_assembly
from tests.browser.conftest import MOBILE, _new_page, in_thread
from tests.factories import PASSWORD, build_tree, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, username):
    page.goto("/fr/connexion/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="Se connecter")).to_have_count(0)


@pytest.fixture
def general_assembly(transactional_db):
    """Three colleges of two members (40/30/30), each with an account and e-mail consent, an
    AGO and an AGE resolution, a chair and a secretary, an editor (built before the browser)."""
    tree = build_tree()
    assembly = build_assembly(tree, members_per_college=2)
    for index, member in enumerate(assembly.members):
        member = MemberPage.objects.get(pk=member.pk)
        member.convocation_by_email = True
        member.save_revision().publish()
        member.user.email = f"membre{index + 1}@exemple.org"
        member.user.save()
    make_user("editrice", settings.GROUP_EDITORS)
    return assembly


def test_a_whole_general_assembly(general_assembly, browser, live_server, page, screenshots):
    shots = screenshots("assembly")
    assembly = general_assembly
    url = in_thread(lambda: assembly.page.url)
    m = assembly.members  # college 1: m[0], m[1]; college 2: m[2], m[3]; college 3: m[4], m[5]

    # 1. The editor sends the convocation from the admin: six e-mails, each with its own link.
    log_in(page, "editrice")
    page.goto(reverse("assembly_send_convocation", args=[assembly.page.pk]))
    expect(page.locator("body")).to_contain_text("6 sociétaires recevront la convocation")
    shots(page, "convocation-confirm")
    page.get_by_role("button", name="Envoyer la convocation maintenant").click()
    expect(page.locator("body")).to_contain_text("La convocation est envoyée")
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"membre{n}@exemple.org" for n in range(1, 7)
    ]
    convocation = next(msg for msg in mail.outbox if msg.to == ["membre1@exemple.org"])
    own_link = re.search(r"https?://\S+/fr/assemblee/\d+/[\w-]+/", convocation.body).group(0)
    page.context.clear_cookies()

    # 2. Member 1 (college 1) cannot come: from the convocation's own link, without logging in,
    #    they give their proxy to member 3 (college 2).
    page.goto(own_link.replace("http://testserver", live_server.url))
    expect(page.locator("h1")).to_contain_text("Assemblée générale 2027")
    page.locator("#proxy-holder").select_option(label=m[2].title)
    page.get_by_role("button", name="Donner mon pouvoir").click()
    expect(page.locator("body")).to_contain_text(m[2].title)
    shots(page, "proxy-given")

    # 3. Member 5 (college 3) votes for resolution 1 in advance and gets a receipt.
    log_in(page, "membre5")
    page.goto(url)
    advance = page.locator("form", has=page.locator("input[name=resolution]")).first
    advance.get_by_role("button", name="Pour").click()
    expect(page.locator("body")).to_contain_text("reçu")
    shots(page, "advance-vote")
    page.context.clear_cookies()

    # The meeting's day comes: the advance votes are closed (the assembly is moved to now).
    def meeting_day():
        page_ = type(assembly.page).objects.get(pk=assembly.page.pk)
        page_.starts_at = page_.starts_at - datetime.timedelta(days=20)
        page_.save_revision().publish()

    in_thread(meeting_day)

    # 4. The chair opens the meeting and signs in members 2 and 3 by name: with member 1
    #    represented and member 5 voting in advance, 4 of 6 count, the quorum is reached.
    log_in(page, "presidente")
    page.goto(url)
    page.get_by_role("link", name="Écran du bureau").click()
    page.get_by_role("button", name="Ouvrir la séance").click()
    for member in (m[1], m[2]):
        page.locator("#bureau-search").fill(member.title)
        page.locator("#bureau-search").press("Enter")
        page.get_by_role("button", name="Émarger").first.click()
    expect(page.locator("body")).to_contain_text("Quorum atteint")
    shots(page, "bureau-quorum")

    # 5. Resolution 1 opens; members 3 and 2 vote from their phones. Member 3 votes for
    #    themselves and for member 1, whose vote counts in college 1.
    page.get_by_role("button", name="Ouvrir le vote").first.click()
    phones = []
    for member, choices in ((m[2], ["Pour", "Pour"]), (m[1], ["Contre"])):
        context, phone = _new_page(
            browser, live_server, viewport=MOBILE, is_mobile=True, has_touch=True
        )
        phones.append(context)
        log_in(phone, member.user.username)
        phone.goto(url + "voter/")
        expect(phone.locator("h1")).to_have_text("Vote")
        for choice in choices:
            phone.get_by_role("button", name=choice).first.click()
            expect(phone.locator("body")).to_contain_text("reçu")
        shots(phone, f"phone-{member.user.username}")
    assert in_thread(lambda: Participation.objects.count()) == 4  # 3 at the meeting, 1 before

    # The bureau's screen counts them without a reload (its script polls the state).
    expect(page.locator("body")).to_contain_text("4")
    page.reload()

    # 6. The chair closes the vote: the per-college result. College 1: 1 for, 1 against;
    #    college 2: 1 for; college 3: 1 for. Weighted 40 % × 1/2 + 30 % + 30 % = 80 % for.
    page.get_by_role("button", name="Clore le vote").first.click()
    expect(page.locator("body")).to_contain_text("80")
    shots(page, "bureau-result")
    assert in_thread(lambda: Ballot.objects.filter(choice="for").count()) == 3

    # 7. The chair closes the assembly: the minutes are produced and filed for members.
    page.get_by_role("button", name="Clore l’assemblée").click()
    expect(page.locator("body")).to_contain_text("L’assemblée est close")
    shots(page, "assembly-closed")

    def minutes():
        sitting = Sitting.objects.select_related("minutes__collection").get(assembly=assembly.page)
        with sitting.minutes.file.open("rb") as handle:
            return sitting.minutes.collection.name, handle.read()

    collection, pdf = in_thread(minutes)
    assert collection == MINUTES_COLLECTION
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    text = document[0].get_textpage().get_text_range()
    assert "Approbation des comptes 2026" in text
    image = document[0].render(scale=1.4).to_pil()
    shots.count += 1
    image.save(shots.folder / f"{shots.count:02d}-minutes-page1.png")

    # 8. Members read the result.
    page.goto(url + "resultats/")
    expect(page.locator("body")).to_contain_text("Approbation des comptes 2026")
    expect(page.locator("body")).to_contain_text("Adoptée")
    shots(page, "results")
    for context in phones:
        context.close()
