"""Admin screen "Pondérations des collèges": change every college's weight at once.

Publishing one college checks the whole set of weights, so a change that moves weight from
one college to another must happen in one step: this screen validates the new set with the
same rule (governance.voting) and publishes a new revision of every college in one transaction.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .forms import CollegeWeightsForm
from .models import CollegePage, DirectoryPage


def editable_directories(user):
    """Directories whose colleges this user may publish (source language only)."""
    directories = DirectoryPage.objects.filter(locale=Locale.get_default())
    return directories.filter(
        pk__in=[
            directory.pk
            for directory in directories
            if directory.permissions_for_user(user).can_publish_subpage()
            or directory.permissions_for_user(user).can_publish()
        ]
    )


def college_weights(request):
    directory = editable_directories(request.user).first()
    if directory is None:
        raise PermissionDenied
    colleges = list(CollegePage.objects.child_of(directory).order_by("path"))
    if not all(college.permissions_for_user(request.user).can_publish() for college in colleges):
        raise PermissionDenied
    form = CollegeWeightsForm(colleges, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for college, weight in form.weights().items():
                page = college.get_latest_revision_as_object()
                page.weight = weight
                page.save_revision(user=request.user, log_action=True).publish(user=request.user)
        messages.success(request, _("The college weights are published."))
        return redirect("college_weights")
    return TemplateResponse(
        request,
        "governance/admin/college_weights.html",
        {"form": form, "directory": directory, "colleges": colleges},
    )
