from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_user_display_name
from wagtail.locks import BasicLock, WorkflowLock

from coopsite.foundation.routes import page_route

from .forms import ResourceFormSet
from .models import MemberPage, MemberResource


def _lock_message(page, user):
    """A French message when Wagtail's lock on the page stops the member, else None.

    A workflow's lock does not: under moderation the change joins the workflow instead.
    """
    lock = page.get_lock()
    if lock is None or isinstance(lock, WorkflowLock) or not lock.for_user(user):
        return None
    if isinstance(lock, BasicLock) and page.locked_by_id:
        return _(
            "%(user)s is editing your page and has locked it: your offers and needs cannot be "
            "changed until the page is unlocked. Nothing was changed."
        ) % {"user": get_user_display_name(page.locked_by)}
    return _(
        "Your page is locked (an edit is in progress or scheduled): your offers and needs "
        "cannot be changed for now. Nothing was changed."
    )


def _with_resources(page, rows):
    page.resources = [
        MemberResource(
            direction=row["direction"], kind=row["kind"], title=row["title"], details=row["details"]
        )
        for row in rows
    ]
    return page


@page_route(MemberPage, "modifier/", name="edit_resources")
def edit_member_resources(member, request):
    """A member edits their own offers and needs from the site (not the admin).

    The change is a new revision of the member's page, attributed to the member, so editors see
    who changed what in the page history and can roll it back. Wagtail's locks and workflows
    apply as in the admin, and an editor's pending draft is never lost:

    - a page locked by an editor (or scheduled for publishing) is refused, naming who holds it;
    - under moderation, the change is a new revision on top of the one being reviewed, left in
      the workflow: it goes live when the reviewers approve;
    - with a pending draft, the change is published on top of the live page, then saved again
      on top of the draft, which stays a draft (the editor's changes are not published, and
      publishing them later does not undo the member's);
    - otherwise it is published at once.
    """
    if not member.can_edit_resources(request.user):
        raise PermissionDenied
    latest = member.get_latest_revision_as_object()  # the form starts from the newest state
    initial = [
        {"direction": r.direction, "kind": r.kind, "title": r.title, "details": r.details}
        for r in latest.resources.all()
    ]
    formset = ResourceFormSet(request.POST or None, initial=initial, prefix="resources")
    refused = _lock_message(member, request.user)
    if refused:
        messages.error(request, refused)
    elif request.method == "POST" and formset.is_valid():
        rows = [
            form.cleaned_data
            for form in formset
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        with transaction.atomic():
            page = type(member).objects.select_for_update().get(pk=member.pk)
            refused = _lock_message(page, request.user)
            if refused:
                transaction.set_rollback(True)
            else:
                messages.success(request, _save(page, rows, request.user))
        if refused:
            messages.error(request, refused)
        else:
            return redirect(member.url)
    return TemplateResponse(
        request,
        "governance/member_resources_form.html",
        {"page": member, "formset": formset, "locked": bool(refused)},
    )


def _save(page, rows, user):
    """Write the member's rows as Wagtail would; the message for the member."""
    if page.workflow_in_progress or page.current_workflow_state:
        _with_resources(page.get_latest_revision_as_object(), rows).save_revision(
            user=user, log_action=True
        )
        return _(
            "Your offers and needs are saved: your page is being reviewed by the editors, they "
            "will be published once the review is approved."
        )
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
    # The member has no page permissions in the admin: the ownership check of the view is the
    # permission, so Wagtail's own check is skipped for this publish.
    _with_resources(page, rows).save_revision(user=user, log_action=True).publish(
        user=user, skip_permission_checks=True
    )
    if draft is None:
        return _("Your offers and needs are up to date.")
    _with_resources(draft, rows).save_revision(user=user, log_action=True)
    return _(
        "Your offers and needs are up to date. An editor's changes to your page are waiting to "
        "be published: they now include your offers and needs."
    )
