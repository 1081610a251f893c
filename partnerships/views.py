"""The partnerships area on the site: list with filters, one record with its history (and a
form to move it along the pipeline), the dashboard. Only reachable through the area's page,
which Wagtail restricts to the steering committee; each view checks the permission again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopsite.foundation.routes import page_route

from .listing import (
    PartnershipFilterSet,
    committee_users,
    dashboard,
    partnership_list,
    territories,
)
from .models import Partnership, PartnershipsIndexPage
from .timeline import timeline


def _require_view(request):
    if not request.user.has_perm("partnerships.view_partnership"):
        raise PermissionDenied


RECORDS_PER_PAGE = 50


@page_route(PartnershipsIndexPage, "", name="records")
def list_view(page, request):
    _require_view(request)
    filters = PartnershipFilterSet(
        request,
        Partnership.objects.all(),
        territories=territories(),
        owners=list(committee_users()),
    )
    records_page = Paginator(partnership_list(filters.qs), RECORDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return page.render(
        request,
        context_overrides={
            "records": list(records_page.object_list),
            "records_page": records_page,
            "filters": filters,
        },
    )


class StageForm(forms.ModelForm):
    """Move a partnership along the pipeline from the site (recorded in its history)."""

    class Meta:
        model = Partnership
        fields = ["stage", "stage_reason", "next_step", "next_step_due"]
        widgets = {"next_step_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"stage_reason": gettext_lazy("Reason (needed when skipping steps)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["stage_reason"] = ""  # a new move needs its own reason


@page_route(PartnershipsIndexPage, "<int:pk>/", name="record")
def detail_view(page, request, pk):
    _require_view(request)
    record = get_object_or_404(
        Partnership.objects.select_related("owner").prefetch_related(
            "member_partners",
            "association_partners",
            "company_partners",
            "decisions",
            "contributions__from_member",
            "contributions__from_organisation",
        ),
        pk=pk,
    )
    may_change = request.user.has_perm("partnerships.change_partnership")
    form = None
    if may_change:
        form = StageForm(request.POST or None, instance=record)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The partnership is updated."))
            return redirect(page.url + page.reverse_subpage("record", args=[record.pk]))
    elif request.method == "POST":
        raise PermissionDenied
    return page.render(
        request,
        template="partnerships/partnership_detail.html",
        context_overrides={"record": record, "form": form, "entries": timeline(record)},
    )


@page_route(PartnershipsIndexPage, "tableau-de-bord/", name="dashboard")
def dashboard_view(page, request):
    _require_view(request)
    return page.render(
        request,
        template="partnerships/dashboard.html",
        context_overrides={"dashboard": dashboard()},
    )
