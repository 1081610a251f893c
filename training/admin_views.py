"""Registrations in the admin: a report with filters and CSV/XLSX export, an attendance sheet
per session day, and cancellation on someone's behalf (which promotes the waiting list); the
session views that fill the seats a save leaves free."""

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import CopyView, CreateView, EditView

from coopsite.foundation.exports import SafeCsvExportMixin

from .models import Registration, TrainingSession
from .registration import cancel, fill_free_seats


def _require_view_registrations(user):
    if not user.has_perm("training.view_registration"):
        raise PermissionDenied


class SessionLinksColumn(Column):
    """Links from the sessions listing to their registrations and attendance sheet."""

    def get_value(self, instance):
        report = reverse("training_registrations") + f"?session={instance.pk}"
        sheet = reverse("training_attendance_sheet", args=[instance.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            report,
            _("List"),
            sheet,
            _("Attendance sheet"),
        )


class FillsFreeSeatsMixin:
    """A session saved in the admin (a larger capacity, say) gives its free seats to the first
    people waiting, in the same transaction as the save (`fill_free_seats`)."""

    def save_instance(self):
        session = super().save_instance()
        fill_free_seats(session=session)
        return session


class SessionCreateView(FillsFreeSeatsMixin, CreateView):
    pass


class SessionCopyView(FillsFreeSeatsMixin, CopyView):
    pass


class SessionEditView(FillsFreeSeatsMixin, EditView):
    pass


class RegistrationFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Session"),
        queryset=TrainingSession.objects.select_related("course").order_by("-first_day"),
        empty_label=gettext_lazy("All sessions"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Registration.STATUS_CHOICES,
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = Registration
        fields = ["session", "status"]


class CancelColumn(Column):
    """A button that cancels the registration (and promotes the first person waiting)."""

    cell_template_name = "training/admin/cancel_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = context["request"]
        context["may_cancel"] = (
            request.user.has_perm("training.change_registration")
            and instance.status != Registration.CANCELLED
            and instance.session.last_day is not None
            and instance.session.last_day >= timezone.localdate()  # not for sessions held
        )
        context["csrf_token"] = get_token(request)
        return context


class RegistrationsReportView(SafeCsvExportMixin, ReportView):
    """*Inscriptions aux formations*: who registered, for which session, with export."""

    page_title = gettext_lazy("Training registrations")
    header_icon = "list-ul"
    model = Registration
    permission_policy = ModelPermissionPolicy(Registration)
    permission_required = "view"
    filterset_class = RegistrationFilterSet
    index_url_name = "training_registrations"
    index_results_url_name = "training_registrations_results"
    paginate_by = 100
    columns = [
        Column("name", label=gettext_lazy("Name")),
        Column("email", label=gettext_lazy("E-mail")),
        Column("structure_display", label=gettext_lazy("Structure")),
        Column("session", label=gettext_lazy("Session")),
        Column("get_status_display", label=gettext_lazy("Status")),
        Column("created_at", label=gettext_lazy("Registered at")),
        CancelColumn("cancel", label=""),
    ]
    list_export = [
        "session",
        "name",
        "email",
        "structure_display",
        "phone",
        "accessibility_needs",
        "get_status_display",
        "created_at",
        "cancelled_at",
    ]
    export_headings = {
        "session": gettext_lazy("Session"),
        "name": gettext_lazy("Name"),
        "email": gettext_lazy("E-mail"),
        "structure_display": gettext_lazy("Structure"),
        "phone": gettext_lazy("Phone"),
        "accessibility_needs": gettext_lazy("Accessibility needs"),
        "get_status_display": gettext_lazy("Status"),
        "created_at": gettext_lazy("Registered at"),
        "cancelled_at": gettext_lazy("Cancelled at"),
    }

    def get_filename(self):
        return f"inscriptions-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return Registration.objects.select_related("session__course", "member").order_by(
            "session__first_day", "session_id", "pk"
        )


def attendance_sheet(request, pk):
    """*Feuille d'émargement*: one printable table per day, confirmed people in name order."""
    _require_view_registrations(request.user)
    session = get_object_or_404(
        TrainingSession.objects.select_related("course").prefetch_related("days"), pk=pk
    )
    people = list(
        session.registrations.filter(status=Registration.CONFIRMED)
        .select_related("member")
        .order_by("name")
    )
    return TemplateResponse(
        request,
        "training/admin/attendance_sheet.html",
        {"session": session, "days": session.sorted_days, "people": people},
    )


@require_POST
def cancel_registration(request, pk):
    registration = get_object_or_404(Registration, pk=pk)
    if not request.user.has_perm("training.change_registration"):
        raise PermissionDenied
    promoted = cancel(registration)
    messages.success(request, _("Registration of %(name)s cancelled.") % {"name": registration})
    if promoted is not None:
        messages.success(
            request,
            _("%(name)s moves from the waiting list to a confirmed seat.")
            % {"name": promoted.name},
        )
    return redirect(reverse("training_registrations") + f"?session={registration.session_id}")
