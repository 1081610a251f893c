from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views, register_admin, services
from .compliance import compliance_warnings
from .models import DecisionPage


class CompliancePanel(Component):
    """Dashboard panel: the SCIC rules the membership breaks today, if any."""

    name = "scic_compliance"
    order = 50
    template_name = "governance/admin/compliance_panel.html"

    def get_context_data(self, parent_context):
        return {"warnings": compliance_warnings()}


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def file_decision_minutes(request, page):
    """A decision created or saved in the admin (a draft, a publication, a workflow step) files
    its minutes in the members-only collection (`services.file_minutes`).

    `page` is the specific page as the form saved it (for a live page's draft, the draft's
    values): not `page.specific`, which may be another copy read from the database."""
    if isinstance(page, DecisionPage):
        services.file_minutes(decision=page)


@hooks.register("construct_homepage_panels")
def add_compliance_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(CompliancePanel())


@hooks.register("register_admin_urls")
def register_college_weights_url():
    return [path("ponderations/", admin_views.college_weights, name="college_weights")]


class CollegeWeightsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.editable_directories(request.user).exists()


@hooks.register("register_settings_menu_item")
def register_college_weights_menu_item():
    return CollegeWeightsMenuItem(
        gettext_lazy("College weights"), reverse("college_weights"), icon_name="group", order=900
    )


@hooks.register("register_admin_urls")
def register_register_urls():
    return [
        path("registre/import/", register_admin.import_view, name="register_import"),
        path("registre/modele.csv", register_admin.register_template, name="register_template"),
        path("registre/imprimer/", register_admin.printable_register, name="register_print"),
        path(
            "reports/registre/", register_admin.RegisterReportView.as_view(), name="register_report"
        ),
        path(
            "reports/registre/results/",
            register_admin.RegisterReportView.as_view(results_only=True),
            name="register_report_results",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_register_report_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Register of members"),
        reverse("register_report"),
        icon_name="list-ol",
        order=40,
        permission="governance.view_registerimport",
    )


@hooks.register("register_settings_menu_item")
def register_register_import_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Import the register"),
        reverse("register_import"),
        icon_name="upload",
        order=910,
        permission="governance.add_registerimport",
    )
