"""Journey 3, the editor, in a real browser (chromium), with screenshots under var/screenshots/.

An editor (group *Éditeurs*, not a superuser) logs in to the admin, which speaks French to
them, creates a course under the catalogue with its Qualiopi fields, publishes it, adds its
session (a snippet of its own: *Formations › Sessions*), translates the course into English
with wagtail-localize's editor and publishes the translation; a visitor then reads both pages.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import in_thread
from tests.factories import PASSWORD, build_tree, make_user
from training.models import CoursePage, Theme, TrainingSession

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test writes: real commits, and the migrated data (groups,
    # locales) restored afterwards for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Animer une assemblée générale coopérative"
SUMMARY = "Préparer, animer et conclure l’assemblée générale de sa coopérative."
# The French course's rich text fields: (label in the translation editor, French, English).
TEXTS = {
    "objectives": (
        "Objectifs",
        "Préparer l’ordre du jour et animer les votes.",
        "Set the agenda and run the votes.",
    ),
    "audience_details": (
        "Public visé (détail)",
        "Administrateurs et salariés.",
        "Board members and employees.",
    ),
    "prerequisites": ("Prérequis", "Aucun.", "None."),
    "teaching_methods": ("Méthodes pédagogiques", "Mises en situation.", "Role plays."),
    "evaluation_methods": (
        "Modalités d’évaluation",
        "Quiz en fin de journée.",
        "A quiz at the end of the day.",
    ),
    "registration_terms": ("Modalités d’inscription", "Formulaire en ligne.", "Online form."),
    "accessibility": (
        "Accessibilité aux personnes en situation de handicap",
        "Salle accessible en fauteuil.",
        "Wheelchair-accessible room.",
    ),
}
# The slug the admin makes from the title (Wagtail keeps accented letters in slugs).
SLUG = "animer-une-assemblée-générale-coopérative"
TITLE_EN = "Running a cooperative general meeting"
SUMMARY_EN = "Prepare, run and close your cooperative’s general meeting."
SLUG_EN = "running-a-cooperative-general-meeting"
ENGLISH_URL = f"/en/formations/{SLUG_EN}/"


@pytest.fixture
def editorial(transactional_db):
    """The site's tree, a theme and an editor (built before the browser starts)."""
    tree = build_tree()
    Theme.objects.create(name="Gouvernance partagée", slug="gouvernance")
    make_user("editrice", settings.GROUP_EDITORS)
    return tree


def fill_rich_text(page, field, text):
    editor = page.locator(f"[data-contentpath={field}] [role=textbox]")
    editor.click()
    editor.press_sequentially(text)
    # Draftail copies its content into the form's hidden input a moment later (debounced):
    # publishing before that would lose the last field typed.
    expect(page.locator(f"input[name={field}]")).to_have_value(re.compile(re.escape(text)))


# Wagtail's autosave (every 500 ms) has created the page and saved the form as it is now, and no
# autosave is under way. Publishing while the autosave of a new page is in flight posts a second
# creation of the same page: Wagtail 8 answers 500 (slug already used, raised on save). Read
# from the admin's Stimulus controllers (`w-autosave`, `w-unsaved`) on the editor's form.
AUTOSAVED = """() => {
    const form = document.querySelector("form[data-controller~='w-autosave']");
    if (!form) return true;
    const app = window.wagtail.app;
    const autosave = app.getControllerForElementAndIdentifier(form, "w-autosave");
    const unsaved = app.getControllerForElementAndIdentifier(form, "w-unsaved");
    return Boolean(autosave.revisionIdValue) && !autosave.submitPromise
        && unsaved.initialFormData === unsaved.formData;
}"""


def translate_segment(page, heading, source, text):
    """In wagtail-localize's editor: the segment of `heading` whose source is `source`."""
    field = page.locator("li").filter(has=page.get_by_role("heading", name=heading, exact=True))
    segment = field.locator("li").filter(has=page.get_by_text(source, exact=True))
    segment.get_by_role("button", name="Traduire").click()
    segment.get_by_role("textbox").fill(text)
    segment.get_by_role("button", name="Enregistrer").click()
    expect(segment.get_by_text("Traduit manuellement")).to_be_visible()


