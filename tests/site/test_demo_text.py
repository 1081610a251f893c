"""The demo data's text helpers write the rich text and blocks the page models expect."""

import dataclasses

import pytest

from coopsite.foundation.demo_text import (
    PageText,
    append_block_once,
    bullet_list,
    child_page,
    heading_block,
    paragraph_block,
    paragraphs,
    quote_block,
    text_page,
)
from coopsite.foundation.models import StandardPage


def test_paragraphs_wraps_each_text_in_its_own_paragraph():
    assert paragraphs("Un.", "Deux.") == "<p>Un.</p><p>Deux.</p>"


def test_paragraphs_of_nothing_is_empty_rich_text():
    assert paragraphs() == ""


def test_bullet_list_puts_each_item_in_a_list_item():
    assert bullet_list("a", "b") == "<ul><li>a</li><li>b</li></ul>"


def test_heading_block_is_a_section_heading_unless_told_otherwise():
    assert heading_block("Nos valeurs") == ("heading", {"text": "Nos valeurs", "level": "h2"})
    assert heading_block("Détail", level="h3") == ("heading", {"text": "Détail", "level": "h3"})


def test_paragraph_block_holds_rich_text_paragraphs():
    assert paragraph_block("Un.", "Deux.") == ("paragraph", "<p>Un.</p><p>Deux.</p>")


def test_quote_block_carries_its_attribution():
    assert quote_block("Mettre en commun.", attribution="Assemblée") == (
        "quote",
        {"text": "Mettre en commun.", "attribution": "Assemblée"},
    )
    assert quote_block("Sans source.")[1]["attribution"] == ""


def test_page_text_is_a_frozen_record_built_by_keywords():
    text = PageText(slug="a-propos", title="À propos")
    assert (text.intro, text.body) == ("", ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        text.title = "Autre"
    with pytest.raises(TypeError):
        PageText("a-propos", "À propos")


def test_blocks_are_accepted_by_a_page_body(tree):
    page = child_page(
        tree.about,
        StandardPage,
        "valeurs",
        title="Nos valeurs",
        body=[
            heading_block("Nos valeurs"),
            paragraph_block("Nous coopérons."),
            quote_block("Ensemble.", attribution="La charte"),
        ],
    )
    page = StandardPage.objects.get(pk=page.pk)
    assert [block.block_type for block in page.body] == ["heading", "paragraph", "quote"]
    assert page.body[0].value["text"] == "Nos valeurs"
    assert page.body[0].value["level"] == "h2"
    assert page.body[1].value.source == "<p>Nous coopérons.</p>"
    assert page.body[2].value["attribution"] == "La charte"


def test_child_page_creates_and_publishes_a_missing_page(tree):
    page = child_page(tree.about, StandardPage, "histoire", title="Notre histoire")
    stored = StandardPage.objects.get(pk=page.pk)
    assert stored.live and stored.get_parent().pk == tree.about.pk
    assert stored.live_revision is not None


def test_child_page_returns_the_existing_page_unchanged(tree):
    first = child_page(tree.about, StandardPage, "histoire", title="Notre histoire")
    again = child_page(tree.about, StandardPage, "histoire", title="Un autre titre")
    assert again.pk == first.pk
    assert isinstance(again, StandardPage)
    assert StandardPage.objects.get(pk=first.pk).title == "Notre histoire"
    assert tree.about.get_children().filter(slug="histoire").count() == 1


def test_text_page_writes_the_page_text_into_a_new_page(tree):
    text = PageText(
        slug="charte-locale",
        title="Charte locale",
        intro=paragraphs("Une introduction."),
        body=(paragraph_block("Un engagement."),),
    )
    page = text_page(tree.about, StandardPage, text, show_in_menus=True)
    stored = StandardPage.objects.get(pk=page.pk)
    assert (stored.slug, stored.title, stored.show_in_menus) == (
        "charte-locale",
        "Charte locale",
        True,
    )
    assert stored.intro == "<p>Une introduction.</p>"
    assert [block.value.source for block in stored.body] == ["<p>Un engagement.</p>"]


def test_append_block_once_adds_a_block_only_the_first_time(tree):
    page = StandardPage.objects.get(pk=tree.about.pk)
    append_block_once(page, "heading", {"text": "Ajouté", "level": "h2"})
    page = StandardPage.objects.get(pk=tree.about.pk)
    append_block_once(page, "heading", {"text": "Encore", "level": "h2"})
    stored = StandardPage.objects.get(pk=tree.about.pk)
    headings = [block.value["text"] for block in stored.body if block.block_type == "heading"]
    assert headings == ["Ajouté"]
    assert not stored.has_unpublished_changes
