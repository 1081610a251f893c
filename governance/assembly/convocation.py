"""Convocation, reminder and results of a general assembly: who gets an e-mail, who a letter.

Members with a vote (`selectors.electorate`) who agreed in writing to e-mails
(`MemberPage.convocation_by_email`) and have an address get the e-mails, through the task queue
once the transaction commits; the others are convened on paper, from the printable list
(`postal_members`). The convocation leaves at least `Statutes.convocation_notice_days` days
before the meeting, once; the reminder leaves three days before or less, once, to those who have
neither voted in advance, given a proxy nor been signed in.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.models import MemberPage, Statutes

# services -> tasks -> convocation -> services: a cycle, hence modules, not names, imported.
from . import selectors, services, tasks
from .models import Attendance, Channel, Participation, Sitting

REMINDER_DAYS = 3


@dataclass(frozen=True)
class Sent:
    """How many members are convened by e-mail and how many on paper."""

    email: int
    paper: int


def voters(*, assembly):
    """The members with a vote, with their account and contacts, by name."""
    electorate = selectors.electorate(assembly=assembly)
    return list(
        MemberPage.objects.filter(pk__in=electorate.voters)
        .select_related("user")
        .prefetch_related("contacts")
        .order_by("title")
    )


def by_email(member):
    return member.convocation_by_email and bool(member.convocation_email())


def postal_members(*, assembly):
    """The members with a vote convened on paper: no consent to e-mails, or no address."""
    return [member for member in voters(assembly=assembly) if not by_email(member)]


def answered(*, assembly):
    """Ids of the members who voted in advance, gave a live proxy or were signed in."""
    ids = set(Attendance.objects.filter(assembly=assembly).values_list("member_id", flat=True))
    ids.update(
        Participation.objects.filter(
            resolution__page=assembly, channel=Channel.ADVANCE
        ).values_list("member_id", flat=True)
    )
    ids.update(selectors.live_proxies(assembly=assembly).values_list("giver_id", flat=True))
    return ids


def days_left(*, assembly, now):
    return (assembly.starts_at - now) / timedelta(days=1)


def convocation_errors(*, assembly, sitting, now, notice_days):
    errors = []
    if sitting.convocation_sent_at is not None:
        errors.append(
            _("The convocation was already sent on %(date)s.")
            % {"date": timezone.localtime(sitting.convocation_sent_at).strftime("%d/%m/%Y")}
        )
    if days_left(assembly=assembly, now=now) < notice_days:
        errors.append(
            ngettext(
                "The convocation must leave at least %(days)d day before the meeting: "
                "it is too late, change the date of the assembly.",
                "The convocation must leave at least %(days)d days before the meeting: "
                "it is too late, change the date of the assembly.",
                notice_days,
            )
            % {"days": notice_days}
        )
    return errors


def send_convocation(*, assembly, user, now=None):
    """Mark the convocation sent and enqueue one e-mail per member convened by e-mail.
    Returns `Sent`; raises `AssemblyError` (nothing changed) when too late or already sent."""
    now = now or timezone.now()
    statutes = Statutes.load()
    with transaction.atomic():
        sitting, _created = Sitting.objects.get_or_create(assembly=assembly)
        sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
        errors = convocation_errors(
            assembly=assembly,
            sitting=sitting,
            now=now,
            notice_days=statutes.convocation_notice_days,
        )
        if errors:
            raise services.AssemblyError(errors)
        sitting.convocation_sent_at = now
        sitting.save(update_fields=["convocation_sent_at"])
        email = paper = 0
        for member in voters(assembly=assembly):
            if by_email(member):
                tasks.enqueue_on_commit(tasks.send_convocation_email, assembly.pk, member.pk)
                email += 1
            else:
                paper += 1
    return Sent(email=email, paper=paper)


def reminder_due(*, assembly, sitting, now):
    return (
        sitting.convocation_sent_at is not None
        and sitting.reminder_sent_at is None
        and sitting.opened_at is None
        and now < assembly.starts_at
        and days_left(assembly=assembly, now=now) <= REMINDER_DAYS
    )


def send_reminders(*, assembly, now=None):
    """Three days before the meeting or less, once: enqueue a reminder to each member convened
    by e-mail who has not answered. Returns the number enqueued (0 when not due)."""
    now = now or timezone.now()
    with transaction.atomic():
        sitting, _created = Sitting.objects.get_or_create(assembly=assembly)
        sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if not reminder_due(assembly=assembly, sitting=sitting, now=now):
            return 0
        sitting.reminder_sent_at = now
        sitting.save(update_fields=["reminder_sent_at"])
        done = answered(assembly=assembly)
        count = 0
        for member in voters(assembly=assembly):
            if member.pk not in done and by_email(member):
                tasks.enqueue_on_commit(tasks.send_reminder_email, assembly.pk, member.pk)
                count += 1
    return count


def notify_results(*, assembly):
    """Enqueue the results e-mail to each member convened by e-mail; returns how many."""
    count = 0
    for member in voters(assembly=assembly):
        if by_email(member):
            tasks.enqueue_on_commit(tasks.send_results_email, assembly.pk, member.pk)
            count += 1
    return count
