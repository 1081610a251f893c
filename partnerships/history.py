"""Field-level history of partnerships: every write path recorded, a readable timeline, restore.

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
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalKey
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


class ClusterHistoricalRecords(HistoricalRecords):
    """HistoricalRecords for a model with a `ParentalKey` (an inline of a cluster).

    The historical copy of a ParentalKey must be a plain foreign key: modelcluster refuses the
    `related_name="+"` that history tables use.
    """

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for copied in fields.values():
            if isinstance(copied, ParentalKey):
                copied.__class__ = models.ForeignKey
        return fields


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


# --- The timeline ------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    date: object
    user: object
    action: str
    subject: str
    reason: str = ""
    changes: list = field(default_factory=list)
    batch: str = ""


SKIPPED = {
    "id",
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "created_at",
    "updated_at",
    "sort_order",
    "partnership",
}


def _display(model_field, value, labels):
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return labels.get((model_field.related_model, value), f"#{value}")
    if isinstance(model_field, models.DateField):
        return date_format(value, "j F Y")
    if isinstance(model_field, models.DecimalField):
        return f"{value:.2f} €".replace(".", ",")
    return str(value)


def _tracked_fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED]


def _m2m_relation(model, name):
    """The historical record's reverse relation to its many-to-many rows for field `name`."""
    return f"historical{model._meta.model_name}_{name}_set"


def _m2m_rows(record, model, name):
    return getattr(record, _m2m_relation(model, name)).all()


def _snapshot(record, model, m2m_names, labels):
    values = {}
    for model_field in _tracked_fields(model):
        values[str(model_field.verbose_name)] = _display(
            model_field, getattr(record, model_field.attname), labels
        )
    for name in m2m_names:
        model_field = model._meta.get_field(name)
        target = model_field.related_model
        column = model_field.m2m_reverse_field_name()
        ids = sorted(getattr(row, f"{column}_id") for row in _m2m_rows(record, model, name))
        names = sorted(labels.get((target, pk), f"#{pk}") for pk in ids)
        values[str(model_field.verbose_name)] = ", ".join(names) or "—"
    return values


def _labels(records_by_model):
    """`{(model, pk): label}` for every foreign key and m2m target the records mention."""
    wanted = {}
    for model, m2m_names, records in records_by_model:
        for model_field in _tracked_fields(model):
            if isinstance(model_field, models.ForeignKey):
                ids = {getattr(r, model_field.attname) for r in records} - {None}
                wanted.setdefault(model_field.related_model, set()).update(ids)
        for name in m2m_names:
            model_field = model._meta.get_field(name)
            column = model_field.m2m_reverse_field_name()
            for record in records:
                wanted.setdefault(model_field.related_model, set()).update(
                    getattr(row, f"{column}_id") for row in _m2m_rows(record, model, name)
                )
    labels = {}
    for target, ids in wanted.items():
        for obj in target._base_manager.filter(pk__in=ids):
            labels[(target, obj.pk)] = (
                obj.get_full_name() or obj.get_username()
                if hasattr(obj, "get_username")
                else str(obj)
            )
        missing = [pk for pk in ids if (target, pk) not in labels]
        if missing and hasattr(target, "history"):  # deleted since: its last known name
            for past in target.history.filter(id__in=missing).order_by("history_date"):
                labels[(target, past.id)] = _("%(name)s (deleted)") % {"name": past.instance}
    return labels


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _entries(records, model, m2m_names, subject, labels):
    entries = []
    previous = None
    for record in records:  # oldest first
        values = _snapshot(record, model, m2m_names, labels)
        changes = []
        if record.history_type == "~" and previous is not None:
            changes = [
                Change(label, previous[label], value)
                for label, value in values.items()
                if previous.get(label) != value
            ]
        elif record.history_type == "+":
            changes = [Change(label, "—", value) for label, value in values.items() if value != "—"]
        previous = values
        if record.history_type == "~" and not changes:
            continue  # a save that changed nothing
        entries.append(
            Entry(
                date=record.history_date,
                user=record.history_user,
                action=ACTIONS[record.history_type],
                subject=subject(record),
                reason=record.history_change_reason or "",
                changes=changes,
                batch=record.history_batch,
            )
        )
    return entries


