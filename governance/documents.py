"""Minutes (procès-verbaux) are members-only documents.

Wagtail serves documents through its own view, which applies the privacy of the document's
*collection* (not of the pages linking to it). Minutes are therefore filed in a collection
restricted to the members' groups, created on first use.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction

MINUTES_COLLECTION = "Procès-verbaux"


def minutes_collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MINUTES_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=MINUTES_COLLECTION)
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(
        Group.objects.filter(name__in=[settings.GROUP_MEMBERS, settings.GROUP_EDITORS])
    )
    return collection


def file_as_minutes(document):
    """Move a document into the members-only minutes collection (if not already there)."""
    collection = minutes_collection()
    if document.collection_id != collection.pk:
        document.collection = collection
        document.save(update_fields=["collection"])
