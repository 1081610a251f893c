"""Registration rules: capacity, waiting list, duplicates, deadlines, cancellation, promotion.

Every change happens in one transaction holding a row lock on the session
(`select_for_update`), so that people registering at the same moment are counted one after the
other: with 20 seats and 50 simultaneous requests, exactly 20 are confirmed and 30 wait, in the
order they got the lock (the order of their registration ids). On SQLite, where row locks do
not exist, the same transaction takes the database's write lock at its start (settings:
``transaction_mode`` IMMEDIATE), which serialises registrations just as well.

E-mails are background tasks (`training.tasks`), enqueued once the transaction has committed:
nothing is queued for a registration that was rolled back, and a slow or failing mail server
never holds up or breaks the request (the worker sends them; see settings, "Background tasks").
"""

from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import tasks
from .models import Registration, TrainingSession


class RegistrationRefused(Exception):
    """A registration that cannot be taken; the message is for the person registering."""


class AlreadyRegistered(RegistrationRefused):
    """The address is already registered (confirmed or waiting) for the session.

    Not to be shown on the page: whoever types an address must not learn whether it is
    registered. `register` has already queued an e-mail telling the address so.
    """


def register(
    session,
    *,
    name,
    email,
    structure="",
    member=None,
    phone="",
    accessibility_needs="",
    consent=False,
    language="fr",
    user=None,
    today=None,
):
    """Register one person; confirmed while seats are left, else on the waiting list."""
    if not consent:
        raise RegistrationRefused(_("Your consent to the use of your data is needed."))
    email = email.strip().lower()
    try:
        with transaction.atomic():
            locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
            if locked.cancelled:
                raise RegistrationRefused(_("This session has been cancelled."))
            if not locked.is_open(today):
                raise RegistrationRefused(_("Registration for this session is closed."))
            active = locked.registrations.exclude(status=Registration.CANCELLED)
            if active.filter(email=email).exists():
                raise AlreadyRegistered(
                    _("This e-mail address is already registered for this session.")
                )
            confirmed = active.filter(status=Registration.CONFIRMED).count()
            registration = Registration.objects.create(
                session=locked,
                name=name.strip(),
                email=email,
                structure=structure.strip() if member is None else "",
                member=member,
                phone=phone.strip(),
                accessibility_needs=accessibility_needs.strip(),
                consent=True,
                language=language,
                user=user if user is not None and user.is_authenticated else None,
                status=(
                    Registration.CONFIRMED if confirmed < locked.capacity else Registration.WAITING
                ),
            )
            _enqueue_on_commit(tasks.send_registration_email, registration.pk, registration.status)
    except IntegrityError as error:  # the unique constraint, should two requests slip past
        _tell_already_registered(session, email, language)
        raise AlreadyRegistered(
            _("This e-mail address is already registered for this session.")
        ) from error
    except AlreadyRegistered:
        _tell_already_registered(session, email, language)
        raise
    return registration


def _tell_already_registered(session, email, language):
    """The address learns by e-mail that it was already registered; nothing is written."""
    existing = (
        Registration.objects.filter(session_id=session.pk, email=email)
        .exclude(status=Registration.CANCELLED)
        .first()
    )
    if existing is not None:
        _enqueue_on_commit(tasks.send_already_registered_email, existing.pk, language)


def cancel(registration):
    """Cancel a registration; a confirmed seat goes to the first person waiting.

    Returns the promoted registration, or None. Cancelling twice changes nothing.
    """
    with transaction.atomic():
        TrainingSession.objects.select_for_update().get(pk=registration.session_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == Registration.CANCELLED:
            return None
        was_confirmed = current.status == Registration.CONFIRMED
        current.status = Registration.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        promoted = None
        session = current.session
        if was_confirmed and session.last_day and session.last_day >= timezone.localdate():
            # Not for a session already held; the first promoted is the one this seat went to.
            promoted = next(iter(promote_waiting(session)), None)
        _enqueue_on_commit(tasks.send_cancellation_email, current.pk)
    registration.refresh_from_db()
    return promoted


def has_started(first_start, now):
    """Whether a session whose first day begins at `first_start` (a naive date and time, the
    cooperative's local time, as session days store them) has started at `now` (aware).

    A session without days (`first_start` None) has not started.
    """
    if first_start is None:
        return False
    return timezone.localtime(now).replace(tzinfo=None) >= first_start


def first_start(session):
    """The local date and time the session's first day begins, or None without days."""
    day = session.days.order_by("date", "start_time").first()
    return None if day is None else datetime.combine(day.date, day.start_time)


def cancel_by_link(registration, now=None):
    """The person's own cancellation (the signed link of the e-mails): refused once the session
    has started. Organisers and editors cancel with `cancel` (the admin), at any time."""
    if has_started(first_start(registration.session), now or timezone.now()):
        raise RegistrationRefused(started_message())
    return cancel(registration)


def started_message():
    return _(
        "This session has started: the registration can no longer be cancelled online. "
        "Please contact the organisers."
    )


def fill_free_seats(*, session):
    """Confirm people from the waiting list while `session` has free seats (after its capacity
    was raised, say), first come first served, each told by e-mail once the transaction commits.

    The admin calls it whenever a session is saved (`training.admin_views`); saving the model
    alone promotes nobody. Nothing moves for a cancelled session. Returns the registrations
    promoted, in the waiting list's order.
    """
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if locked.cancelled:
            return []
        return promote_waiting(locked)


def promote_waiting(session):
    """Fill free seats from the waiting list, first come first served (inside a lock).

    Returns the registrations promoted, in order.
    """
    promoted = []
    confirmed = session.registrations.filter(status=Registration.CONFIRMED).count()
    waiting = session.registrations.filter(status=Registration.WAITING).order_by("pk")
    for candidate in waiting[: max(session.capacity - confirmed, 0)]:
        candidate.status = Registration.CONFIRMED
        candidate.promoted_at = timezone.now()
        candidate.save(update_fields=["status", "promoted_at"])
        _enqueue_on_commit(tasks.send_promotion_email, candidate.pk)
        promoted.append(candidate)
    return promoted


def _enqueue_on_commit(task, *args):
    """Enqueue `task` once the current transaction commits (at once outside a transaction).

    Robust: should the queue itself fail (the database gone at that instant), the error is
    logged and the committed registration stands; the request carries on.
    """
    transaction.on_commit(partial(task.enqueue, *args), robust=True)
