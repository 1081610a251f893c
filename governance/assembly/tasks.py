"""General assembly e-mails as background tasks (`django_tasks`), enqueued once the transaction
that called for them has committed (`governance.assembly.convocation`, `services`).

Each task receives ids, reads the rows again when it runs and sends nothing when the e-mail no
longer applies: the assembly or member is gone, the member no longer accepts e-mails or has no
address, the proxy was revoked before its "received" e-mail left, the member has voted in
advance, given a proxy or been signed in before the reminder left. Those cases end the task
normally (its result says why).

The functions' paths (`governance.assembly.tasks.…`) are stored in the queue: rename them only
once the queue is empty.
"""

import logging
from functools import partial

from django.db import transaction
from django_tasks import task

from coopsite.foundation.tasks import EMAIL_TASK_PRIORITY
from governance.models import MemberPage

from . import convocation, emails
from .models import AssemblyPage, Proxy

logger = logging.getLogger(__name__)

SENT = "sent"
SKIPPED_GONE = "skipped: assembly or member gone"
SKIPPED_NO_CONSENT = "skipped: no e-mail consent or address"
SKIPPED_CHANGED = "skipped: no longer applies"


def enqueue_on_commit(task_, *args):
    """Enqueue once the current transaction commits (at once outside a transaction); should
    the queue fail, the error is logged and the committed change stands."""
    transaction.on_commit(partial(task_.enqueue, *args), robust=True)


def _assembly_and_member(assembly_id, member_id):
    assembly = AssemblyPage.objects.live().filter(pk=assembly_id).first()
    member = MemberPage.objects.live().select_related("user").filter(pk=member_id).first()
    return assembly, member


def _consenting_address(member):
    return member.convocation_email() if member.convocation_by_email else ""


@task(priority=EMAIL_TASK_PRIORITY)
def send_convocation_email(assembly_id, member_id):
    assembly, member = _assembly_and_member(assembly_id, member_id)
    if assembly is None or member is None:
        return SKIPPED_GONE
    to = _consenting_address(member)
    if not to:
        return SKIPPED_NO_CONSENT
    emails.send_convocation(assembly=assembly, member=member, to=to)
    return SENT


@task(priority=EMAIL_TASK_PRIORITY)
def send_reminder_email(assembly_id, member_id):
    assembly, member = _assembly_and_member(assembly_id, member_id)
    if assembly is None or member is None:
        return SKIPPED_GONE
    to = _consenting_address(member)
    if not to:
        return SKIPPED_NO_CONSENT
    if member.pk in convocation.answered(assembly=assembly):
        logger.info("No reminder: member %s has answered since", member_id)
        return SKIPPED_CHANGED
    emails.send_reminder(assembly=assembly, member=member, to=to)
    return SENT


@task(priority=EMAIL_TASK_PRIORITY)
def send_proxy_email(proxy_id, revoked):
    """To the holder: a proxy received (`revoked` False) or revoked (True)."""
    proxy = (
        Proxy.objects.select_related("assembly", "giver", "holder__user")
        .filter(pk=proxy_id)
        .first()
    )
    if proxy is None or proxy.holder is None:
        return SKIPPED_GONE
    if (proxy.revoked_at is not None) != revoked:
        return SKIPPED_CHANGED
    to = _consenting_address(proxy.holder)
    if not to:
        return SKIPPED_NO_CONSENT
    emails.send_proxy_email(proxy=proxy, to=to, revoked=revoked)
    return SENT


@task(priority=EMAIL_TASK_PRIORITY)
def send_results_email(assembly_id, member_id):
    assembly, member = _assembly_and_member(assembly_id, member_id)
    if assembly is None or member is None:
        return SKIPPED_GONE
    to = _consenting_address(member)
    if not to:
        return SKIPPED_NO_CONSENT
    emails.send_results(assembly=assembly, member=member, to=to)
    return SENT
