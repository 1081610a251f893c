"""The pipeline's moves and the record's validation, with French messages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partnerships import pipeline
from partnerships.models import Contribution, Partnership

from .conftest import make_partnership


@pytest.mark.parametrize(
    "previous, new, needs",
    [
        (None, "idea", False),
        (None, "contact", False),
        (None, "running", True),
        ("idea", "contact", False),
        ("contact", "negotiation", False),
        ("negotiation", "signed", False),
        ("signed", "running", False),
        ("running", "ended", False),
        ("idea", "ended", True),  # the jump the committee must explain
        ("idea", "signed", True),
        ("running", "negotiation", True),  # going back
        ("negotiation", "dropped", False),
        ("ended", "dropped", True),
        ("dropped", "contact", True),  # reopening
        ("running", "running", False),
    ],
)
def test_moves_that_need_a_reason(previous, new, needs):
    assert pipeline.needs_reason(previous, new) is needs


def test_a_jump_without_reason_is_refused_in_french(db):
    record = make_partnership()
    record.stage = "ended"
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert error.value.message_dict["stage_reason"] == [
        "Passer de « idée » à « terminé » saute des étapes : donnez-en la raison."
    ]
    record.stage_reason = "Partenariat ponctuel conclu lors d’un salon."
    record.full_clean()


def test_an_old_reason_does_not_explain_a_new_jump(db):
    record = make_partnership(stage="running", stage_reason="Saisie d’un partenariat existant.")
    record.stage = "negotiation"  # going back, with the reason of the earlier move
    with pytest.raises(ValidationError):
        record.full_clean()


def test_end_before_start_and_negative_amount(db):
    record = Partnership(
        title="X",
        kind="patronage",
        stage="idea",
        start_date=date(2026, 5, 1),
        end_date=date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert error.value.message_dict["end_date"] == ["La fin ne peut précéder le début."]
    contribution = Contribution(
        partnership=make_partnership(), kind="money", description="Don", amount=-5
    )
    with pytest.raises(ValidationError) as error:
        contribution.full_clean()
    assert "Un montant ne peut pas être négatif." in error.value.message_dict["amount"]


def test_a_contribution_comes_from_exactly_one_partner(db, company):
    contribution = Contribution(
        partnership=make_partnership(), kind="money", description="Don", amount=100
    )
    with pytest.raises(ValidationError) as error:
        contribution.full_clean()
    assert "Indiquez quel partenaire" in str(error.value)
    contribution.from_organisation = company
    contribution.full_clean()
