"""Restoring an earlier state is validated as a save from the edit form: an owner who left the
committee, a deleted organisation, a move back in the pipeline without a reason, or a moment
in the future are refused in French, and nothing is written (no history row either)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from partnerships.history import recorded_by
from partnerships.models import Contribution, Partnership
from tests.factories import make_user


def state(record):
    """Everything a restore could write, history included."""
    record = Partnership.objects.get(pk=record.pk)
    fields = {f.attname: getattr(record, f.attname) for f in Partnership._meta.concrete_fields}
    del fields["updated_at"]
    return (
        fields,
        sorted(record.company_partners.values_list("pk", flat=True)),
        sorted(Contribution.objects.filter(partnership=record).values_list("pk", "description")),
        Partnership.history.filter(id=record.pk).count(),
        Contribution.history.filter(partnership_id=record.pk).count(),
    )


def post_restore(client, record, moment, **extra):
    url = reverse("partnership_restore", args=[record.pk])
    response = client.post(url, {"moment": moment.isoformat(), **extra}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_an_owner_who_left_the_committee_is_not_brought_back(record, committee_client):
    former = make_user("ancienne", settings.GROUP_MEMBERS, settings.GROUP_COMMITTEE)
    with recorded_by(former):
        record.owner = former
        record.save()
    moment = timezone.now()
    with recorded_by(record.owner):
        record.owner = None
        record.save()
    former.groups.remove(Group.objects.get(name=settings.GROUP_COMMITTEE))
    before = state(record)

    html = post_restore(committee_client, record, moment)

    assert "Ancienne ne peut plus être choisi" in html
    assert "responsable" in html
    assert state(record) == before


def test_going_back_in_the_pipeline_needs_a_reason(record, committee_client, committee_user):
    moment = timezone.now()  # at « idée »
    with recorded_by(committee_user):
        record.stage = "contact"
        record.save()
    before = state(record)

    html = post_restore(committee_client, record, moment)

    refused = "Passer de « premier contact » à « idée » saute des étapes : donnez-en la raison."
    assert refused in html
    assert state(record) == before

    html = post_restore(committee_client, record, moment, reason="Le contact n'a pas abouti")
    assert "Restauré à son état du" in html
    record.refresh_from_db()
    assert record.stage == "idea"
    assert record.stage_reason == "Le contact n'a pas abouti"
    last = record.history.first()
    assert "Le contact n'a pas abouti" in last.history_change_reason


def test_a_deleted_organisation_is_refused_not_a_server_error(record, company, committee_client):
    moment = timezone.now()  # with the company as partner and giver of a contribution
    company.delete()
    before = state(record)

    html = post_restore(committee_client, record, moment)

    assert "Boulangerie du Pont (supprimée) ne peut plus être choisi" in html
    assert state(record) == before


def test_a_moment_in_the_future_is_refused(record, committee_client, committee_user):
    with recorded_by(committee_user):
        record.title = "Titre changé"
        record.save()
    before = state(record)

    html = post_restore(committee_client, record, timezone.now() + timedelta(days=2))

    assert "dans le futur" in html
    assert state(record) == before


@pytest.mark.parametrize("moment", ["demain", "2026-13-45T10:00"])
def test_a_moment_that_is_not_a_date_is_refused(record, committee_client, moment):
    before = state(record)
    url = reverse("partnership_restore", args=[record.pk])
    response = committee_client.post(url, {"moment": moment}, follow=True)
    assert "Cet état ne peut pas être restauré." in response.content.decode()
    assert state(record) == before


def test_a_valid_restore_still_works(record, committee_client, committee_user):
    moment = timezone.now()
    with recorded_by(committee_user):
        record.title = "Titre changé"
        record.territory = "Sarrebourg"
        record.save()

    html = post_restore(committee_client, record, moment)

    assert "Restauré à son état du" in html
    record.refresh_from_db()
    assert (record.title, record.territory) == ("Mécénat de compétences", "Val-de-Sarre")
    assert record.contributions.count() == 1
    assert 'name="reason"' in html  # the history page asks for a reason with each restore
