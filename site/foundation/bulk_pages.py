"""Create many pages under one parent at once (the register import, the benchmarks).

`add_child()` one by one costs ~30 ms a page (validation, tree queries, search and reference
index signals). Here the tree paths are computed once, the page rows go in one bulk insert and
the specific rows in another. No signal is sent: the caller indexes the pages for search
(`get_search_backend().add_bulk(model, pages)`) once their related rows exist.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from .internals import child_path, insert_rows, last_child_step


def bulk_add_children(parent, pages, *, owner=None, now=None):
    """Insert `pages` (unsaved instances of one specific page model, with title, slug and
    their own fields set) as live children of `parent`, after its existing children.

    Slugs must be unique among the parent's children (the caller chooses them). Returns the
    pages, saved, with their primary keys.
    """
    if not pages:
        return pages
    model = type(pages[0])
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    # From the database, not `get_last_child()`: it trusts the instance's stale numchild.
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = last_child_step(Page, last) if last else 0
    for offset, page in enumerate(pages, start=1):
        page.draft_title = page.title
        page.path = child_path(Page, parent, step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.owner = owner
        page.translation_key = uuid.uuid4()
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    # The page rows first (Page is the concrete base), then the specific rows on top of them.
    base_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    rows = Page.objects.bulk_create(
        [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages],
        batch_size=500,
    )
    for page, row in zip(pages, rows, strict=True):
        page.pk = page.id = row.pk
        page.page_ptr_id = row.pk
    if model is not Page:
        local_fields = list(model._meta.local_concrete_fields)
        for start in range(0, len(pages), 200):
            insert_rows(model, pages[start : start + 200], local_fields)
    return pages
