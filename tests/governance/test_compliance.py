"""Compliance panel: each SCIC rule the membership breaks gives a French warning naming it."""

from decimal import Decimal

import pytest

from governance.compliance import compliance_warnings
from governance.models import CollegePage, MemberCategory, MemberPage

pytestmark = pytest.mark.django_db


def set_member(slug, **fields):
    member = MemberPage.objects.get(slug=slug)
    for name, value in fields.items():
        setattr(member, name, value)
    member.save_revision().publish()


def test_a_compliant_membership_has_no_warning(governance):
    assert compliance_warnings() == []


def test_fewer_than_three_categories(governance):
    for slug in ["structure-3-1", "structure-3-2"]:
        set_member(slug, category=MemberCategory.BENEFICIARIES)
    assert compliance_warnings() == [
        "Catégories d’associés : une SCIC doit compter au moins trois catégories "
        "représentées (2 aujourd’hui)."
    ]


def test_no_beneficiary(governance):
    for slug in ["structure-2-1", "structure-2-2"]:
        set_member(slug, category=MemberCategory.VOLUNTEERS)
    assert compliance_warnings() == [
        "Catégorie obligatoire : aucun bénéficiaire (usager ou client) parmi les associés."
    ]


def test_no_employee_but_producers_is_fine(governance):
    for slug in ["structure-1-1", "structure-1-2"]:
        set_member(slug, category=MemberCategory.PRODUCERS)
    assert compliance_warnings() == []
    for slug in ["structure-1-1", "structure-1-2"]:
        set_member(slug, category=MemberCategory.VOLUNTEERS)
    assert compliance_warnings() == [
        "Catégorie obligatoire : aucun salarié parmi les associés (ou, si la coopérative "
        "n’a pas de salariés, aucun producteur)."
    ]


def test_public_bodies_over_half_of_the_capital_counted_in_shares(governance):
    # 6 members × 2 shares = 12; two public bodies with 5 shares each: 10 of 20 = 50 %: fine
    set_member("structure-3-1", is_public_body=True, shares=5)
    set_member("structure-3-2", is_public_body=True, shares=5)
    # 5 + 5 = 10 of 8 + 10 = 18 shares: more than half
    assert compliance_warnings() == [
        "Capital des collectivités publiques : elles détiennent 10 parts sur 18, "
        "plus de 50 % du capital."
    ]
    set_member("structure-1-1", shares=4)  # 10 of 20: exactly half is allowed
    assert compliance_warnings() == []


def test_members_who_left_do_not_count(governance):
    import datetime

    for slug in ["structure-2-1", "structure-2-2"]:
        set_member(slug, exit_date=datetime.date(2024, 1, 1))
    warnings = compliance_warnings()
    assert any("aucun bénéficiaire" in warning for warning in warnings)


def test_illegal_college_weights_are_reported(governance):
    college = CollegePage.objects.get(slug="college-1")
    CollegePage.objects.filter(pk=college.pk).update(weight=Decimal(60))
    assert compliance_warnings() == [
        "Pondération des collèges : Chaque collège doit peser entre 10 % et 50 % (60 % ici).",
        "Pondération des collèges : Les pondérations des collèges doivent totaliser 100 % "
        "(120 % ici).",
    ]


def test_dashboard_shows_the_panel_to_editors(governance, editor_client):
    set_member("structure-2-1", category=MemberCategory.VOLUNTEERS)
    set_member("structure-2-2", category=MemberCategory.VOLUNTEERS)
    html = editor_client.get("/admin/").content.decode()
    assert "Règles de la SCIC" in html
    assert "aucun bénéficiaire" in html
