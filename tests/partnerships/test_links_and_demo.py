"""Decisions name their partnerships for the committee only; the demo data set."""

from django.core.management import call_command

from partnerships import pipeline
from partnerships.models import Partnership, PartnershipKind
from tests.factories import build_governance
from tests.governance.conftest import make_decision


def test_a_decision_names_its_partnerships_for_the_committee_only(
    tree, record, member_client, committee_client, django_assert_max_num_queries
):
    gov = build_governance(tree)
    decision = make_decision(gov.decisions_index)
    record.decisions.add(decision)
    html = committee_client.get(decision.url).content.decode()
    assert "Partenariats concernés" in html
    assert f'href="/fr/partenariats/{record.pk}/"' in html
    member_client.get(decision.url)
    with django_assert_max_num_queries(15):  # no permission query for members
        html = member_client.get(decision.url).content.decode()
    assert "Mécénat de compétences" not in html and "Partenariats concernés" not in html


def test_demo_partnerships(db, settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", verbosity=0)
    records = Partnership.objects.all()
    assert 20 <= records.count() <= 30
    assert set(records.values_list("kind", flat=True)) == {v for v, _ in PartnershipKind.choices}
    assert set(records.values_list("stage", flat=True)) == {v for v, _ in pipeline.Stage.choices}
    ended = records.filter(stage="ended").first()
    authors = set(ended.history.values_list("history_user__username", flat=True))
    assert len(authors) >= 2 and None not in authors
    assert ended.history.count() >= 4
    call_command("load_demo", verbosity=0)
    assert Partnership.objects.count() == records.count()
