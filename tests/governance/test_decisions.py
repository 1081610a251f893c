"""Decisions: votes stored with the weights in force, computed status, filters, minutes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from governance.models import DecisionPage, DecisionStatus, Statutes
from tests.governance.conftest import make_decision, vote

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15  # issue 3: a decision page and the directory in 15 queries at most


def test_vote_rows_keep_the_weight_in_force(governance):
    c1, c2, c3 = governance.colleges
    decision = make_decision(
        governance.decisions_index,
        votes=[vote(c1, 3, 1), vote(c2, 1, 3), vote(c3, 2, 2)],
    )
    assert [v.weight for v in decision.votes.all()] == [Decimal(40), Decimal(30), Decimal(30)]
    # 40 × 3/4 + 30 × 1/4 + 30 × 1/2 = 30 + 7.5 + 15 = 52.5 %
    assert decision.compute_tally().percent_for == Decimal("52.50")
    assert decision.status == DecisionStatus.ADOPTED

    # the statutes change later: the past result does not
    for college, weight in zip(governance.colleges, ["20", "40", "40"], strict=True):
        college.weight = Decimal(weight)
        college.save_revision().publish()
    decision = DecisionPage.objects.get(pk=decision.pk)
    decision.save_revision().publish()  # even re-published
    decision = DecisionPage.objects.get(pk=decision.pk)
    assert [v.weight for v in decision.votes.all()] == [Decimal(40), Decimal(30), Decimal(30)]
    assert decision.compute_tally().percent_for == Decimal("52.50")


def test_status_is_computed_not_typed(governance):
    c1, c2, c3 = governance.colleges
    decision = make_decision(
        governance.decisions_index,
        status=DecisionStatus.ADOPTED,
        votes=[vote(c1, 1, 3), vote(c2, 1, 3), vote(c3, 2, 2)],
    )
    assert decision.status == DecisionStatus.REJECTED


def test_extraordinary_assembly_needs_two_thirds(governance):
    c1, c2, c3 = governance.colleges
    votes = [vote(c1, 6, 4), vote(c2, 6, 4), vote(c3, 6, 4)]
    ago = make_decision(governance.decisions_index, slug="ago", body="ago", votes=votes)
    votes = [vote(c1, 6, 4), vote(c2, 6, 4), vote(c3, 6, 4)]
    age = make_decision(governance.decisions_index, slug="age", body="age", votes=votes)
    assert ago.status == DecisionStatus.ADOPTED
    assert age.status == DecisionStatus.REJECTED


def test_quorum_and_majority_come_from_the_statutes(governance):
    statutes = Statutes.load()
    statutes.ordinary_quorum = 90
    statutes.save()
    c1, c2, c3 = governance.colleges
    decision = make_decision(
        governance.decisions_index, votes=[vote(c1, 5, 0), vote(c2, 5, 0), vote(c3, 5, 0)]
    )
    tally = decision.compute_tally()
    assert tally.majority_reached
    assert not tally.quorum_reached  # 15 of 30 members
    assert decision.status == DecisionStatus.REJECTED


def test_proxies_over_the_cap_are_refused_in_french(governance):
    c1, c2, c3 = governance.colleges
    decision = DecisionPage(
        title="Trop de pouvoirs",
        slug="pouvoirs",
        body="ago",
        date=datetime.date(2025, 1, 1),
        number="X",
    )
    decision.votes = [vote(c1, 6, 0, present=1, represented=5)]
    with pytest.raises(ValidationError) as error:
        governance.decisions_index.add_child(instance=decision)
    assert "5 pouvoirs pour 1 sociétaires présents" in str(error.value)


def test_decision_page_shows_the_tally_table(governance, member_client):
    c1, c2, c3 = governance.colleges
    decision = make_decision(
        governance.decisions_index,
        votes=[vote(c1, 3, 1), vote(c2, 0, 0, abstain=4), vote(c3, 1, 3)],
    )
    html = member_client.get(decision.url).content.decode()
    assert "Vote par collège" in html
    assert "aucun suffrage exprimé" in html  # college 2 only abstained
    assert "53,57 %" in html  # 40/70 × 3/4 + 30/70 × 1/4
    assert "Adoptée" in html


def test_decisions_index_filters_and_orders_newest_first(governance, member_client):
    index = governance.decisions_index
    make_decision(index, slug="a", body="ago", date=datetime.date(2024, 6, 1), status="adopted")
    make_decision(index, slug="b", body="board", date=datetime.date(2025, 2, 1), status="adopted")
    make_decision(index, slug="c", body="age", date=datetime.date(2025, 3, 1), status="rejected")
    url = index.url

    def numbers(**params):
        return [d.number for d in member_client.get(url, params).context["decisions"]]

    assert numbers() == ["C", "B", "A"]
    assert numbers(body="board") == ["B"]
    assert numbers(year="2025") == ["C", "B"]
    assert numbers(status="rejected") == ["C"]
    assert numbers(body="nope", year="20x5") == ["C", "B", "A"]


def test_decisions_index_is_paginated(governance, member_client):
    for number in range(23):
        make_decision(
            governance.decisions_index,
            slug=f"d{number}",
            status="adopted",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
        )
    first = member_client.get(governance.decisions_index.url)
    assert len(first.context["decisions"]) == 20
    second = member_client.get(governance.decisions_index.url, {"page": 2})
    assert len(second.context["decisions"]) == 3


def test_minutes_are_members_only_documents(governance, member_client, anonymous_client):
    minutes = Document.objects.create(
        title="PV AGO 2025", file=ContentFile(b"%PDF-1.4 proces-verbal", name="pv.pdf")
    )
    decision = make_decision(governance.decisions_index, status="adopted", minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.collection.name == "Procès-verbaux"
    assert f'href="{minutes.url}"' in member_client.get(decision.url).content.decode()
    assert member_client.get(minutes.url).status_code == 200
    assert anonymous_client.get(minutes.url).status_code == 302


# The page's queries are constant in the number of members (routing, session, privacy memo,
# settings, menu): 10 and 300 members give the same count.
@pytest.mark.parametrize("member_count", [10, 300])
def test_decision_page_query_count_does_not_grow_with_members(
    tree, member_client, member_count, django_assert_max_num_queries
):
    from tests.factories import build_governance

    gov = build_governance(tree, member_count=member_count)
    c1, c2, c3 = gov.colleges
    decision = make_decision(
        gov.decisions_index, votes=[vote(c1, 3, 1), vote(c2, 2, 2), vote(c3, 4, 0)]
    )
    decision.concerned_members.set(gov.members[:3])
    decision.save_revision().publish()
    member_client.get(decision.url)
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert member_client.get(decision.url).status_code == 200


def test_tally_rows_follow_the_colleges_order_when_no_sort_order_was_given(governance):
    c1, c2, c3 = governance.colleges
    decision = make_decision(
        governance.decisions_index, votes=[vote(c3, 1, 0), vote(c1, 2, 0), vote(c2, 3, 0)]
    )
    assert [row.name for row in decision.compute_tally().colleges] == [
        "Collège 1",
        "Collège 2",
        "Collège 3",
    ]
