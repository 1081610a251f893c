"""The public course page: Qualiopi fields, sessions, JSON-LD, Open Graph, the form."""

import json
import re
from unittest.mock import patch

import pytest
from django.core import mail

from training.models import Registration, waiting_position

from .conftest import make_course, make_session

QUALIOPI_LABELS = [
    "Objectifs",
    "Public",
    "Prérequis",
    "Durée",
    "Méthodes pédagogiques",
    "Modalités d’évaluation",
    "Tarif",
    "Modalités d’inscription",
    "Délai d’accès",
    "Accessibilité aux personnes en situation de handicap",
    "Référent handicap",
    "Contact",
    "Organisé par",
    "Résultats",
]


def dd_values(html):
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dd)).strip()
        for dd in re.findall(r"<dd>(.*?)</dd>", html, re.S)
    ]


def test_every_missing_field_says_non_communique(tree, anonymous_client):
    course = make_course(tree.catalog, title="Formation vide")
    html = anonymous_client.get(course.url).content.decode()
    for label in QUALIOPI_LABELS:
        assert f"<dt>{label}</dt>" in html, label
    values = dd_values(html.split('id="about-title"')[1])
    assert values and all(values), values  # never a blank
    assert values.count("non communiqué") == len(QUALIOPI_LABELS)


def test_filled_fields_are_shown(tree, anonymous_client, themes):
    course = make_course(
        tree.catalog,
        title="Comptabilité associative",
        themes=[themes["gestion"]],
        objectives="<p>Tenir un journal de trésorerie</p>",
        duration_hours=7,
        duration_days=1,
        price_kind="paid",
        price_amount=60,
        access_delay_days=3,
        disability_contact_name="Noémie Fauvel",
        satisfaction_rate=94,
        completion_rate=88,
        results_period="sessions 2025",
    )
    make_session(course, day_count=3, capacity=12)
    html = anonymous_client.get(course.url).content.decode()
    for text in [
        "Tenir un journal de trésorerie",
        "7 h · 1 jour",
        "60 € par personne",
        "3 jours avant",
        "Noémie Fauvel",
        "94 %",
        "88 %",
        "sessions 2025",
        "Gestion",
        "12 places restantes",
    ]:
        assert text in html, text


def test_price_kinds(tree):
    funded = make_course(tree.catalog, price_kind="funded", funder="Fonds régional")
    assert str(funded.price_display) == "Pris en charge par Fonds régional"
    free = make_course(tree.catalog, price_kind="free")
    assert str(free.price_display) == "Gratuit"
    paid = make_course(tree.catalog, price_kind="paid", price_amount="1250.50")
    assert str(paid.price_display) == "1\u202f250,50 € par personne"


def test_inconsistent_fields_get_french_messages(tree):
    from django.core.exceptions import ValidationError

    from training.models import CoursePage

    course = CoursePage(title="X", slug="x", price_kind="paid", satisfaction_rate=90)
    with pytest.raises(ValidationError) as error:
        course.full_clean(exclude=["path", "depth", "content_type", "locale", "translation_key"])
    messages = error.value.message_dict
    assert messages["price_amount"] == ["Indiquez le montant d’une formation payante."]
    assert messages["results_period"] == ["Précisez la période couverte par les résultats."]


