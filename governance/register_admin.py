"""The register of members in the admin: export (CSV/XLSX report), printable register, and
import in three steps (upload, preview with every error, confirm). Editors only."""

import base64
import csv
import datetime
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from coopsite.foundation.exports import SafeCsvExportMixin

from .models import CollegePage, MemberPage, RegisterImport
from .register import COLUMNS, HEADINGS, RegisterFileError, apply, read_table, validate

SESSION_KEY = "governance_register_upload"
MAX_UPLOAD = 5 * 1024 * 1024


def _require(user, action):
    if not user.has_perm(f"governance.{action}_registerimport"):
        raise PermissionDenied


def register_rows(queryset):
    """Members with the columns of the register (the import's headings), in a fixed number of
    queries: the members, then their colleges."""
    members = list(queryset)
    parents = {member.path[: -MemberPage.steplen] for member in members}
    colleges = {c.path: c.title for c in CollegePage.objects.filter(path__in=parents)}
    for member in members:
        member.college_title = colleges.get(member.path[: -MemberPage.steplen], "")
        member.public_body_text = "oui" if member.is_public_body else "non"
        member.kind_text = str(member.get_kind_display())
        member.category_text = str(member.get_category_display())
    return members


class RegisterReportView(SafeCsvExportMixin, ReportView):
    """*Registre des sociétaires*: every member (active or not), in order of admission."""

    page_title = gettext_lazy("Register of members")
    header_icon = "list-ol"
    model = RegisterImport  # the permission: governance.view_registerimport
    permission_policy = ModelPermissionPolicy(RegisterImport)
    permission_required = "view"
    index_url_name = "register_report"
    index_results_url_name = "register_report_results"
    paginate_by = 100
    columns = [
        Column("member_number", label=gettext_lazy("Number")),
        Column("title", label=gettext_lazy("Name")),
        Column("college_title", label=gettext_lazy("College")),
        Column("shares", label=gettext_lazy("Shares")),
        Column("admission_date", label=gettext_lazy("Admission")),
        Column("exit_date", label=gettext_lazy("Exit")),
    ]
    # The headings of the import: an export can be imported back as it is.
    list_export = [
        "member_number",
        "title",
        "college_title",
        "kind_text",
        "category_text",
        "shares",
        "admission_date",
        "exit_date",
        "public_body_text",
        "territory",
        "website",
    ]
    export_headings = dict(zip(list_export, [heading for _k, heading, _o in COLUMNS], strict=True))

    def get_filename(self):
        return f"registre-des-societaires-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return MemberPage.objects.order_by("admission_date", "member_number", "pk")

    def decorate_paginated_queryset(self, object_list):
        return register_rows(object_list)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(register_rows(queryset), spreadsheet_format)

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for key in ("admission_date", "exit_date"):
            if row.get(key) and self.request.GET.get("export") == "csv":
                row[key] = row[key].strftime("%d/%m/%Y")
        return row


def printable_register(request):
    """The legal register: members in order of admission with their shares, to print."""
    _require(request.user, "view")
    members = register_rows(MemberPage.objects.order_by("admission_date", "member_number", "pk"))
    return TemplateResponse(
        request,
        "governance/admin/register_print.html",
        {
            "members": members,
            "total_shares": sum(m.shares for m in members if not m.exit_date),
            "today": datetime.date.today(),
        },
    )


def register_template(request):
    """An empty register with the expected headings (CSV, `;` and UTF-8 BOM for Excel)."""
    _require(request.user, "add")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([heading for _key, heading, _others in COLUMNS])
    writer.writerow(
        [
            "S-001",
            "Épicerie solidaire (exemple)",
            "Collège des usagers",
            "association",
            "bénéficiaires",
            "2",
            "15/01/2025",
            "",
            "non",
            "Val-de-Sarre",
            "https://exemple.org",
        ]
    )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-registre.csv"'
    return response


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Register file (CSV or XLSX)"),
        help_text=gettext_lazy("Columns are found by their headings; download the template."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def import_view(request):
    """Step 1: upload; step 2: preview (every error at once, or what will change); step 3:
    confirm, which writes everything in one transaction."""
    _require(request.user, "add")
    form = UploadForm()
    context = {"form": form, "headings": list(HEADINGS.values())}
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(SESSION_KEY)
        if not pending:
            messages.error(request, _("Send the file again: the preview has expired."))
            return redirect("register_import")
        raw = base64.b64decode(pending["content"])
        rows, present = read_table(raw, pending["filename"])
        errors = validate(rows, present)  # again: the register may have changed meanwhile
        if errors:
            context.update(errors=errors, filename=pending["filename"])
            return TemplateResponse(request, "governance/admin/register_import.html", context)
        summary = apply(rows, present, user=request.user, filename=pending["filename"])
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _(
                "Register imported: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
        )
        return redirect("register_report")
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            raw = upload.read()
            try:
                rows, present = read_table(raw, upload.name)
            except RegisterFileError as error:
                form.add_error("file", str(error))
                return TemplateResponse(request, "governance/admin/register_import.html", context)
            errors = validate(rows, present)
            context.update(filename=upload.name, row_count=len(rows), errors=errors)
            if not errors:
                numbers = [row.data["number"] for row in rows]
                known = set(
                    MemberPage.objects.filter(member_number__in=numbers).values_list(
                        "member_number", flat=True
                    )
                )
                context.update(
                    new_count=sum(1 for n in numbers if n not in known),
                    existing_count=sum(1 for n in numbers if n in known),
                    preview=rows[:20],
                )
                request.session[SESSION_KEY] = {
                    "filename": upload.name,
                    "content": base64.b64encode(raw).decode("ascii"),
                }
    return TemplateResponse(request, "governance/admin/register_import.html", context)
