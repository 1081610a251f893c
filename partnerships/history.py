"""Field-level history of partnerships: every write path recorded (the timeline and restoring a
past state read it: `timeline.py`).

django-simple-history records `save()` and `delete()` through signals, and many-to-many changes
through `m2m_fields`. Its known gaps, and how each is closed here:

- `QuerySet.update()`, `bulk_create()` and `bulk_update()` send no signal: `HistoryQuerySet`
  writes the history rows for them (`bulk_history_create`).
- Deleting an organisation, a member page, a decision or a user changes partnerships without
  `save()` (SET NULL, many-to-many rows removed by the database): `signals.py` makes those
  changes with `save()` and `.remove()` first, so they are recorded.
- The user comes from the request (`HistoryRequestMiddleware`); commands and imports pass it
  with `recorded_by(user)`.
"""

import threading
import uuid
from contextlib import contextmanager

from django.db import models, transaction
from simple_history.models import HistoricalRecords

_local = threading.local()


class HistoryBatch(models.Model):
    """Rows written by one request or one `recorded_by()` block share a batch: the timeline
    shows them as one change (a form save writes the fields, then each many-to-many)."""

    history_batch = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        abstract = True


def current_batch():
    batch = getattr(_local, "batch", None)
    if batch:
        return batch
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return ""
    if not hasattr(request, "_history_batch"):
        request._history_batch = uuid.uuid4().hex
    return request._history_batch


@contextmanager
def recorded_by(user, reason=None):
    """Attribute the history written in this block to `user` (commands, imports, scripts)."""
    previous = [getattr(_local, name, None) for name in ("user", "reason", "batch")]
    _local.user, _local.reason, _local.batch = user, reason, uuid.uuid4().hex
    try:
        yield
    finally:
        _local.user, _local.reason, _local.batch = previous


def current_user():
    user = getattr(_local, "user", None)
    if user is not None:
        return user
    request = getattr(HistoricalRecords.context, "request", None)
    request_user = getattr(request, "user", None)
    if request_user is not None and request_user.is_authenticated:
        return request_user
    return None


def current_reason():
    return getattr(_local, "reason", None)


class HistoryQuerySet(models.QuerySet):
    """A queryset whose bulk writes leave the same history as `save()` would."""

    def _record(self, objs, update):
        if objs and hasattr(self.model, "history"):
            self.model.history.bulk_history_create(
                objs,
                update=update,
                default_user=current_user(),
                default_change_reason=current_reason() or "",
            )

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            self._record(list(self.model._default_manager.filter(pk__in=pks)), update=True)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            self._record([obj for obj in created if obj.pk], update=False)
        return created

    # `bulk_update()` runs `update()` on each batch: recorded there.
