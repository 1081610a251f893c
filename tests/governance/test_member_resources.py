"""A member edits their own offers and needs from the site; nobody else can."""

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

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


# --- Wagtail's locks, workflows and drafts ------------------------------------------------------
# A locked page is refused naming who holds the lock, a page under moderation gets a new
# revision in the workflow (nothing published), and an editor's pending draft is never lost.

NEW_ROWS = [{"direction": "offer", "kind": "equipment", "title": "Vidéoprojecteur", "details": ""}]
LIVE_TITLES = ["Comptabilité", "Salle de réunion"]


def live(page):
    return MemberPage.objects.get(pk=page.pk)


def latest(page):
    return live(page).get_latest_revision_as_object()


def titles(page):
    return [r.title for r in page.resources.all()]


def post(client, page):
    return client.post(page.url + "modifier/", formset_data(NEW_ROWS), follow=True)


def test_a_locked_page_is_refused_naming_who_holds_the_lock(own_member, member_client, editor_user):
    own_member.locked, own_member.locked_by = True, editor_user
    own_member.locked_at = timezone.now()
    own_member.save(update_fields=["locked", "locked_by", "locked_at"])
    revisions = Revision.objects.count()

    response = post(member_client, own_member)

    html = response.content.decode()
    assert "Editrice" in html  # who holds the lock
    assert "verrouill" in html
    assert titles(live(own_member)) == LIVE_TITLES
    assert Revision.objects.count() == revisions


def test_under_moderation_the_change_enters_the_workflow(
    own_member, member_client, editor_user, superuser
):
    draft = own_member.get_latest_revision_as_object()
    draft.territory = "Territoire en relecture"
    revision = draft.save_revision(user=editor_user)
    own_member.get_workflow().start(own_member, editor_user)
    assert live(own_member).workflow_in_progress

    response = post(member_client, own_member)

    assert "relecture" in response.content.decode()  # the member is told it awaits approval
    page = live(own_member)
    assert titles(page) == LIVE_TITLES  # nothing published
    assert page.workflow_in_progress
    assert page.latest_revision_id != revision.pk
    assert titles(latest(own_member)) == ["Vidéoprojecteur"]
    assert latest(own_member).territory == "Territoire en relecture"  # on top of the draft

    task_state = page.current_workflow_task_state.specific
    task_state.approve(user=superuser)  # the reviewers approve: both changes go live
    page = live(own_member)
    assert titles(page) == ["Vidéoprojecteur"]
    assert page.territory == "Territoire en relecture"


def test_a_pending_draft_is_kept(own_member, member_client, editor_user):
    live_territory = own_member.territory
    draft = own_member.get_latest_revision_as_object()
    draft.territory = "Brouillon de l'éditrice"
    draft.save_revision(user=editor_user)

    response = post(member_client, own_member)

    assert response.status_code == 200
    page = live(own_member)
    assert titles(page) == ["Vidéoprojecteur"]  # the member's change is published at once
    assert page.territory == live_territory  # the editor's draft is not
    assert page.has_unpublished_changes
    kept = latest(own_member)
    assert kept.territory == "Brouillon de l'éditrice"  # the draft is still there...
    assert titles(kept) == ["Vidéoprojecteur"]  # ...with the member's change in it


def test_without_draft_the_change_is_published(own_member, member_client):
    post(member_client, own_member)
    page = live(own_member)
    assert titles(page) == ["Vidéoprojecteur"]
    assert not page.has_unpublished_changes
