"""A member edits their own offers and needs from the site; nobody else can."""

import pytest
from wagtail.models import PageLogEntry

from governance.models import MemberPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_member(governance, member_user):
    member = MemberPage.objects.get(slug="structure-2-1")
    member.user = member_user
    member.save_revision().publish()
    return MemberPage.objects.get(pk=member.pk)


def formset_data(rows):
    data = {
        "resources-TOTAL_FORMS": str(len(rows)),
        "resources-INITIAL_FORMS": "0",
        "resources-MIN_NUM_FORMS": "0",
        "resources-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"resources-{index}-{key}"] = value
    return data


def test_member_sees_the_edit_link_on_their_own_page_only(own_member, governance, member_client):
    assert "Modifier nos offres et besoins" in member_client.get(own_member.url).content.decode()
    other = MemberPage.objects.get(slug="structure-1-1")
    assert "Modifier nos offres et besoins" not in member_client.get(other.url).content.decode()


def test_member_replaces_their_offers_and_needs(own_member, member_client, member_user):
    url = own_member.url + "modifier/"
    form = member_client.get(url)
    assert form.status_code == 200
    assert "Comptabilité" in form.content.decode()
    response = member_client.post(
        url,
        formset_data(
            [
                {
                    "direction": "offer",
                    "kind": "equipment",
                    "title": "Vidéoprojecteur",
                    "details": "",
                },
                {
                    "direction": "need",
                    "kind": "volunteers",
                    "title": "Bénévoles",
                    "details": "Le samedi",
                },
                {"direction": "offer", "kind": "skills", "title": "À retirer", "DELETE": "on"},
            ]
        ),
    )
    assert response.status_code == 302
    page = MemberPage.objects.get(pk=own_member.pk)
    assert [(r.direction, r.kind, r.title) for r in page.resources.all()] == [
        ("offer", "equipment", "Vidéoprojecteur"),
        ("need", "volunteers", "Bénévoles"),
    ]
    entry = PageLogEntry.objects.filter(page=page, action="wagtail.publish").latest("timestamp")
    assert entry.user == member_user  # editors see who changed it, and can roll it back


def test_invalid_rows_are_explained_and_nothing_changes(own_member, member_client):
    response = member_client.post(
        own_member.url + "modifier/",
        formset_data([{"direction": "offer", "kind": "spaceship", "title": ""}]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Champ requis." in html
    assert "Sélectionnez un choix valide. spaceship n’en fait pas partie." in html
    assert 'id="id_resources-0-title_error"' in html  # tied to the field by aria-describedby
    page = MemberPage.objects.get(pk=own_member.pk)
    assert [r.title for r in page.resources.all()] == ["Comptabilité", "Salle de réunion"]


def test_other_members_and_anonymous_cannot_edit(own_member, committee_client, anonymous_client):
    url = own_member.url + "modifier/"
    assert committee_client.get(url).status_code == 403
    assert committee_client.post(url, formset_data([])).status_code == 403
    assert anonymous_client.get(url).status_code == 302
    page = MemberPage.objects.get(pk=own_member.pk)
    assert len(page.resources.all()) == 2
