"""Recording a decision's votes (weights in force, status) and filing its minutes are services
(`governance.services`) that the admin calls — its form and its page hooks — not side effects of
`DecisionPage.save()` or `clean()`."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from governance.models import CollegeVote, DecisionPage, DecisionStatus
from governance.services import file_minutes, record_votes
from tests.governance.conftest import vote

pytestmark = pytest.mark.django_db

MINUTES_COLLECTION = "Procès-verbaux"


def unsaved_decision(votes=(), **fields):
    decision = DecisionPage(
        title="Affectation du résultat",
        slug="affectation",
        body="ago",
        date=datetime.date(2025, 6, 14),
        number="AGO-2025-01",
        **fields,
    )
    decision.votes = list(votes)
    return decision


def a_document(title="Procès-verbal de l’AGO"):
    document = Document(title=title, collection=Collection.get_first_root_node())
    document.file.save("pv.txt", ContentFile(b"Proces-verbal"), save=False)
    document.save()
    return document


def stored_votes(decision):
    return [
        (vote.weight, vote.weight_recorded)
        for vote in CollegeVote.objects.filter(decision=decision).order_by("sort_order", "pk")
    ]


# --- record_votes ------------------------------------------------------------------------------


def test_record_votes_copies_each_college_weight_and_adopts_on_the_weighted_majority(governance):
    c1, c2, c3 = governance.colleges  # weights 40, 30, 30
    decision = unsaved_decision([vote(c1, 3, 1), vote(c2, 1, 3), vote(c3, 2, 2)])
    tally = record_votes(decision=decision)
    assert [(v.weight, v.weight_recorded) for v in decision.votes.all()] == [
        (Decimal(40), True),
        (Decimal(30), True),
        (Decimal(30), True),
    ]
    # 40 × 3/4 + 30 × 1/4 + 30 × 2/4 = 30 + 7.5 + 15 = 52.5 % for: adopted
    assert tally.percent_for == Decimal("52.50")
    assert decision.status == DecisionStatus.ADOPTED


def test_record_votes_rejects_below_the_weighted_majority(governance):
    c1, c2, c3 = governance.colleges
    decision = unsaved_decision([vote(c1, 1, 3), vote(c2, 1, 3), vote(c3, 2, 2)])
    decision.status = DecisionStatus.ADOPTED  # typed by hand: the result decides
    tally = record_votes(decision=decision)
    # 40 × 1/4 + 30 × 1/4 + 30 × 2/4 = 10 + 7.5 + 15 = 32.5 % for: rejected
    assert tally.percent_for == Decimal("32.50")
    assert decision.status == DecisionStatus.REJECTED


def test_record_votes_keeps_a_weight_recorded_before(governance):
    c1, c2, c3 = governance.colleges
    earlier = vote(c1, 1, 3)
    earlier.weight, earlier.weight_recorded = Decimal(60), True  # the statutes of that day
    decision = unsaved_decision([earlier, vote(c2, 3, 1)])
    tally = record_votes(decision=decision)
    assert [v.weight for v in decision.votes.all()] == [Decimal(60), Decimal(30)]
    # 60/90 × 1/4 + 30/90 × 3/4 = 1/6 + 1/4 = 5/12 = 41.67 % for: rejected
    assert tally.percent_for == Decimal("41.67")
    assert decision.status == DecisionStatus.REJECTED


def test_record_votes_without_votes_leaves_the_status_as_typed(governance):
    decision = unsaved_decision(status=DecisionStatus.ADOPTED)
    assert record_votes(decision=decision) is None
    assert decision.status == DecisionStatus.ADOPTED


def test_record_votes_then_save_stores_the_weights_and_the_status(governance):
    c1, c2, c3 = governance.colleges
    decision = unsaved_decision([vote(c1, 3, 1), vote(c2, 1, 3), vote(c3, 2, 2)])
    governance.decisions_index.add_child(instance=decision)
    saved = DecisionPage.objects.get(pk=decision.pk)
    record_votes(decision=saved)  # a decision read back from the database
    saved.save()
    assert stored_votes(saved) == [(Decimal(40), True), (Decimal(30), True), (Decimal(30), True)]
    assert DecisionPage.objects.get(pk=decision.pk).status == DecisionStatus.ADOPTED


# --- save() and clean() alone ------------------------------------------------------------------


def test_saving_a_decision_alone_records_no_weight_and_no_status(governance):
    c1, c2, c3 = governance.colleges
    decision = unsaved_decision([vote(c1, 3, 1), vote(c2, 1, 3), vote(c3, 2, 2)])
    governance.decisions_index.add_child(instance=decision)  # save() and clean()
    decision.save_revision().publish()
    assert stored_votes(decision) == [(None, False)] * 3
    assert DecisionPage.objects.get(pk=decision.pk).status == DecisionStatus.PROPOSED


def test_saving_a_decision_alone_files_no_minutes(governance):
    minutes = a_document()
    decision = unsaved_decision(minutes=minutes)
    governance.decisions_index.add_child(instance=decision)
    decision.save_revision().publish()
    minutes.refresh_from_db()
    assert minutes.collection.name != MINUTES_COLLECTION


def test_clean_still_refuses_more_proxies_than_the_statutes_allow(governance):
    c1, _, _ = governance.colleges
    decision = unsaved_decision([vote(c1, 6, 0, present=1, represented=5)])
    with pytest.raises(ValidationError, match="5 pouvoirs pour 1 sociétaires présents"):
        decision.full_clean(exclude=["path", "depth"])
    assert decision.votes.all()[0].weight_recorded is False


# --- file_minutes ------------------------------------------------------------------------------


def test_file_minutes_moves_the_minutes_to_the_members_only_collection(governance):
    minutes = a_document()
    decision = unsaved_decision(minutes=minutes)
    governance.decisions_index.add_child(instance=decision)
    assert file_minutes(decision=decision) == minutes
    minutes.refresh_from_db()
    assert minutes.collection.name == MINUTES_COLLECTION
    assert file_minutes(decision=decision) == minutes  # filed twice: nothing moves
    assert Collection.objects.filter(name=MINUTES_COLLECTION).count() == 1


def test_file_minutes_without_minutes_files_nothing(governance):
    decision = unsaved_decision()
    governance.decisions_index.add_child(instance=decision)
    assert file_minutes(decision=decision) is None
    assert not Collection.objects.filter(name=MINUTES_COLLECTION).exists()


# --- in the admin ------------------------------------------------------------------------------


def decision_form(votes, minutes=None, **fields):
    """The admin's decision form as an editor submits it; `votes`: (college, for, against)."""
    data = {
        "title": "Affectation du résultat",
        "slug": "affectation",
        "body": "ago",
        "date": "14/06/2025",
        "number": "AGO-2025-01",
        "status": "proposed",
        "text": rich_text(""),
        "minutes": minutes.pk if minutes else "",
        "votes": inline_formset(
            [
                {
                    "college": college.pk,
                    "votes_for": votes_for,
                    "votes_against": against,
                    "abstentions": 0,
                    "blank": 0,
                    "present": votes_for + against,
                    "represented": 0,
                    "members": 10,
                }
                for college, votes_for, against in votes
            ]
        ),
    }
    data.update(fields)
    return nested_form_data(data)