def _merge(entries):
    """Rows of one batch (a form save: fields, then each many-to-many) make one entry."""
    merged = []
    for entry in entries:
        last = merged[-1] if merged else None
        if (
            last is not None
            and entry.batch
            and last.batch == entry.batch
            and last.subject == entry.subject
            and entry.action == "changed"
        ):
            by_label = {change.label: change for change in last.changes}
            for change in entry.changes:
                if change.label in by_label:
                    by_label[change.label].after = change.after
                else:
                    last.changes.append(change)
            last.changes = [c for c in last.changes if c.before != c.after]
            last.reason = entry.reason or last.reason
            last.date = entry.date
            continue
        merged.append(entry)
    return merged


def timeline(partnership):
    """Every change to the partnership and its contributions, newest first."""
    from .models import Contribution, Partnership

    m2m_names = [f.name for f in Partnership._meta.many_to_many]
    records = list(
        Partnership.history.filter(id=partnership.pk)
        .select_related("history_user")
        .prefetch_related(*[_m2m_relation(Partnership, name) for name in m2m_names])
        .order_by("history_date", "history_id")
    )
    contribution_records = list(
        Contribution.history.filter(partnership_id=partnership.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    labels = _labels([(Partnership, m2m_names, records), (Contribution, [], contribution_records)])
    entries = _merge(
        _entries(records, Partnership, m2m_names, lambda r: _("the partnership"), labels)
    )
    by_contribution = {}
    for record in contribution_records:
        by_contribution.setdefault(record.id, []).append(record)
    for group in by_contribution.values():
        entries += _entries(
            group,
            Contribution,
            [],
            lambda r: _("contribution « %(description)s »") % {"description": r.description},
            labels,
        )
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return [entry for entry in entries if entry.changes or entry.action != "changed"]


# --- Restore -----------------------------------------------------------------------------------


def restore(partnership, moment, user):
    """Bring the partnership, its partners and its contributions back to their state at
    `moment` (the date of a timeline entry).

    The restore is itself a change, recorded like any other (with the reason "Restauré…").
    """
    from .models import Contribution, Partnership

    record = (
        Partnership.history.filter(id=partnership.pk, history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None or record.history_type == "-":
        raise ValueError("no state to restore at this date")
    reason = _("Restored to its state of %(date)s") % {
        "date": date_format(timezone.localtime(moment), "j F Y H:i")
    }
    with transaction.atomic(), recorded_by(user, reason):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        for model_field in _tracked_fields(Partnership):
            setattr(partnership, model_field.attname, getattr(record, model_field.attname))
        # Partners first without history rows, then one save that records everything.
        partnership.skip_history_when_saving = True
        for model_field in Partnership._meta.many_to_many:
            column = model_field.m2m_reverse_field_name()
            rows = _m2m_rows(record, Partnership, model_field.name)
            getattr(partnership, model_field.name).set([getattr(r, f"{column}_id") for r in rows])
        del partnership.skip_history_when_saving
        partnership.save()

        then = {
            past.pk: past
            for past in Contribution.history.as_of(moment).filter(partnership_id=partnership.pk)
        }
        now = {c.pk: c for c in Contribution.objects.filter(partnership=partnership)}
        for pk, current in now.items():
            if pk not in then:
                current.delete()
        for pk, past in then.items():
            contribution = now.get(pk) or Contribution(pk=pk, partnership=partnership)
            changed = pk not in now
            for model_field in _tracked_fields(Contribution):
                value = getattr(past, model_field.attname)
                if getattr(contribution, model_field.attname) != value:
                    setattr(contribution, model_field.attname, value)
                    changed = True
            if changed:
                contribution.sort_order = past.sort_order
                contribution.save()
    return partnership
