"""A course translated with wagtail-localize shows the same sessions and takes registrations."""

from training.models import Theme

from .conftest import make_session


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
    assert "Your registration is confirmed" in response.content.decode()
    assert session.registrations.get().language == "en"
