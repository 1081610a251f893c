"""Governance test data: decisions with votes, a charter with versions."""

import datetime

import pytest

from governance.models import CharterPage, CollegeVote, DecisionPage
from governance.services import file_minutes, record_votes
from tests.factories import build_governance


@pytest.fixture
def governance(tree):
    return build_governance(tree)


def make_decision(
    index, slug="ag", body="ago", votes=None, date=datetime.date(2025, 6, 14), **extra
):
    decision = DecisionPage(
        title=f"Résolution {slug}", slug=slug, body=body, date=date, number=slug.upper(), **extra
    )
    decision.votes = votes or []
    record_votes(decision=decision)  # as the admin's form does
    index.add_child(instance=decision)
    decision.save_revision().publish()
    file_minutes(decision=decision)  # as the admin's page hooks do
    decision.refresh_from_db()
    return decision


def vote(college, votes_for, against, present=None, represented=0, members=10, abstain=0):
    return CollegeVote(
        college=college,
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstain,
        present=present if present is not None else votes_for + against + abstain,
        represented=represented,
        members=members,
    )


def build_charter(governance):
    """A charter with three adopted versions (each adopted by a decision) and a draft."""
    decisions = []
    for number in range(3):
        decision = DecisionPage(
            title=f"Adoption de la charte v{number + 1}",
            slug=f"charte-v{number + 1}",
            body="ago",
            date=datetime.date(2024 + number, 6, 1),
            number=f"AGO-{number}",
            status="adopted",
        )
        governance.decisions_index.add_child(instance=decision)
        decision.save_revision().publish()
        decisions.append(decision)
    texts = [
        "<p>Nous coopérons.</p><p>Nous partageons nos comptes.</p>",
        "<p>Nous coopérons entre structures.</p><p>Nous partageons nos comptes.</p>",
        "<p>Nous coopérons entre structures.</p><p>Les formations sont ouvertes.</p>",
    ]
    page = CharterPage(
        title="Charte", slug="charte", body=[("paragraph", texts[0])], adopted_by=decisions[0]
    )
    governance.charter_parent.add_child(instance=page)
    page.save_revision().publish()
    for text, decision in zip(texts[1:], decisions[1:], strict=True):
        page = CharterPage.objects.get(pk=page.pk)
        page.body = [("paragraph", text)]
        page.adopted_by = decision
        page.save_revision().publish()
    # a draft is not a version
    page = CharterPage.objects.get(pk=page.pk)
    page.body = [("paragraph", "<p>Brouillon non adopté.</p>")]
    page.save_revision()
    return CharterPage.objects.get(pk=page.pk)
