"""An editor cannot publish college weights that break the law; the weights screen can fix a set."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from governance.models import CollegePage

pytestmark = pytest.mark.django_db


def edit_college(client, college, weight, action="action-publish"):
    data = nested_form_data(
        {
            "title": college.title,
            "slug": college.slug,
            "intro": rich_text(""),
            "body": streamfield([]),
            "weight": weight,
            "reserved_seats": 0,
        }
    )
    data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[college.pk]), data)


def test_publishing_a_weight_that_breaks_the_set_is_refused_in_french(governance, editor_client):
    college = governance.colleges[0]
    response = edit_college(editor_client, college, "60")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chaque collège doit peser entre 10 % et 50 % (60 % ici)." in html
    assert "Les pondérations des collèges doivent totaliser 100 % (120 % ici)." in html
    assert "Rien n’a été publié" in html
    college.refresh_from_db()
    assert college.weight == Decimal(40)
    assert not college.has_unpublished_changes


def test_a_draft_may_hold_any_weight(governance, editor_client):
    college = governance.colleges[0]
    response = edit_college(editor_client, college, "35", action="action-draft")
    assert response.status_code == 302
    college.refresh_from_db()
    assert college.weight == Decimal(40)  # the live weight is unchanged
    assert college.get_latest_revision_as_object().weight == Decimal(35)


def test_a_weight_that_keeps_the_set_legal_is_published(governance, editor_client):
    governance.colleges[1].weight = Decimal(30)
    college = governance.colleges[0]
    response = edit_college(editor_client, college, "40.00")
    assert response.status_code == 302
    college.refresh_from_db()
    assert college.weight == Decimal(40)


def test_weights_screen_publishes_a_new_legal_set_at_once(governance, editor_client):
    url = reverse("college_weights")
    assert editor_client.get(url).status_code == 200
    fields = {
        f"college_{c.pk}": w for c, w in zip(governance.colleges, ["20", "40", "40"], strict=True)
    }
    response = editor_client.post(url, fields)
    assert response.status_code == 302
    weights = [CollegePage.objects.get(pk=c.pk).weight for c in governance.colleges]
    assert weights == [Decimal(20), Decimal(40), Decimal(40)]


def test_weights_screen_refuses_an_illegal_set_and_changes_nothing(governance, editor_client):
    url = reverse("college_weights")
    fields = {
        f"college_{c.pk}": w for c, w in zip(governance.colleges, ["60", "20", "20"], strict=True)
    }
    response = editor_client.post(url, fields)
    assert response.status_code == 200
    assert "Chaque collège doit peser entre 10 % et 50 % (60 % ici)." in response.content.decode()
    weights = [CollegePage.objects.get(pk=c.pk).weight for c in governance.colleges]
    assert weights == [Decimal(40), Decimal(30), Decimal(30)]


def test_members_cannot_open_the_weights_screen(governance, member_client, committee_client):
    for client in (member_client, committee_client):
        response = client.get(reverse("college_weights"))
        assert response.status_code in (302, 403)
        assert response.status_code != 200
    fields = {f"college_{c.pk}": "33.33" for c in governance.colleges}
    committee_client.post(reverse("college_weights"), fields)
    assert governance.colleges[0].__class__.objects.get(pk=governance.colleges[0].pk).weight == 40