def add_decision(client, index, data, action="action-publish"):
    url = reverse("wagtailadmin_pages:add", args=["governance", "decisionpage", index.pk])
    if action:
        data[action] = action
    return client.post(url, data)


def test_creating_a_decision_in_the_admin_records_its_votes(governance, editor_client):
    c1, c2, c3 = governance.colleges
    data = decision_form([(c1, 3, 1), (c2, 1, 3), (c3, 2, 2)])
    response = add_decision(editor_client, governance.decisions_index, data)
    assert response.status_code == 302
    decision = DecisionPage.objects.get(slug="affectation")
    assert decision.live
    assert stored_votes(decision) == [(Decimal(40), True), (Decimal(30), True), (Decimal(30), True)]
    assert decision.status == DecisionStatus.ADOPTED


def test_editing_a_decision_in_the_admin_records_the_new_votes_and_status(
    governance, editor_client
):
    c1, c2, c3 = governance.colleges
    add_decision(editor_client, governance.decisions_index, decision_form([(c1, 3, 1)]))
    decision = DecisionPage.objects.get(slug="affectation")
    assert decision.status == DecisionStatus.ADOPTED
    # The statutes change; the second and third colleges' votes are added afterwards.
    c1.weight = Decimal(20)
    c1.save_revision().publish()
    (first,) = decision.votes.all()
    data = decision_form([(c1, 3, 1), (c2, 1, 3), (c3, 1, 3)])
    data.update({"votes-INITIAL_FORMS": "1", "votes-0-id": first.pk})
    url = reverse("wagtailadmin_pages:edit", args=[decision.pk])
    response = editor_client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302
    decision = DecisionPage.objects.get(pk=decision.pk)
    # The first row keeps 40; the new ones take 30: 40/100 × 3/4 + 60/100 × 1/4 = 45 %.
    assert stored_votes(decision) == [(Decimal(40), True), (Decimal(30), True), (Decimal(30), True)]
    assert decision.compute_tally().percent_for == Decimal("45.00")
    assert decision.status == DecisionStatus.REJECTED


def test_an_invalid_decision_form_records_and_files_nothing(governance, editor_client):
    c1, _, _ = governance.colleges
    minutes = a_document()
    data = decision_form([(c1, 3, 1)], minutes=minutes, number="")
    response = add_decision(editor_client, governance.decisions_index, data)
    assert response.status_code == 200
    assert not DecisionPage.objects.filter(slug="affectation").exists()
    assert not CollegeVote.objects.exists()
    minutes.refresh_from_db()
    assert minutes.collection.name != MINUTES_COLLECTION


@pytest.mark.parametrize("action", [None, "action-publish"])
def test_a_decision_created_in_the_admin_files_its_minutes(governance, editor_client, action):
    minutes = a_document()
    data = decision_form([], minutes=minutes)
    response = add_decision(editor_client, governance.decisions_index, data, action=action)
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.collection.name == MINUTES_COLLECTION


def test_minutes_added_to_a_published_decision_in_a_draft_are_filed(governance, editor_client):
    add_decision(editor_client, governance.decisions_index, decision_form([]))
    decision = DecisionPage.objects.get(slug="affectation")
    minutes = a_document()
    url = reverse("wagtailadmin_pages:edit", args=[decision.pk])
    response = editor_client.post(url, decision_form([], minutes=minutes))  # save a draft
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.collection.name == MINUTES_COLLECTION
    assert DecisionPage.objects.get(pk=decision.pk).minutes_id is None  # live: only the draft
