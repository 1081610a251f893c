"""Results and minutes: a closed resolution fills its decision (hand-worked votes), closing the
assembly produces the minutes PDF, filed for members only.

The meeting of `hold_meeting`, worked by hand (colleges 1, 2, 3 weigh 40, 30, 30 %; two
members each, m0 to m5):
- m0 (college 1) gives a proxy to m2 (college 2); m5 (college 3) gives a blank proxy;
- m4 (college 3) votes against resolutions 1 and 3 in advance;
- m1, m2, m3 are signed in; on resolutions 1 and 3 m1 votes for, m2 for, m2 for m0 against,
  m3 abstains; m5's blank proxy follows the board (for).
Per college: 1: for 1, against 1 (present 1, represented 1): 1/2 for; 2: for 1, abstention 1
(present 2): all for; 3: against 1, for 1 (present 1 in advance, represented 1): 1/2 for.
Weighted: 40 % × 1/2 + 30 % × 1 + 30 % × 1/2 = 65 % for: resolution 1 (AGO, more than half)
is adopted, resolution 3 (AGE, two thirds) rejected.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.utils import timezone

from governance.assembly import results, services
from governance.assembly.models import AssemblyPage, Poll, Sitting
from governance.documents import MINUTES_COLLECTION
from governance.models import DecisionIndexPage, DecisionPage, Statutes
from tests.assembly.conftest import build_assembly
from tests.factories import make_user

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def start_meeting(assembly, present):
    page = assembly.page
    AssemblyPage.objects.filter(pk=page.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page.refresh_from_db()
    for member in present:
        services.sign_in(assembly=page, member=member, by=assembly.chair, method="search")
    services.open_meeting(assembly=page)


def hold_meeting(assembly, numbers=(1, 3)):
    """The meeting worked out in the module's doc; returns {number: DecisionPage}."""
    m = assembly.members
    page = assembly.page
    services.give_proxy(assembly=page, giver=m[0], holder=m[2])
    services.give_proxy(assembly=page, giver=m[5], holder=None)
    for number in numbers:
        services.vote_in_advance(
            resolution=assembly.resolution(number), member=m[4], choice="against", user=m[4].user
        )
    start_meeting(assembly, [m[1], m[2], m[3]])
    decisions = {}
    for number in numbers:
        resolution = assembly.resolution(number)
        services.open_poll(resolution=resolution)
        for voter, member, choice in [
            (m[1], m[1], "for"),
            (m[2], m[2], "for"),
            (m[2], m[0], "against"),
            (m[3], m[3], "abstain"),
        ]:
            services.vote_at_meeting(
                resolution=resolution, voter=voter, member=member, choice=choice, user=voter.user
            )
        _poll, result = services.close_poll(resolution=resolution)
        decisions[number] = results.file_decision(
            resolution=resolution, result=result, user=assembly.chair
        )
    return decisions


def rows(decision):
    return [
        (
            vote.college.title,
            vote.weight,
            vote.votes_for,
            vote.votes_against,
            vote.abstentions,
            vote.present,
            vote.represented,
            vote.members,
        )
        for vote in decision.votes.order_by("sort_order")
    ]


@pytest.mark.django_db
def test_a_closed_resolution_fills_its_decision_with_the_votes_worked_by_hand(assembly):
    decisions = hold_meeting(assembly)
    year = timezone.localtime(assembly.page.starts_at).year
    ago = decisions[1]
    assert ago.live and ago.get_parent().pk == assembly.governance.decisions_index.pk
    assert (ago.title, ago.body, ago.number) == (
        "Approbation des comptes 2026",
        "ago",
        f"AGO-{year}-1",
    )
    assert ago.date == timezone.localdate(assembly.page.starts_at)
    assert rows(ago) == [
        ("Collège 1", Decimal("40.00"), 1, 1, 0, 1, 1, 2),
        ("Collège 2", Decimal("30.00"), 1, 0, 1, 2, 0, 2),
        ("Collège 3", Decimal("30.00"), 1, 1, 0, 1, 1, 2),
    ]
    assert all(vote.weight_recorded for vote in ago.votes.all())
    assert ago.status == "adopted"
    tally = ago.compute_tally()  # the decisions' own display finds the same result
    assert tally.percent_for == Decimal("65.00") and tally.adopted
    assert ago.latest_revision.user == assembly.chair
    assert Poll.objects.get(resolution=assembly.resolution(1)).decision_id == ago.pk

    age = decisions[3]
    assert age.number == f"AGE-{year}-3" and age.status == "rejected"
    assert age.compute_tally().percent_for == Decimal("65.00")  # short of two thirds


@pytest.mark.django_db
def test_filing_again_fills_the_same_decision(assembly):
    decision = hold_meeting(assembly, numbers=(1,))[1]
    resolution = assembly.resolution(1)
    result = services.result_of(resolution=resolution)
    again = results.file_decision(resolution=resolution, result=result, user=assembly.secretary)
    assert again.pk == decision.pk
    assert DecisionPage.objects.count() == 1 and again.votes.count() == 3


@pytest.mark.django_db
def test_an_existing_decision_of_the_poll_is_filled_where_it_is(assembly):
    """A decision an editor prepared (and linked to the vote) is filled, not duplicated."""
    prepared = DecisionPage(
        title="Comptes (brouillon)",
        slug="comptes",
        body="ago",
        date=datetime.date(2027, 1, 1),
        number="X",
    )
    assembly.governance.decisions_index.add_child(instance=prepared)
    prepared.save_revision().publish()
    Poll.objects.create(resolution=assembly.resolution(1), decision=prepared)
    hold_meeting(assembly, numbers=(1,))
    filled = DecisionPage.objects.get(pk=prepared.pk)
    assert filled.slug == "comptes" and filled.title == "Approbation des comptes 2026"
    assert filled.status == "adopted" and filled.votes.count() == 3
    assert DecisionPage.objects.count() == 1


