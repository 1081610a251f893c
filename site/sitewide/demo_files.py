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

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from coopsite.foundation.models import StandardPage
from governance.models import DecisionPage

PUBLIC_LEAFLET = (
    "plaquette-fabrique-commune.txt",
    "Plaquette de présentation de la coopérative",
    "La Fabrique Commune fédère les acteurs de l’économie sociale et solidaire du territoire.\n",
)
MEMBERS_REPORT = (
    "compte-rendu-ag.txt",
    "Compte rendu de l’assemblée générale",
    "Compte rendu réservé aux sociétaires : le budget prévisionnel sera revu en mars.\n",
)
PARTNERSHIP_DRAFT = (
    "projet-convention-mecenat.txt",
    "Projet de convention de mécénat",
    "Projet de convention confidentiel : montant plafonné à 4 800 euros par an.\n",
)
MINUTES_TEXT = (
    "Procès-verbal de la décision n° {number} : texte intégral réservé aux sociétaires.\n"
)
PHOTO_TITLE = "Atelier partagé de la rue des Tanneurs"
DRAFT_INTRO = (
    "<p>Nouvelle présentation en préparation : la coopérative ouvrira un sixième collège "
    "en 2027, sous réserve du vote de l’assemblée.</p>"
)
UNPUBLISHED_PAGE = {
    "slug": "rencontres-2027",
    "title": "Rencontres du réseau 2027 (en préparation)",
    "intro": "<p>Programme provisoire des rencontres : lieux et dates encore à confirmer.</p>",
}


def _document(collection, filename, title, text):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file.save(filename, ContentFile(text.encode()), save=False)
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


def _append_block(page, block_type, value):
    """Add a block at the end of a page's body (once) and publish the page."""
    if any(block.block_type == block_type for block in page.body):
        return
    page.body.append((block_type, value))
    page.save_revision().publish()


def load_demo_drafts(home, about):
    """Work in progress that only editors may see: a draft change to a published page and a
    page never published."""
    about.refresh_from_db()  # publishing went through another copy of the page
    if not about.has_unpublished_changes:
        draft = about.get_latest_revision_as_object()
        draft.intro = DRAFT_INTRO
        draft.save_revision()
    if not home.get_children().filter(slug=UNPUBLISHED_PAGE["slug"]).exists():
        page = StandardPage(live=False, **UNPUBLISHED_PAGE)
        home.add_child(instance=page)
        page.save_revision()


def load_demo_files(about, news, partnership_method, members_collection, partnerships_collection):
    root = Collection.get_first_root_node()
    leaflet = _document(root, *PUBLIC_LEAFLET)
    _append_block(about, "document", {"document": leaflet, "label": ""})
    photo = _photo()
    photo.contextual_alt_text = "L’atelier partagé, ses établis et ses outils"
    photo.decorative = False
    _append_block(about, "image", {"image": photo, "caption": PHOTO_TITLE})

    report = _document(members_collection, *MEMBERS_REPORT)
    _append_block(news, "document", {"document": report, "label": ""})

    draft = _document(partnerships_collection, *PARTNERSHIP_DRAFT)
    _append_block(partnership_method, "document", {"document": draft, "label": ""})

    for decision in DecisionPage.objects.filter(locale=about.locale).order_by("date")[:3]:
        if decision.minutes_id is None:
            title = f"Procès-verbal de la décision n° {decision.number}"
            decision.minutes = _document(
                root,
                f"pv-{decision.number}.txt",
                title,
                MINUTES_TEXT.format(number=decision.number),
            )
            decision.save_revision().publish()  # files the minutes in the members' collection
