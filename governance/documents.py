"""Minutes (procès-verbaux) are members-only documents.

Wagtail serves documents through its own view, which applies the privacy of the document's
*collection*, not of the pages linking to it. Minutes are therefore filed in a collection
restricted to the members' groups (created on first use) when their decision is saved in the
admin (`governance.services.file_minutes`, called by the admin's page hooks).
"""

from django.conf import settings

from coopsite.foundation.areas import private_collection

MINUTES_COLLECTION = "Procès-verbaux"


def minutes_collection():
    return private_collection(MINUTES_COLLECTION, [settings.GROUP_MEMBERS, settings.GROUP_EDITORS])


def file_as_minutes(document):
    """Move a document into the members-only minutes collection (if not already there)."""
    collection = minutes_collection()
    if document.collection_id != collection.pk:
        document.collection = collection
        document.save(update_fields=["collection"])
