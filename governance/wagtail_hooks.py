from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views


class CompliancePanel(Component):
    """Dashboard panel: the SCIC rules the membership breaks today, if any."""

    name = "scic_compliance"
    order = 50
    template_name = "governance/admin/compliance_panel.html"

    def get_context_data(self, parent_context):
        from .compliance import compliance_warnings

        return {"warnings": compliance_warnings()}


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
