"""A course translated with wagtail-localize shows the same sessions and takes registrations."""

from wagtail_localize.models import StringSegment, TranslationSource

from training.models import Theme

from .conftest import make_course, make_session


def test_english_course_shows_the_sessions_and_english_themes(
    tree, course, themes, anonymous_client, translate
):
    course.themes = [themes["gouvernance"]]
    course.save_revision().publish()
    session = make_session(course, capacity=4)
    translate(
        tree.catalog, strings={"formations": "training", "Catalogue des formations": "Training"}
    )
    english = translate(
        course,
        strings={
            "cooperation": "cooperation",
            "La coopération et la gouvernance partagée": "Cooperation and shared governance",
        },
    )
    theme = themes["gouvernance"]
    Theme.objects.create(
        name="Shared governance",
        slug="shared-governance",
        locale=english.locale,
        translation_key=theme.translation_key,
    )
    html = anonymous_client.get("/en/training/cooperation/").content.decode()
    assert "Cooperation and shared governance" in html
    assert "4 seats left" in html
    assert "Shared governance" in html
    assert "not disclosed" in html
    catalogue = anonymous_client.get("/en/training/?theme=shared-governance").content.decode()
    assert "Cooperation and shared governance" in catalogue
    response = anonymous_client.post(
        "/en/training/cooperation/",
        {"session": session.pk, "name": "Sam Doe", "email": "sam@example.org", "consent": "on"},
        follow=True,
    )
    assert "Thank you, your request is received" in response.content.decode()
    assert session.registrations.get().language == "en"


def test_contact_names_and_phone_are_not_strings_to_translate(tree, translate):
    """They follow the French page, like the e-mail addresses: translators are not asked to
    "translate" a person's name, and the page is not published with missing translations."""
    course = make_course(
        tree.catalog,
        title="Animer une assemblée générale",
        slug="assemblee",
        contact_name="Paul Girard",
        contact_phone="03 87 00 00 00",
        disability_contact_name="Noémie Fauvel",
    )
    source, _ = TranslationSource.update_or_create_from_instance(course)
    segments = StringSegment.objects.filter(source=source)
    strings = set(segments.values_list("string__data", flat=True))
    assert strings == {"Animer une assemblée générale", "assemblee"}
    english = translate(course, strings={"Animer une assemblée générale": "Running a meeting"})
    assert (english.contact_name, english.contact_phone, english.disability_contact_name) == (
        "Paul Girard",
        "03 87 00 00 00",
        "Noémie Fauvel",
    )
    course.contact_name = "Inès Marchal"
    course.save_revision().publish()
    translate(course)
    english.refresh_from_db()
    assert english.contact_name == "Inès Marchal"
