"""Demo documents and images: one per privacy level, linked from the pages that use them.

- a public leaflet (root collection) and a photo on *La coopérative*;
- the general meeting report, in the members' collection, linked from *Vie de la coopérative*;
- a draft agreement, in the partnerships' collection, linked from the partnerships' method page;
- the minutes (*procès-verbaux*) of the first decisions, filed in the members-only minutes
  collection by the decision itself.

Every text is invented. Each private file carries a sentence that appears nowhere else, so that
the privacy audit (`coopsite.sitewide.privacy_audit`) can tell when one is served to the wrong
person.
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from coopsite.foundation.demo_text import PageText, append_block_once, paragraphs
from coopsite.foundation.models import StandardPage
from governance.models import DecisionPage
from governance.services import file_minutes


@dataclass(frozen=True, kw_only=True)
class DemoDocument:
    filename: str
    title: str
    text: str


PUBLIC_LEAFLET = DemoDocument(
    filename="plaquette-fabrique-commune.txt",
    title="Plaquette de présentation de la coopérative",
    text=(
        "La Fabrique Commune fédère les acteurs de l’économie sociale et solidaire du territoire.\n"
    ),
)
MEMBERS_REPORT = DemoDocument(
    filename="compte-rendu-ag.txt",
    title="Compte rendu de l’assemblée générale",
    text="Compte rendu réservé aux sociétaires : le budget prévisionnel sera revu en mars.\n",
)
PARTNERSHIP_DRAFT = DemoDocument(
    filename="projet-convention-mecenat.txt",
    title="Projet de convention de mécénat",
    text="Projet de convention confidentiel : montant plafonné à 4 800 euros par an.\n",
)
MINUTES_TEXT = (
    "Procès-verbal de la décision n° {number} : texte intégral réservé aux sociétaires.\n"
)
PHOTO_TITLE = "Atelier partagé de la rue des Tanneurs"
DRAFT_INTRO = paragraphs(
    "Nouvelle présentation en préparation : la coopérative ouvrira un sixième collège "
    "en 2027, sous réserve du vote de l’assemblée."
)
UNPUBLISHED_PAGE = PageText(
    slug="rencontres-2027",
    title="Rencontres du réseau 2027 (en préparation)",
    intro=paragraphs("Programme provisoire des rencontres : lieux et dates encore à confirmer."),
)


def _document(collection, demo_document):
    Document = get_document_model()
    document = Document.objects.filter(title=demo_document.title).first()
    if document is None:
        document = Document(title=demo_document.title, collection=collection)
        document.file.save(
            demo_document.filename, ContentFile(demo_document.text.encode()), save=False
        )
        document.save()
    return document


def _photo():
    Image = get_image_model()
    image = Image.objects.filter(title=PHOTO_TITLE).first()
    if image is None:
        buffer = io.BytesIO()
        # A plain two-tone picture: enough for renditions, nothing to license.
        picture = PILImage.new("RGB", (1200, 800), (46, 111, 92))
        picture.paste((240, 200, 80), (0, 560, 1200, 800))
        picture.save(buffer, "JPEG", quality=80)
        image = Image(title=PHOTO_TITLE, collection=Collection.get_first_root_node())
        image.file.save("atelier-partage.jpg", ImageFile(buffer, name="atelier.jpg"), save=False)
        image.save()
    return image


def load_demo_drafts(home, about):
    """Work in progress that only editors may see: a draft change to a published page and a
    page never published."""
    about.refresh_from_db()  # publishing went through another copy of the page
    if not about.has_unpublished_changes:
        draft = about.get_latest_revision_as_object()
        draft.intro = DRAFT_INTRO
        draft.save_revision()
    if not home.get_children().filter(slug=UNPUBLISHED_PAGE.slug).exists():
        page = StandardPage(
            live=False,
            slug=UNPUBLISHED_PAGE.slug,
            title=UNPUBLISHED_PAGE.title,
            intro=UNPUBLISHED_PAGE.intro,
        )
        home.add_child(instance=page)
        page.save_revision()


def load_demo_files(about, news, partnership_method, members_collection, partnerships_collection):
    root = Collection.get_first_root_node()
    leaflet = _document(root, PUBLIC_LEAFLET)
    append_block_once(about, "document", {"document": leaflet, "label": ""})
    photo = _photo()
    photo.contextual_alt_text = "L’atelier partagé, ses établis et ses outils"
    photo.decorative = False
    append_block_once(about, "image", {"image": photo, "caption": PHOTO_TITLE})

    report = _document(members_collection, MEMBERS_REPORT)
    append_block_once(news, "document", {"document": report, "label": ""})

    draft = _document(partnerships_collection, PARTNERSHIP_DRAFT)
    append_block_once(partnership_method, "document", {"document": draft, "label": ""})

    for decision in DecisionPage.objects.filter(locale=about.locale).order_by("date")[:3]:
        if decision.minutes_id is None:
            title = f"Procès-verbal de la décision n° {decision.number}"
            decision.minutes = _document(
                root,
                DemoDocument(
                    filename=f"pv-{decision.number}.txt",
                    title=title,
                    text=MINUTES_TEXT.format(number=decision.number),
                ),
            )
            decision.save_revision().publish()
            file_minutes(decision=decision)  # in the members' collection, as the admin does
