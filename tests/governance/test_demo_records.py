"""The demo governance records tell a consistent story (checked without a database)."""

import dataclasses
from decimal import Decimal

import pytest

from governance.demo import (
    ADMISSION_DECISION,
    CHARTER,
    COLLEGES,
    DECISIONS,
    FORMER_MEMBER,
    FOUNDATION_DATE,
    FOUNDING_MEMBERS,
    MEMBERS,
    Member,
    Tally,
)
from governance.models import DecisionBody, MemberResource

COLLEGE_SLUGS = {college.slug for college in COLLEGES}
DECISIONS_BY_SLUG = {decision.slug: decision for decision in DECISIONS}


def test_every_member_belongs_to_a_college_of_the_demo():
    assert {member.college for member in MEMBERS} == COLLEGE_SLUGS
    assert FORMER_MEMBER.college in COLLEGE_SLUGS


def test_member_names_are_unique_so_their_pages_are_too():
    names = [member.name for member in MEMBERS] + [FORMER_MEMBER.name]
    assert len(names) == len(set(names))


def test_college_weights_share_all_the_votes_within_the_legal_bounds():
    weights = [Decimal(college.weight) for college in COLLEGES]
    assert sum(weights) == 100
    assert all(10 <= weight <= 50 for weight in weights)


def test_resources_are_offers_or_needs_of_a_known_kind():
    kinds = {value for value, _label in MemberResource._meta.get_field("kind").choices}
    resources = [resource for member in MEMBERS for resource in member.resources]
    assert resources
    assert {resource.direction for resource in resources} == {"offer", "need"}
    assert {resource.kind for resource in resources} <= kinds


def test_linked_accounts_are_demo_accounts_each_used_once():
    from coopsite.sitewide.demo import DEMO_ACCOUNTS

    accounts = [member.account for member in MEMBERS if member.account]
    assert accounts == ["secretaire", "societaire", "societaire2", "presidente"]
    assert set(accounts) <= {account.username for account in DEMO_ACCOUNTS}


def test_every_tally_is_for_a_college_and_counts_no_more_ballots_than_voters():
    tallies = [
        (college, tally) for decision in DECISIONS for college, tally in decision.tallies.items()
    ]
    assert tallies
    for college, tally in tallies:
        assert college in COLLEGE_SLUGS
        ballots = tally.yes + tally.no + tally.abstain + tally.blank
        assert ballots == tally.present + tally.represented
        assert tally.present + tally.represented <= tally.members


def test_only_general_meetings_vote_by_college():
    meetings = {DecisionBody.AGO, DecisionBody.AGE}
    for decision in DECISIONS:
        assert bool(decision.tallies) == (decision.body in meetings), decision.slug


def test_decision_slugs_and_numbers_are_unique():
    assert len(DECISIONS_BY_SLUG) == len(DECISIONS)
    assert len({decision.number for decision in DECISIONS}) == len(DECISIONS)


def test_admissions_follow_the_foundation():
    assert 0 < FOUNDING_MEMBERS < len(MEMBERS)
    assert DECISIONS_BY_SLUG[ADMISSION_DECISION].date > FOUNDATION_DATE
    assert FORMER_MEMBER.admitted <= FORMER_MEMBER.left


def test_charter_versions_are_adopted_by_demo_decisions_in_date_order():
    dates = [DECISIONS_BY_SLUG[version.adopted_by].date for version in CHARTER]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert all(version.body for version in CHARTER)


def test_records_are_frozen_and_built_by_keywords():
    member = MEMBERS[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        member.shares = 3
    with pytest.raises(TypeError):
        Member(member.name, member.college)  # positional rows are what the records replace
    assert Tally().yes == 0