def test_editor_creates_translates_and_publishes_a_course(
    editorial, page, browser, live_server, screenshots
):
    tree = editorial
    shots = screenshots("editor")
    first_day = timezone.localdate() + timedelta(days=30)
    deadline = first_day - timedelta(days=7)

    # 1. Login: Wagtail's admin, in French (the editor's language, and the browser's).
    page.goto("/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("editrice")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    shots(page, "login")
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    shots(page, "dashboard")

    # 2. The course: a child page of the catalogue, every Qualiopi field filled, published.
    page.goto(f"/admin/pages/{tree.catalog.pk}/")
    page.get_by_role("link", name="Ajouter une sous-page").click()
    page.get_by_role("link", name="Formation", exact=True).click()
    page.get_by_placeholder("Titre de la page").fill(TITLE)
    page.get_by_role("textbox", name="Résumé").fill(SUMMARY)
    page.get_by_label("Thèmes", exact=True).select_option(label="Gouvernance partagée")
    for field, (_label, french, _english) in TEXTS.items():
        fill_rich_text(page, field, french)
    page.get_by_label("Durée en heures", exact=True).fill("7")
    page.get_by_label("Durée en jours", exact=True).fill("1")
    page.get_by_label("Tarif", exact=True).select_option(label="Payant")
    page.get_by_label("Montant (euros)", exact=True).fill("120")
    page.get_by_label("Délai d’accès (jours)", exact=True).fill("5")
    page.get_by_label("Référent handicap : nom", exact=True).fill("Noémie Fauvel")
    page.get_by_label("Référent handicap : courriel", exact=True).fill("handicap@fabrique.example")
    page.get_by_label("Contact : nom", exact=True).fill("Paul Girard")
    page.get_by_label("Contact : courriel", exact=True).fill("formations@fabrique.example")
    shots(page, "course-filled")
    page.wait_for_function(AUTOSAVED)
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(rf"La page «\s{re.escape(TITLE)}\s» a été publiée")
    )
    shots(page, "course-published")

    # The session: a snippet (Formations › Sessions), its course picked with the page chooser.
    page.get_by_role("button", name="Formations").click()
    page.get_by_role("link", name="Sessions").click()
    page.get_by_role("link", name="Ajouter un(e) session de formation").click()
    page.get_by_role("button", name="Choisissez une page (Formation)").click()
    chooser = page.locator(".modal-dialog")
    chooser.get_by_role("link", name=TITLE).click()
    expect(chooser).to_be_hidden()
    page.get_by_label("Lieu", exact=True).fill("Maison des coopératives, Val-de-Sarre")
    page.get_by_label("Capacité").fill("12")
    page.get_by_label("Date limite d’inscription").fill(f"{deadline:%d/%m/%Y}")
    page.get_by_label(re.compile(r"^\s*Date\W*$")).fill(f"{first_day:%d/%m/%Y}")
    page.keyboard.press("Escape")  # the date picker
    shots(page, "session-filled")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(f"Session de formation « {TITLE} — ")).to_be_visible()
    expect(page.get_by_role("link", name=f"{TITLE} — {first_day:%d/%m/%Y}")).to_be_visible()
    shots(page, "session-saved")

    # 3. The translation: "Traduire cette page" in the page's actions, English, the editor.
    page.goto(f"/admin/pages/{tree.catalog.pk}/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_placeholder("Titre de la page")).to_have_value(TITLE)
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("link", name="Traduire cette page").click()
    expect(page.get_by_role("heading", name="Traduire la page")).to_be_visible()
    page.get_by_label("English").check()
    shots(page, "translate")
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_text(f"La page « {TITLE} » a été soumise avec succès")).to_be_visible()
    shots(page, "translation-editor")
    translate_segment(page, "Titre", TITLE, TITLE_EN)
    translate_segment(page, "Résumé", SUMMARY, SUMMARY_EN)
    for label, french, english in TEXTS.values():
        translate_segment(page, label, french, english)
    shots(page, "segments-translated")
    page.get_by_role("tab", name="Promotion").click()
    translate_segment(page, "Identifiant", SLUG, SLUG_EN)
    # wagtail-localize's own French: "Publier dans" + the language, without a space.
    page.get_by_role("button", name=re.compile(r"^Publier dans")).click()
    # Every string translated (names, e-mails and phone follow the French page): no warning
    # of missing translations.
    expect(page.get_by_role("status")).to_have_text(f"« {TITLE_EN} » a été publié(e) en English.")
    shots(page, "translation-published")

    # 4. A visitor (new context, no session): the English page, and the French catalogue.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    visitor = context.new_page()
    visitor.goto(ENGLISH_URL)
    expect(visitor.locator("h1")).to_have_text(TITLE_EN)
    expect(visitor.get_by_text(SUMMARY_EN)).to_be_visible()
    expect(visitor.get_by_text(TEXTS["accessibility"][2])).to_be_visible()
    expect(visitor.get_by_text("12 seats left", exact=True)).to_be_visible()
    shots(visitor, "english-course")
    visitor.goto("/fr/formations/")
    card = visitor.locator(".course-card").filter(has_text=TITLE)
    expect(card).to_be_visible()
    shots(visitor, "french-catalogue")
    card.get_by_role("link", name=TITLE).click()
    expect(visitor.locator("h1")).to_have_text(TITLE)
    expect(visitor.get_by_text("12 places restantes", exact=True)).to_be_visible()
    expect(visitor.locator("a[hreflang=en]")).to_have_attribute("href", ENGLISH_URL)
    shots(visitor, "french-course")
    context.close()

    # 5. In the database: the course, its session, its live English translation.
    def saved():
        french = CoursePage.objects.get(title=TITLE, locale__language_code="fr")
        english = CoursePage.objects.get(
            translation_key=french.translation_key, locale__language_code="en"
        )
        return {
            "french": french,
            "parent": french.get_parent().pk,
            "themes": list(french.themes.values_list("slug", flat=True)),
            "session": TrainingSession.objects.get(course=french),
            "english": english,
            "english_url": english.url,
        }

    saved = in_thread(saved)
    french, english, session = saved["french"], saved["english"], saved["session"]
    assert french.live and saved["parent"] == tree.catalog.pk and french.slug == SLUG
    assert saved["themes"] == ["gouvernance"]
    assert (french.price_kind, french.price_amount, french.access_delay_days) == ("paid", 120, 5)
    assert TEXTS["accessibility"][1] in french.accessibility
    assert (session.capacity, session.first_day, session.registration_deadline) == (
        12,
        first_day,
        deadline,
    )
    assert english.live and (english.title, english.slug) == (TITLE_EN, SLUG_EN)
    assert saved["english_url"] == ENGLISH_URL
    assert TEXTS["accessibility"][2] in english.accessibility
    assert english.contact_name == "Paul Girard"  # not a string to translate
