"""Admin screen "Envoyer la convocation" of a general assembly: a confirmation page (what will
leave, by e-mail and on paper), then the convocation is sent (`convocation.send_convocation`).
Only users who may publish the assembly's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Statutes

from . import convocation, services
from .models import AssemblyPage, Sitting


def can_send_convocation(page, user):
    return page.permissions_for_user(user).can_publish()


def send_convocation_view(request, page_id):
    page = get_object_or_404(AssemblyPage, pk=page_id)
    if not can_send_convocation(page, request.user):
        raise PermissionDenied
    sitting = Sitting.objects.filter(assembly=page).first()
    voters = convocation.voters(assembly=page)
    by_email = [member for member in voters if convocation.by_email(member)]
    errors = convocation.convocation_errors(
        assembly=page,
        sitting=sitting or Sitting(assembly=page),
        now=timezone.now(),
        notice_days=Statutes.load().convocation_notice_days,
    )
    if request.method == "POST":
        if not page.live:
            errors = [_("Publish the assembly's page first: the convocation links to it.")]
        else:
            try:
                sent = convocation.send_convocation(assembly=page, user=request.user)
            except services.AssemblyError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    _(
                        "The convocation is sent: %(email)d by e-mail; %(paper)d to send by "
                        "post (printable list)."
                    )
                    % {"email": sent.email, "paper": sent.paper},
                )
                return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "assembly/admin/send_convocation.html",
        {
            "page": page,
            "sitting": sitting,
            "errors": errors,
            "email_count": len(by_email),
            "paper_count": len(voters) - len(by_email),
            "postal_list_url": page.url + page.reverse_subpage("postal_list") if page.url else "",
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
        status=400 if request.method == "POST" and errors else 200,
    )
