"""The stages of a partnership and the moves between them.

The pipeline runs idée → premier contact → négociation → convention signée → en cours →
terminé; a partnership may be dropped (*abandonné*) from any open stage. Moving one step
forward, staying, or dropping needs no comment; anything else — skipping steps (from *idée*
straight to *terminé*), going back, reopening — needs an explicit reason, kept in the history.
"""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Stage(models.TextChoices):
    IDEA = "idea", gettext_lazy("idea")
    FIRST_CONTACT = "contact", gettext_lazy("first contact")
    NEGOTIATION = "negotiation", gettext_lazy("negotiation")
    SIGNED = "signed", gettext_lazy("agreement signed")
    RUNNING = "running", gettext_lazy("running")
    ENDED = "ended", gettext_lazy("ended")
    DROPPED = "dropped", gettext_lazy("dropped")


ORDER = [
    Stage.IDEA,
    Stage.FIRST_CONTACT,
    Stage.NEGOTIATION,
    Stage.SIGNED,
    Stage.RUNNING,
    Stage.ENDED,
]
OPEN_STAGES = set(ORDER[:-1])
FIRST_STAGES = {Stage.IDEA, Stage.FIRST_CONTACT}


def needs_reason(previous, new):
    """True when going from `previous` (None for a new record) to `new` skips the pipeline."""
    if previous == new:
        return False
    if previous is None:
        return new not in FIRST_STAGES
    if new == Stage.DROPPED:
        return previous not in OPEN_STAGES
    if previous == Stage.DROPPED or new not in ORDER:
        return True
    return ORDER.index(new) - ORDER.index(previous) != 1


def check_transition(previous, new, reason):
    """A French message when the move needs a reason that was not given, else None."""
    if not needs_reason(previous, new) or (reason or "").strip():
        return None
    new_label = Stage(new).label
    if previous is None:
        return _(
            "A new partnership starts at « idea » or « first contact »: explain why it "
            "starts at « %(new)s »."
        ) % {"new": new_label}
    return _("Going from « %(previous)s » to « %(new)s » skips the pipeline: give the reason.") % {
        "previous": Stage(previous).label,
        "new": new_label,
    }
