from datetime import timedelta

import pytest
from django.utils import timezone

from partnerships.history import recorded_by
from partnerships.models import Contribution, Organisation, Partnership


def make_partnership(user=None, **fields):
    values = {"title": "Mécénat de compétences", "kind": "patronage", "stage": "idea"}
    values.update(fields)
    with recorded_by(user):
        return Partnership.objects.create(**values)


@pytest.fixture
def company(db):
    return Organisation.objects.create(
        name="Boulangerie du Pont",
        kind="company",
        sector="alimentation",
        size="micro",
        contact_name="Camille Secret",
        contact_email="camille.secret@boulangerie.example",
    )


@pytest.fixture
def record(committee_user, company):
    partnership = make_partnership(
        committee_user,
        territory="Val-de-Sarre",
        theme="alimentation",
        objectives="Négociation confidentielle : dons de pains invendus.",
        next_step="Rencontre avec la direction",
        next_step_due=timezone.localdate() + timedelta(days=60),
        owner=committee_user,
    )
    with recorded_by(committee_user):
        partnership.company_partners.add(company)
        Contribution.objects.create(
            partnership=partnership,
            kind="in_kind",
            description="Pains invendus",
            amount=1200,
            from_organisation=company,
        )
    return partnership
