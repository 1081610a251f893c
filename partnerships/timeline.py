"""The timeline of a partnership's recorded changes, and restoring a past state.

Reads what `history.py` records (django-simple-history's rows, grouped by `HistoryBatch`). Apart
from `history.py` because the models import the recording machinery, and this module imports
the models.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import pipeline
from .history import recorded_by
from .models import Contribution, Partnership

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


def _unavailable(model_field, ids):
    """The ids among `ids` the edit form would not offer for `model_field` any more: deleted,
    or outside its `limit_choices_to` (an owner who left the committee...)."""
    ids = set(ids) - {None}
    if not ids:
        return set()
    target = model_field.related_model
    offered = target._default_manager.complex_filter(model_field.get_limit_choices_to())
    return ids - set(offered.filter(pk__in=ids).values_list("pk", flat=True))


def _relation_problems(model_field, ids, labels, prefix=""):
    name = f"{prefix}{model_field.verbose_name}"
    return [
        _("%(field)s: %(name)s can no longer be chosen (deleted, or no longer allowed).")
        % {"field": name, "name": labels.get((model_field.related_model, pk), f"#{pk}")}
        for pk in sorted(_unavailable(model_field, ids))
    ]


def _clean_problems(obj, exclude, prefix=""):
    """The messages of the model's own validation (fields and `clean()`), as the form gives."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = []
        for name, messages in error.message_dict.items():
            for message in messages:
                if name in (NON_FIELD_ERRORS, "stage_reason"):
                    problems.append(f"{prefix}{message}")
                else:
                    label = obj._meta.get_field(name).verbose_name
                    problems.append(
                        _("%(field)s: %(message)s")
                        % {"field": f"{prefix}{label}", "message": message}
                    )
        return problems
    return []


def restore(partnership, moment, user, reason=""):
    """Bring the partnership, its partners and its contributions back to their state at
    `moment` (the date of a timeline entry).

    The restore is validated as a save from the edit form: the fields and `clean()` of each
    model, every partner, owner and organisation still offered by the form, and the pipeline's
    rule (a move that is not one step forward needs `reason`). Problems raise `ValidationError`
    with every French message, and nothing is written. The restore is itself a change, recorded
    like any other (with the reason "Restauré…").
    """
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise ValidationError(_("This moment is in the future: only a past state can be restored."))
    record = (
        Partnership.history.filter(id=partnership.pk, history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None or record.history_type == "-":
        raise ValueError("no state to restore at this date")
    reason = (reason or "").strip()
    date = date_format(timezone.localtime(moment), "j F Y H:i")
    history_reason = (
        _("Restored to its state of %(date)s: %(reason)s") % {"date": date, "reason": reason}
        if reason
        else _("Restored to its state of %(date)s") % {"date": date}
    )
    m2m_fields = list(Partnership._meta.many_to_many)
    with transaction.atomic(), recorded_by(user, history_reason):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        previous_stage = partnership.stage
        for model_field in _tracked_fields(Partnership):
            setattr(partnership, model_field.attname, getattr(record, model_field.attname))
        partners = {}
        for model_field in m2m_fields:
            column = model_field.m2m_reverse_field_name()
            rows = _m2m_rows(record, Partnership, model_field.name)
            partners[model_field.name] = [getattr(r, f"{column}_id") for r in rows]
        then = {
            past.pk: past
            for past in Contribution.history.as_of(moment).filter(partnership_id=partnership.pk)
        }

        # Everything is checked before anything is written.
        relations = [f for f in _tracked_fields(Partnership) if isinstance(f, models.ForeignKey)]
        contribution_relations = [
            f for f in _tracked_fields(Contribution) if isinstance(f, models.ForeignKey)
        ]
        labels = _labels(
            [
                (Partnership, [f.name for f in m2m_fields], [record]),
                (Contribution, [], list(then.values())),
            ]
        )
        problems = []
        stage_problem = pipeline.check_transition(previous_stage, partnership.stage, reason)
        if stage_problem:
            problems.append(stage_problem)
        elif reason and partnership.stage != previous_stage:
            partnership.stage_reason = reason  # the reason for this move, as the form keeps it
        for model_field in relations:
            problems += _relation_problems(
                model_field, [getattr(partnership, model_field.attname)], labels
            )
        for model_field in m2m_fields:
            problems += _relation_problems(model_field, partners[model_field.name], labels)
        # (clean() repeats a pipeline problem found above: the messages are deduplicated)
        problems += _clean_problems(partnership, exclude=[f.name for f in relations])
        contributions = []
        for pk, past in then.items():
            contribution = Contribution(pk=pk, partnership=partnership, sort_order=past.sort_order)
            for model_field in _tracked_fields(Contribution):
                setattr(contribution, model_field.attname, getattr(past, model_field.attname))
            prefix = _("contribution « %(description)s »") % {"description": past.description}
            prefix = f"{prefix}, "
            for model_field in contribution_relations:
                problems += _relation_problems(
                    model_field, [getattr(contribution, model_field.attname)], labels, prefix
                )
            problems += _clean_problems(
                contribution,
                exclude=["partnership"] + [f.name for f in contribution_relations],
                prefix=prefix,
            )
            contributions.append(contribution)
        if problems:
            raise ValidationError(list(dict.fromkeys(problems)))

        # Partners first without history rows, then one save that records everything.
        partnership.skip_history_when_saving = True
        for model_field in m2m_fields:
            getattr(partnership, model_field.name).set(partners[model_field.name])
        del partnership.skip_history_when_saving
        partnership.save()

        now = {c.pk: c for c in Contribution.objects.filter(partnership=partnership)}
        for pk, current in now.items():
            if pk not in then:
                current.delete()
        for contribution in contributions:
            current = now.get(contribution.pk)
            changed = current is None or any(
                getattr(current, f.attname) != getattr(contribution, f.attname)
                for f in _tracked_fields(Contribution)
            )
            if changed:
                contribution.save()
    return partnership
