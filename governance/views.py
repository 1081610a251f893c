from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .forms import ResourceFormSet
from .models import MemberResource


def edit_member_resources(request, member):
    """A member edits their own offers and needs from the site (not the admin).

    The change is published as a new revision of the member's page, attributed to the member,
    so editors see who changed what in the page history and can roll it back.
    """
    if not member.can_edit_resources(request.user):
        raise PermissionDenied
    initial = [
        {"direction": r.direction, "kind": r.kind, "title": r.title, "details": r.details}
        for r in member.resources.all()
    ]
    formset = ResourceFormSet(request.POST or None, initial=initial, prefix="resources")
    if request.method == "POST" and formset.is_valid():
        rows = [
            form.cleaned_data
            for form in formset
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        with transaction.atomic():
            page = type(member).objects.select_for_update().get(pk=member.pk)
            page.resources = [
                MemberResource(
                    direction=row["direction"],
                    kind=row["kind"],
                    title=row["title"],
                    details=row["details"],
                )
                for row in rows
            ]
            # The member has no page permissions in the admin: this view's ownership check
            # above is the permission, so Wagtail's own check is skipped for this publish.
            page.save_revision(user=request.user, log_action=True).publish(
                user=request.user, skip_permission_checks=True
            )
        messages.success(request, _("Your offers and needs are up to date."))
        return redirect(member.url)
    return TemplateResponse(
        request,
        "governance/member_resources_form.html",
        {"page": member, "formset": formset},
    )
