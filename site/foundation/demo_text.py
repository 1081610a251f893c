"""Rich text, StreamField blocks and pages for the demo data of every app.

The demo modules (coopsite.sitewide.demo, governance.demo, training.demo) write their pages with
these helpers, so that a page's content reads as text rather than as markup:

    body=[heading_block("Nos valeurs"), paragraph_block("Nous coopérons…", "Nous décidons…")]

Blocks are the `(block type, value)` pairs a StreamField accepts (coopsite.foundation.blocks).
"""

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class PageText:
    """The text of a demo page: `intro` is rich text, `body` a tuple of blocks."""

    slug: str
    title: str
    intro: str = ""
    body: tuple = ()


def paragraphs(*texts):
    """Rich text (HTML) with one paragraph per text."""
    return "".join(f"<p>{text}</p>" for text in texts)


def bullet_list(*items):
    """Rich text (HTML) with a bulleted list of the items."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def heading_block(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph_block(*texts):
    return ("paragraph", paragraphs(*texts))


def quote_block(text, attribution=""):
    return ("quote", {"text": text, "attribution": attribution})


def child_page(parent, model, slug, **fields):
    """The child of `parent` with this slug; created and published when missing.

    A page already there is returned as it is (an editor may have changed it). A new page is
    returned as it was built: publishing went through a copy of it, so call `refresh_from_db()`
    before saving another revision from it.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def text_page(parent, model, text, **fields):
    """`child_page` for a page written as a PageText (other fields by keyword)."""
    return child_page(
        parent,
        model,
        text.slug,
        title=text.title,
        intro=text.intro,
        body=list(text.body),
        **fields,
    )


def append_block_once(page, block_type, value):
    """Add a block at the end of a page's body (unless one of this type is there) and publish."""
    if any(block.block_type == block_type for block in page.body):
        return
    page.body.append((block_type, value))
    page.save_revision().publish()
