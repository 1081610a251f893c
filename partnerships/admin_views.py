"""Partnerships in the admin: field history with restore, the export report, the dashboard
panel. Every view asks for the partnership permissions, which only the committee holds."""

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from coopsite.foundation.exports import SafeCsvExportMixin

from . import pipeline
from .listing import committee_users, dashboard, overdue_q, partnership_list
from .models import Partnership, PartnershipKind
from .timeline import restore, timeline


def _require(user, action):
    if not user.has_perm(f"partnerships.{action}_partnership"):
        raise PermissionDenied


class HistoryColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("partnership_history", args=[instance.pk]),
            _("Field history"),
        )


def history_view(request, pk):
    _require(request.user, "view")
    record = get_object_or_404(Partnership, pk=pk)
    return TemplateResponse(
        request,
        "partnerships/admin/history.html",
        {
            "record": record,
            "entries": timeline(record),
            "restore_url_name": (
                "partnership_restore"
                if request.user.has_perm("partnerships.change_partnership")
                else None
            ),
            "edit_url": reverse("wagtailsnippets_partnerships_partnership:edit", args=[pk]),
        },
    )


@require_POST
def restore_view(request, pk):
    _require(request.user, "change")
    record = get_object_or_404(Partnership, pk=pk)
    try:
        moment = datetime.datetime.fromisoformat(request.POST.get("moment", ""))
        restore(record, moment, request.user, reason=request.POST.get("reason", ""))
    except ValidationError as refused:
        # Validated as a save from the edit form: nothing was written.
        for message in refused.messages:
            messages.error(request, message)
    except ValueError:
        messages.error(request, _("This state cannot be restored."))
    else:
        messages.success(
            request, _("The earlier state is restored; the restore is in the history.")
        )
    return redirect("partnership_history", pk)


def _owner_choices(request):
    return committee_users()


class PartnershipReportFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"), choices=PartnershipKind.choices, empty_label=gettext_lazy("All")
    )
    stage = django_filters.ChoiceFilter(
        label=gettext_lazy("Stage"), choices=pipeline.Stage.choices, empty_label=gettext_lazy("All")
    )
    territory = django_filters.CharFilter(label=gettext_lazy("Territory"))
    owner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Owner"), queryset=_owner_choices, empty_label=gettext_lazy("All")
    )
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Next step overdue"), method="filter_overdue"
    )

    class Meta:
        model = Partnership
        fields = ["kind", "stage", "territory", "owner", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(overdue_q(timezone.localdate()))
        return queryset


class PartnershipsReportView(SafeCsvExportMixin, ReportView):
    """*Partenariats*: the filtered list, exported to CSV or XLSX."""

    page_title = gettext_lazy("Partnerships")
    header_icon = "link"
    model = Partnership
    permission_policy = ModelPermissionPolicy(Partnership)
    permission_required = "view"
    filterset_class = PartnershipReportFilterSet
    index_url_name = "partnerships_report"
    index_results_url_name = "partnerships_report_results"
    columns = [
        Column("title", label=gettext_lazy("Title")),
        Column("get_kind_display", label=gettext_lazy("Kind")),
        Column("get_stage_display", label=gettext_lazy("Stage")),
        Column("territory", label=gettext_lazy("Territory")),
        Column("owner", label=gettext_lazy("Owner")),
        Column("next_step_due", label=gettext_lazy("Next step due")),
        Column("contributions_total", label=gettext_lazy("Contributions (€)")),
    ]
    list_export = [
        "title",
        "get_kind_display",
        "get_stage_display",
        "theme",
        "territory",
        "partners",
        "start_date",
        "end_date",
        "owner",
        "next_step",
        "next_step_due",
        "contributions_total",
    ]
    export_headings = {
        "title": gettext_lazy("Title"),
        "get_kind_display": gettext_lazy("Kind"),
        "get_stage_display": gettext_lazy("Stage"),
        "theme": gettext_lazy("Theme"),
        "territory": gettext_lazy("Territory"),
        "partners": gettext_lazy("Partners"),
        "start_date": gettext_lazy("Start"),
        "end_date": gettext_lazy("End"),
        "owner": gettext_lazy("Owner"),
        "next_step": gettext_lazy("Next step"),
        "next_step_due": gettext_lazy("Next step due"),
        "contributions_total": gettext_lazy("Contributions (€)"),
    }

    def get_filename(self):
        return f"partenariats-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return partnership_list()

    def decorate_paginated_queryset(self, object_list):
        for record in object_list:
            record.partners = ", ".join(
                [p.title for p in record.member_partners.all()]
                + [p.name for p in record.association_partners.all()]
                + [p.name for p in record.company_partners.all()]
            )
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            self.decorate_paginated_queryset(list(queryset)), spreadsheet_format
        )


class DashboardPanel(Component):
    """The committee's dashboard on the admin home page."""

    name = "partnerships_dashboard"
    order = 60
    template_name = "partnerships/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {"dashboard": dashboard()}