@pytest.mark.django_db
def test_a_decisions_index_is_created_when_there_is_none(assembly):
    assembly.governance.decisions_index.unpublish()
    decision = hold_meeting(assembly, numbers=(1,))[1]
    index = decision.get_parent().specific
    assert isinstance(index, DecisionIndexPage) and index.live
    assert index.title == "Décisions" and index.get_parent().pk == assembly.page.get_parent().pk


@pytest.mark.django_db
def test_on_second_convocation_the_status_follows_the_assemblys_quorum(tree):
    """One member of six attends (16,67 %): below the first convocation's 20 %, but the second
    convocation of an AGO needs none, so the resolution is adopted."""
    assembly = build_assembly(tree, bodies="ago", convocation=2)
    m = assembly.members
    start_meeting(assembly, [m[1]])
    resolution = assembly.resolution(1)
    services.open_poll(resolution=resolution)
    services.vote_at_meeting(
        resolution=resolution, voter=m[1], member=m[1], choice="for", user=m[1].user
    )
    _poll, result = services.close_poll(resolution=resolution)
    assert result.adopted
    decision = results.file_decision(resolution=resolution, result=result, user=assembly.chair)
    assert decision.status == "adopted"
    recorded = results.recorded_result(
        resolution=resolution, decision=decision, statutes=Statutes.load()
    )
    assert recorded.quorum_reached and recorded.adopted


@pytest.mark.django_db
def test_a_resolution_not_closed_is_not_filed(assembly):
    start_meeting(assembly, [assembly.members[1]])
    resolution = assembly.resolution(1)
    services.open_poll(resolution=resolution)
    with pytest.raises(services.AssemblyError) as error:
        results.file_decision(
            resolution=resolution, result=services.result_of(resolution=resolution)
        )
    assert "pas clos" in str(error.value)
    assert not DecisionPage.objects.exists()


# --- Closing the meeting and the minutes ------------------------------------------------------


@pytest.mark.django_db
def test_closing_is_refused_while_a_vote_is_open(assembly):
    start_meeting(assembly, [assembly.members[1]])
    services.open_poll(resolution=assembly.resolution(2))
    with pytest.raises(services.AssemblyError) as error:
        results.close_meeting(assembly=assembly.page, user=assembly.chair)
    assert "encore ouvert" in str(error.value) and "2" in str(error.value)
    sitting = Sitting.objects.get(assembly=assembly.page)
    assert sitting.closed_at is None and sitting.minutes is None


@pytest.mark.django_db
def test_closing_is_refused_before_the_meeting_opens(assembly):
    with pytest.raises(services.AssemblyError) as error:
        results.close_meeting(assembly=assembly.page, user=assembly.chair)
    assert "pas été ouverte" in str(error.value)
    assert Sitting.objects.get(assembly=assembly.page).closed_at is None


def pdf_text(pdf):
    """The PDF's text, its line breaks and spaces made single spaces."""
    return " ".join(" ".join(page.get_textpage().get_text_range() for page in pdf).split())


@pytest.mark.django_db
def test_closing_produces_the_minutes_filed_for_members(assembly, client):
    scrutineer = make_user("scrutatrice", settings.GROUP_MEMBERS)
    assembly.page.scrutineers.add(scrutineer)
    assembly.page.save_revision().publish()
    decisions = hold_meeting(assembly)
    sitting = results.close_meeting(assembly=assembly.page, user=assembly.secretary)
    assert sitting.closed_at is not None
    document = sitting.minutes
    assert document.title == "Procès-verbal — Assemblée générale 2027"
    assert document.collection.name == MINUTES_COLLECTION
    for decision in decisions.values():
        decision = DecisionPage.objects.get(pk=decision.pk)
        assert decision.minutes_id == document.pk and not decision.has_unpublished_changes

    with document.open_file() as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(data)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(pdf, start=1):  # page 1 is looked at; the others too
        page.render(scale=1.6).to_pil().save(SCREENSHOTS / f"minutes-page{number}.png")
    text = pdf_text(pdf)
    for expected in [
        "La Fabrique Commune",
        "Assemblée générale 2027",
        "Salle des fêtes, Val-de-Sarre",
        "Première convocation",
        "Presidente",
        "Secretaire",
        "Scrutatrice",
        "Approbation des comptes 2026",
        "Modification des statuts",
        "Adoptée",
        "Rejetée : majorité non atteinte",
        "65 %",
        "majorité des deux tiers",
        "Non soumise au vote",  # resolution 2
        "Feuille de présence",
        "Structure 1-1",
        "représenté par Structure 2-1",
        "pouvoir en blanc, confié à la présidence de séance (Presidente)",
        "a voté à distance",
        "Pouvoirs",
    ]:
        assert expected in text, expected

    # Filed for members: an anonymous visitor cannot download it, a member can.
    assert client.get(document.url).status_code in (302, 403)
    client.force_login(assembly.members[0].user)
    assert client.get(document.url).status_code == 200

    pdf.close()

    with pytest.raises(services.AssemblyError) as error:  # once only
        results.close_meeting(assembly=assembly.page, user=assembly.chair)
    assert "déjà close" in str(error.value)


@pytest.mark.django_db
def test_the_filed_decision_shows_in_the_decisions_list_and_page(assembly, client):
    decision = hold_meeting(assembly, numbers=(1,))[1]
    client.force_login(assembly.members[0].user)
    listing = client.get(assembly.governance.decisions_index.url).content.decode()
    assert decision.number in listing and "Approbation des comptes 2026" in listing
    page = client.get(decision.url).content.decode()
    assert "Adoptée" in page and "65 %" in page and "Vote par collège" in page
