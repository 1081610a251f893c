"""The page tree's rules (parent and sub-page types) and that every page type renders."""

import json

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from coopsite.foundation.models import HomePage, StandardPage
from governance.assembly.models import AssemblyPage
from governance.models import (
    CharterPage,
    CollegePage,
    DecisionIndexPage,
    DecisionPage,
    DirectoryPage,
    GovernanceIndexPage,
    MemberPage,
    MembersAreaPage,
    PublicDirectoryPage,
)
from partnerships.models import PartnershipsIndexPage
from tests.factories import build_tree, make_user
from training.models import TrainingCatalogPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_home_page_holds_the_areas_and_standard_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                MembersAreaPage,
                TrainingCatalogPage,
                PartnershipsIndexPage,
                PublicDirectoryPage,
            },
        )

    def test_areas_sit_under_the_home_page(self):
        for area in (MembersAreaPage, TrainingCatalogPage, PartnershipsIndexPage):
            self.assertAllowedParentPageTypes(area, {HomePage})

    def test_governance_lives_in_the_members_area(self):
        self.assertAllowedParentPageTypes(GovernanceIndexPage, {MembersAreaPage})
        self.assertAllowedSubpageTypes(
            MembersAreaPage, {DirectoryPage, GovernanceIndexPage, StandardPage}
        )
        self.assertAllowedParentPageTypes(DirectoryPage, {MembersAreaPage})
        self.assertAllowedSubpageTypes(DirectoryPage, {CollegePage})
        self.assertAllowedSubpageTypes(CollegePage, {MemberPage})
        self.assertAllowedSubpageTypes(
            GovernanceIndexPage, {DecisionIndexPage, CharterPage, AssemblyPage, StandardPage}
        )
        self.assertAllowedParentPageTypes(AssemblyPage, {GovernanceIndexPage})
        self.assertAllowedSubpageTypes(DecisionIndexPage, {DecisionPage})
        self.assertCanNotCreateAt(HomePage, MemberPage)

    def test_standard_page_can_go_anywhere_below_home(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(MembersAreaPage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})


class PagesRenderTests(WagtailPageTestCase):
    """Each page type renders (200) for a user who may see it."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.member = make_user("societaire", settings.GROUP_MEMBERS)
        cls.committee = make_user("comite", settings.GROUP_MEMBERS, settings.GROUP_COMMITTEE)

    def test_public_pages_render_for_anonymous_visitors(self):
        for page in (self.tree.home, self.tree.about, self.tree.catalog, self.tree.legal):
            self.assertPageIsRenderable(page)

    def test_members_pages_render_for_a_member(self):
        self.client.force_login(self.member)
        for page in (self.tree.members_area, self.tree.governance, self.tree.members_news):
            response = self.client.get(page.url)
            self.assertEqual(response.status_code, 200, page.url)
            self.assertContains(response, page.title)

    def test_partnerships_pages_render_for_the_committee(self):
        self.client.force_login(self.committee)
        for page in (self.tree.partnerships, self.tree.partnerships_method):
            response = self.client.get(page.url)
            self.assertEqual(response.status_code, 200, page.url)
            self.assertContains(response, page.title)

    def test_every_page_type_is_previewable(self):
        for page in (
            self.tree.home,
            self.tree.about,
            self.tree.catalog,
            self.tree.members_area,
            self.tree.governance,
            self.tree.partnerships,
        ):
            post_data = nested_form_data(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "intro": rich_text("<p>Aperçu</p>"),
                    "body": streamfield([("paragraph", rich_text("<p>Texte</p>"))]),
                }
            )
            self.assertPageIsPreviewable(page, post_data=post_data)

    def test_standard_page_body_blocks_render(self):
        page = self.tree.about
        page.body = [
            ("heading", {"text": "Nos collèges", "level": "h2"}),
            ("paragraph", "<p>Une personne, une voix.</p>"),
            ("quote", {"text": "Faire ensemble", "attribution": "La charte"}),
            (
                "call_to_action",
                {
                    "title": "Se former",
                    "text": "Le catalogue est ouvert.",
                    "page": self.tree.catalog,
                    "url": "",
                    "button_label": "Voir le catalogue",
                },
            ),
        ]
        page.save_revision().publish()
        response = self.client.get(page.url)
        self.assertContains(response, "<h2>Nos collèges</h2>", html=True)
        self.assertContains(response, "Une personne, une voix.")
        self.assertContains(response, "— La charte")
        self.assertContains(response, f'href="{self.tree.catalog.url}"')


class MediaBlocksTests(WagtailPageTestCase):
    """Image and document blocks: alt text from the context, documents through Wagtail's view."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_image_and_document_blocks_render(self):
        image = Image.objects.create(
            title="Local partagé", file=get_test_image_file(filename="local.png")
        )
        document = Document.objects.create(
            title="Statuts", file=ContentFile(b"%PDF-1.4 statuts", name="statuts.pdf")
        )
        page = self.tree.about
        # raw JSON, as the admin stores it
        page.body = json.dumps(
            [
                {
                    "type": "image",
                    "value": {
                        "image": {
                            "image": image.pk,
                            "alt_text": "Salle de réunion",
                            "decorative": False,
                        },
                        "caption": "Le local de la rue des Tanneurs",
                    },
                },
                {
                    "type": "document",
                    "value": {"document": document.pk, "label": "Lire les statuts"},
                },
            ]
        )
        page.save_revision().publish()
        response = self.client.get(page.url)
        self.assertContains(response, 'alt="Salle de réunion"')
        self.assertContains(response, "<figcaption>Le local de la rue des Tanneurs</figcaption>")
        self.assertTrue(document.url.startswith(f"/documents/{document.pk}/"))
        self.assertContains(response, f'href="{document.url}"')
        self.assertContains(response, "Lire les statuts")
        self.assertEqual(self.client.get(document.url).status_code, 200)
