"""Restricted areas of the site: the page restriction, its documents' collection, its editors.

Wagtail protects pages with view restrictions (inherited by the subtree) and documents with
*collection* restrictions (whatever page links to them). An area of the site is therefore a
page restricted to some groups plus a collection restricted to the same groups, where the
area's documents are filed. Used by `load_demo` and by the tests, so both build the same thing.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupPagePermission,
    PageViewRestriction,
)


def restrict_page(page, group_names):
    """Restrict `page` and its translations to the given groups (only those groups)."""
    groups = list(Group.objects.filter(name__in=group_names))
    for version in page.get_translations(inclusive=True):
        restriction = PageViewRestriction.objects.filter(
            page=version, restriction_type=PageViewRestriction.GROUPS
        ).first()
        if restriction is None:
            restriction = PageViewRestriction.objects.create(
                page=version, restriction_type=PageViewRestriction.GROUPS
            )
        restriction.groups.set(groups)


def private_collection(name, group_names):
    """A top-level collection whose documents only the given groups may download."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name__in=group_names))
    return collection


AREA_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_page_editing(page, group_name, codenames=AREA_PAGE_PERMISSIONS):
    """Let a group write and publish the pages of one area in the admin."""
    group = Group.objects.get(name=group_name)
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