def json_ld(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_json_ld_course_with_instances(tree, anonymous_client, course):
    session = make_session(course, day_count=3, capacity=20)
    for n in range(4):
        Registration.objects.create(
            session=session,
            name=f"P{n}",
            email=f"p{n}@exemple.org",
            status="confirmed",
            consent=True,
        )
    make_session(course, in_days=-30)  # past: not an instance
    html = anonymous_client.get(course.url).content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Course"
    assert data["name"] == course.title
    assert data["description"] and data["provider"]["@type"] == "Organization"
    (instance,) = data["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["courseMode"] == "onsite"
    assert instance["maximumAttendeeCapacity"] == 20
    assert instance["remainingAttendeeCapacity"] == 16
    assert instance["startDate"] < instance["endDate"]
    assert instance["courseSchedule"]["repeatCount"] == 3
    assert data["offers"][0]["price"] == "0"


def test_json_ld_cannot_close_its_script(tree, anonymous_client):
    course = make_course(tree.catalog, summary="</script><script>alert(1)</script>")
    html = anonymous_client.get(course.url).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"


def test_open_graph_tags(tree, anonymous_client, course):
    html = anonymous_client.get(course.url).content.decode()
    assert '<meta property="og:title" content="La coopération et la gouvernance partagée">' in html
    assert '<meta property="og:description" content="Trois samedis pour coopérer.">' in html
    assert f'<meta property="og:url" content="{course.full_url}">' in html
    assert '<meta property="og:locale" content="fr_FR">' in html


def form_data(session, **extra):
    return {
        "session": session.pk,
        "name": "Alix Aubertin",
        "email": "alix@exemple.org",
        "structure": "Les Jardins",
        "consent": "on",
        **extra,
    }


def test_sessions_to_choose_read_as_days_place_and_seats(anonymous_client, course):
    make_session(course, day_count=3, capacity=2, place="Maison des Associations")
    html = anonymous_client.get(course.url).content.decode()
    label = re.search(r'<label for="id_session_0">(.*?)</label>', html).group(1)
    assert re.fullmatch(
        r"\w+ \d+ \w+ \d{4}, \w+ \d+ \w+ \d{4} et \w+ \d+ \w+ \d{4} · "
        r"Maison des Associations · 2 places restantes",
        label,
    ), label


def post_and_follow(client, course, data):
    """The answer to the form (status, where it leads) and the page it leads to."""
    with patch("training.tokens.time.time", return_value=1_800_000_000.0):  # one signing time
        response = client.post(course.url, data)
    page = client.get(response["Location"]) if response.status_code == 302 else response
    return response.status_code, response.get("Location"), page.content.decode()


def test_register_from_the_page_then_a_second_time(
    anonymous_client, course, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = post_and_follow(anonymous_client, course, form_data(session))
    assert first[0] == 302
    assert "Merci, votre demande est bien reçue" in first[2]
    assert [m.subject.split(" · ")[0] for m in mail.outbox] == ["Inscription confirmée"]
    mail.outbox.clear()
    # The same address again (in capitals): the very same answer, nothing written, and the
    # address, not the page, learns that it was already registered.
    with django_capture_on_commit_callbacks(execute=True):
        again = post_and_follow(
            anonymous_client, course, form_data(session, email="ALIX@exemple.org", name="X")
        )
    assert again == first
    assert "déjà inscrite" not in again[2]
    assert session.registrations.count() == 1
    (message,) = mail.outbox
    assert message.to == ["alix@exemple.org"]
    assert message.subject == "Déjà inscrit·e · La coopération et la gouvernance partagée"
    assert "vous êtes déjà inscrit·e à cette session" in message.body
    assert "Votre place est confirmée." in message.body
    assert "/inscriptions/annuler/" in message.body


def test_a_second_time_takes_no_seat_nor_waiting_place(
    anonymous_client, course, django_capture_on_commit_callbacks
):
    session = make_session(course, capacity=2)
    for email in ["a@exemple.org", "a@exemple.org", "b@exemple.org", "c@exemple.org"]:
        anonymous_client.post(course.url, form_data(session, email=email))
    with django_capture_on_commit_callbacks(execute=True):
        anonymous_client.post(course.url, form_data(session, email="c@exemple.org"))
    anonymous_client.post(course.url, form_data(session, email="d@exemple.org"))
    rows = list(session.registrations.order_by("pk").values_list("email", "status"))
    assert rows == [
        ("a@exemple.org", "confirmed"),
        ("b@exemple.org", "confirmed"),
        ("c@exemple.org", "waiting"),
        ("d@exemple.org", "waiting"),
    ]
    assert waiting_position(session.registrations.get(email="d@exemple.org")) == 2
    assert "Vous êtes numéro 1 sur la liste d’attente." in mail.outbox[-1].body


def test_full_session_puts_people_on_the_waiting_list(
    anonymous_client, course, django_capture_on_commit_callbacks
):
    session = make_session(course, capacity=1)
    anonymous_client.post(course.url, form_data(session))
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous_client.post(
            course.url, form_data(session, email="b@exemple.org"), follow=True
        )
    assert "Merci, votre demande est bien reçue" in response.content.decode()
    assert session.registrations.get(email="b@exemple.org").status == "waiting"
    message = mail.outbox[-1]
    assert message.subject.startswith("Sur liste d’attente")
    assert "Vous êtes numéro 1 sur la liste d’attente." in message.body


def test_form_errors_are_french_and_nothing_is_written(anonymous_client, course, session):
    response = anonymous_client.post(course.url, {"session": session.pk, "email": "pas-un-email"})
    html = response.content.decode()
    assert "Saisissez une adresse de courriel valide." in html
    assert "Votre consentement est nécessaire pour vous inscrire." in html
    assert not Registration.objects.exists()


def test_a_closed_session_cannot_be_posted(anonymous_client, course):
    closed = make_session(course, in_days=3, deadline_in=-1)
    response = anonymous_client.post(course.url, form_data(closed))
    assert "Cette session n’est pas ouverte aux inscriptions." in response.content.decode()
    assert not Registration.objects.exists()


def test_logged_in_member_gets_the_form_filled_in(course, session, member_user, member_client):
    member_user.first_name, member_user.last_name = "Alix", "Aubertin"
    member_user.email = "alix@exemple.org"
    member_user.save()
    html = member_client.get(course.url).content.decode()
    assert 'value="Alix Aubertin"' in html
    assert 'value="alix@exemple.org"' in html


@pytest.fixture
def own_member(tree, member_user):
    """Two member structures; the first is linked to the member's account."""
    from tests.factories import build_governance

    gov = build_governance(tree)
    own, other = gov.members[0], gov.members[1]
    own.user = member_user
    own.save_revision().publish()
    return own, other


def test_a_member_registers_under_their_own_structure_only(
    course, session, member_client, own_member
):
    own, other = own_member
    html = member_client.get(course.url).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', html)
    assert options == [("", "— aucune —"), (str(own.pk), own.title)]
    assert other.title not in html
    # A forged form with another member's structure: a French error, nothing written.
    response = member_client.post(course.url, form_data(session, member=other.pk))
    assert response.status_code == 200
    assert (
        "Vous ne pouvez vous inscrire qu’au titre de votre propre structure membre, ou d’aucune."
        in response.content.decode()
    )
    assert not Registration.objects.exists()
    assert member_client.post(course.url, form_data(session, member=own.pk)).status_code == 302
    assert Registration.objects.get().member == own


def test_an_account_without_a_member_page_registers_under_no_member_structure(
    course, session, committee_client, own_member
):
    own, other = own_member
    html = committee_client.get(course.url).content.decode()
    assert 'name="member"' not in html
    for forged in [own.pk, other.pk]:
        response = committee_client.post(course.url, form_data(session, member=forged))
        assert response.status_code == 200
        assert "votre propre structure membre" in response.content.decode()
    assert not Registration.objects.exists()
    assert committee_client.post(course.url, form_data(session)).status_code == 302
    registration = Registration.objects.get()
    assert registration.member is None and registration.structure == "Les Jardins"


def test_registrations_never_reach_the_public_page(
    anonymous_client, member_client, course, session
):
    Registration.objects.create(
        session=session,
        name="Quentin Secret",
        email="quentin.secret@exemple.org",
        status="confirmed",
        consent=True,
    )
    for client in [anonymous_client, member_client]:
        html = client.get(course.url).content.decode()
        assert "Quentin Secret" not in html and "quentin.secret" not in html
        html = client.get("/fr/recherche/?q=Quentin").content.decode()
        assert "Quentin Secret" not in html


def test_done_page_token_is_signed(anonymous_client, course):
    assert anonymous_client.get(course.url + "inscription/1-faux/").status_code == 404
    assert anonymous_client.get(course.url + "inscription/1-" + "0" * 64 + "/").status_code == 404
