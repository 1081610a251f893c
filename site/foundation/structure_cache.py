"""A shared cache for what every page reads and editors rarely change.

Every page needs the site settings, the statutes, the list of view restrictions (for the
privacy checks, menus and search) and the groups that may open the admin. Reading them from the
database costs several queries per request; they change a few times a year. They are kept in
Django's cache (shared by every worker in production: Redis or files, see
`settings/production.py`) under a *generation*:

- each value is stored under ``coop:structure:<generation>:<name>``;
- any change to what they are built from (a view restriction, its groups, a page saved, moved or
  deleted, a settings model, a group's permissions) starts a new generation, at once and again
  when the transaction commits. A request that read the database before the commit can only
  fill the generation that the commit then abandons, so a stale restriction never outlives the
  change that removed it.

A change that bypasses signals (``QuerySet.update()``, raw SQL) is caught by the timeout.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "coop:structure:generation"
TIMEOUT = 60  # seconds: the safety net for changes made without signals
_MISSING = object()


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def cached(name, loader):
    """The value of `loader()`, shared between requests until the structure changes."""
    key = f"coop:structure:{current_generation()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = loader()
        cache.set(key, value, TIMEOUT)
    return value


def _new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def invalidate():
    """Forget every cached value now and once more when the current transaction commits."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _invalidate_on_change(sender, raw=False, **kwargs):
    if not raw:
        invalidate()


def watch(*models):
    """Start a new generation whenever an instance of one of `models` is saved or deleted."""
    for model in models:
        uid = f"coop-structure-watch-{model._meta.label_lower}"
        post_save.connect(_invalidate_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_invalidate_on_change, sender=model, dispatch_uid=f"{uid}-delete")
