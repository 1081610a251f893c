"""Registration e-mails as background tasks (`django_tasks`), enqueued once the transaction that
changed the registration has committed (`training.registration`).

Each task receives the registration's id and the status that called for the e-mail, reads the
registration again when it runs and sends nothing when the e-mail no longer applies: the
registration was deleted, or its status changed in between (a confirmed seat cancelled before
the worker got to it gets the cancellation e-mail only, never a stale confirmation). Those cases
end the task normally (its result says why nothing was sent): only a failure to send, e.g. the
mail server refusing, marks the task failed, and the database queue does not run it again.

The functions' paths (`training.tasks.…`) are stored in the queue: rename them only once the
queue is empty.
"""

import logging

from django_tasks import task

from coopsite.foundation.tasks import EMAIL_TASK_PRIORITY

from . import emails
from .models import Registration

logger = logging.getLogger(__name__)

SENT = "sent"
SKIPPED_DELETED = "skipped: registration deleted"
SKIPPED_CHANGED = "skipped: status changed"


def _current(registration_id, expected_status, kind):
    registration = (
        Registration.objects.select_related("session__course").filter(pk=registration_id).first()
    )
    if registration is None:
        logger.info("No %s e-mail: registration %s no longer exists", kind, registration_id)
        return None, SKIPPED_DELETED
    if registration.status != expected_status:
        logger.info(
            "No %s e-mail: registration %s is now %s", kind, registration_id, registration.status
        )
        return None, SKIPPED_CHANGED
    return registration, SENT


@task(priority=EMAIL_TASK_PRIORITY)
def send_registration_email(registration_id, status):
    """Confirmation (with the calendar) or waiting list, as `status` was at registration."""
    registration, outcome = _current(registration_id, status, "registration")
    if registration is not None:
        emails.send_registration_email(registration)
    return outcome


@task(priority=EMAIL_TASK_PRIORITY)
def send_promotion_email(registration_id):
    """A seat is free: the registration moved from the waiting list to confirmed."""
    registration, outcome = _current(registration_id, Registration.CONFIRMED, "promotion")
    if registration is not None:
        emails.send_promotion_email(registration)
    return outcome


@task(priority=EMAIL_TASK_PRIORITY)
def send_cancellation_email(registration_id):
    registration, outcome = _current(registration_id, Registration.CANCELLED, "cancellation")
    if registration is not None:
        emails.send_cancellation_email(registration)
    return outcome


@task(priority=EMAIL_TASK_PRIORITY)
def send_already_registered_email(registration_id, language):
    """Someone registered this address again: the address is told it already is (in the
    language of that attempt), with its status and its cancel link; the page said nothing."""
    registration = (
        Registration.objects.select_related("session__course").filter(pk=registration_id).first()
    )
    if registration is None:
        logger.info("No already-registered e-mail: registration %s is gone", registration_id)
        return SKIPPED_DELETED
    if registration.status == Registration.CANCELLED:
        logger.info("No already-registered e-mail: registration %s is cancelled", registration_id)
        return SKIPPED_CHANGED
    emails.send_already_registered_email(registration, language)
    return SENT
