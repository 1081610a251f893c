"""Close django-simple-history's gaps around deletions and commands (see `history.py`)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _
from simple_history.signals import pre_create_historical_record

from governance.models import DecisionPage, MemberPage

from .history import current_batch, current_reason, current_user
from .models import Contribution


@receiver(pre_create_historical_record)
def attribute_history(sender, history_instance, **kwargs):
    """Commands and imports name their user and reason with `recorded_by()`; rows of one
    request or block share a batch."""
    if hasattr(history_instance, "history_batch"):
        history_instance.history_batch = current_batch()
    if history_instance.history_user_id is None:
        user = current_user()
        if user is not None:
            history_instance.history_user = user
    if not history_instance.history_change_reason and current_reason():
        history_instance.history_change_reason = current_reason()


def _record_removal(partnerships, field_name, obj, reason):
    for partnership in partnerships:
        partnership._change_reason = reason
        getattr(partnership, field_name).remove(obj)  # m2m_changed: a history row


def _clear_contributions(field_name, obj, reason):
    for contribution in Contribution.objects.filter(**{field_name: obj}):
        setattr(contribution, field_name, None)
        contribution._change_reason = reason
        contribution.save()


@receiver(pre_delete, sender="partnerships.Organisation")
def organisation_deleted(sender, instance, **kwargs):
    reason = _("Organisation « %(name)s » deleted") % {"name": instance}
    _record_removal(instance.company_partnerships.all(), "company_partners", instance, reason)
    _record_removal(
        instance.association_partnerships.all(), "association_partners", instance, reason
    )
    _clear_contributions("from_organisation", instance, reason)


def _page_deleted(sender, instance, **kwargs):
    reason = _("Page « %(title)s » deleted") % {"title": instance.title}
    if isinstance(instance, MemberPage):
        _record_removal(instance.partnerships.all(), "member_partners", instance, reason)
        _clear_contributions("from_member", instance, reason)
    elif isinstance(instance, DecisionPage):
        _record_removal(instance.partnerships.all(), "decisions", instance, reason)


@receiver(pre_delete, sender=get_user_model())
def owner_deleted(sender, instance, **kwargs):
    for partnership in instance.owned_partnerships.all():
        partnership.owner = None
        partnership._change_reason = _("Account of the owner deleted")
        partnership.save()


def connect_page_deletions():
    for model in (MemberPage, DecisionPage):
        pre_delete.connect(_page_deleted, sender=model, dispatch_uid=f"partnerships-{model}")
