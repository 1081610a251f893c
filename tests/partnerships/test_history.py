"""Every write path leaves a history row with who, when and the value before; restore works
and is itself recorded."""

from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from partnerships.history import recorded_by
from partnerships.models import Contribution, Organisation, Partnership
from partnerships.timeline import restore, timeline

from .conftest import make_partnership


def changes(entry):
    return {change.label: (change.before, change.after) for change in entry.changes}


def test_save_records_user_and_value_before(record, committee_user, editor_user):
    with recorded_by(editor_user):
        record.stage = "contact"
        record.save()
    last = record.history.first()
    assert last.history_type == "~"
    assert last.history_user == editor_user
    assert last.prev_record.stage == "idea"
    entry = timeline(record)[0]
    assert entry.user == editor_user
    assert changes(entry)["étape"] == ("idée", "premier contact")


def test_queryset_update_is_recorded(record, committee_user):
    with recorded_by(committee_user):
        Partnership.objects.filter(pk=record.pk).update(territory="Sarrebourg")
    last = record.history.first()
    assert last.history_type == "~"
    assert last.territory == "Sarrebourg"
    assert last.history_user == committee_user
    assert changes(timeline(record)[0])["territoire"] == ("Val-de-Sarre", "Sarrebourg")


def test_bulk_create_and_bulk_update_are_recorded(db, committee_user):
    with recorded_by(committee_user):
        created = Partnership.objects.bulk_create(
            [Partnership(title=f"P{n}", kind="patronage", stage="idea") for n in range(3)]
        )
        for partnership in created:
            partnership.theme = "numérique"
        Partnership.objects.bulk_update(created, ["theme"])
    for partnership in created:
        types = list(
            partnership.history.order_by("history_date").values_list("history_type", flat=True)
        )
        assert types == ["+", "~"]
        assert partnership.history.first().history_user == committee_user


def test_partners_added_and_removed_are_recorded(record, company, committee_user):
    other = Organisation.objects.create(name="Transports Keller", kind="company")
    with recorded_by(committee_user):
        record.company_partners.add(other)
        record.company_partners.remove(company)
    entry = timeline(record)[0]
    assert (
        changes(entry)["entreprises"] == ("Boulangerie du Pont", "Transports Keller")
        or changes(entry)["entreprises"][1] == "Transports Keller"
    )


def test_deleting_an_organisation_is_recorded_on_the_partnership(record, company, editor_user):
    with recorded_by(editor_user):
        company.delete()
    record.refresh_from_db()
    assert not record.company_partners.exists()
    assert "Boulangerie du Pont" in str(timeline(record)[0].changes) or any(
        "Boulangerie du Pont" in change.before
        for entry in timeline(record)
        for change in entry.changes
    )
    contribution = Contribution.objects.get(partnership=record)
    assert contribution.from_organisation is None
    assert contribution.history.first().history_change_reason.startswith("Organisation")


def test_deleting_the_owner_is_recorded(record, committee_user):
    committee_user.delete()
    record.refresh_from_db()
    assert record.owner is None
    assert record.history.first().history_change_reason == "Compte du responsable supprimé"


def test_admin_form_is_recorded_with_the_committee_user(
    record, company, committee_client, committee_user
):
    contribution = record.contributions.get()
    data = nested_form_data(
        {
            "title": record.title,
            "kind": "economic",
            "theme": "alimentation",
            "territory": "Val-de-Sarre",
            "stage": "contact",
            "stage_reason": "",
            "company_partners": [company.pk],
            "objectives": record.objectives,
            "owner": committee_user.pk,
            "next_step": "Devis",
            "next_step_due": "2026-12-20",
            "contributions": inline_formset(
                [
                    {
                        "id": contribution.pk,
                        "kind": "in_kind",
                        "description": "Pains invendus",
                        "amount": "1500",
                        "from_organisation": company.pk,
                    },
                ],
                initial=1,
            ),
        }
    )
    url = reverse("wagtailsnippets_partnerships_partnership:edit", args=[record.pk])
    response = committee_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entries = timeline(record)
    partnership_entry = next(e for e in entries if e.subject == "le partenariat")
    assert partnership_entry.user == committee_user
    assert changes(partnership_entry)["type (RAMEAU)"] == ("mécénat", "coopération économique")
    assert changes(partnership_entry)["étape"] == ("idée", "premier contact")
    contribution_entry = next(e for e in entries if e.subject.startswith("l’apport"))
    assert changes(contribution_entry)["montant ou valorisation (€)"] == ("1200,00 €", "1500,00 €")


def test_restore_brings_back_fields_partners_and_contributions(record, company, committee_user):
    moment = timezone.now()  # the state with its partner and its contribution
    with recorded_by(committee_user):
        record.title = "Titre changé"
        record.stage = "contact"
        record.save()
        record.company_partners.clear()
        record.contributions.all().delete()
        Contribution.objects.create(
            partnership=record,
            kind="money",
            description="Nouveau",
            amount=10,
            from_organisation=company,
        )
    restore(record, moment, committee_user, reason="Retour à l'idée de départ")  # a step back
    record.refresh_from_db()
    assert record.title == "Mécénat de compétences"
    assert record.stage == "idea"
    assert list(record.company_partners.all()) == [company]
    assert list(record.contributions.values_list("description", "amount")) == [
        ("Pains invendus", 1200)
    ]
    last = record.history.first()
    assert last.history_change_reason.startswith("Restauré à son état du")
    assert last.history_user == committee_user
    entry = next(e for e in timeline(record) if e.subject == "le partenariat")  # the restore
    assert entry.reason.startswith("Restauré")
    assert changes(entry)["titre"] == ("Titre changé", "Mécénat de compétences")
    assert changes(entry)["entreprises"] == ("—", "Boulangerie du Pont")


def test_restore_from_the_admin(record, committee_client, editor_client):
    moment = timezone.now()
    record.title = "Autre titre"
    record.save()
    url = reverse("partnership_restore", args=[record.pk])
    data = {"moment": moment.isoformat()}
    assert editor_client.post(url, data).status_code in (302, 403)  # Wagtail: back home
    record.refresh_from_db()
    assert record.title == "Autre titre"
    response = committee_client.post(url, data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "Mécénat de compétences"
    page = committee_client.get(reverse("partnership_history", args=[record.pk])).content
    assert "Restauré à son état du" in page.decode()
    assert "Restaurer cet état" in page.decode()


def test_history_rows_for_new_records(db, committee_user):
    record = make_partnership(committee_user)
    assert record.history.get().history_type == "+"
    assert timeline(record)[0].action == "created"
