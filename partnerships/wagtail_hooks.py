from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from coopsite.foundation.privacy import has_group_permission
from governance.extensions import DECISION_PAGE_SECTIONS_HOOK

from . import admin_views
from .models import Organisation, Partnership, PartnershipsIndexPage


class CommitteeOnlyChooserViewSet(SnippetChooserViewSet):
    """Wagtail's snippet choosers list every item to any admin user: these list partnership
    data, so they ask for the model's view permission (the committee's) first."""

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        permission = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        for pattern in patterns:
            pattern.callback = _require_permission(pattern.callback, permission)
        return patterns


def _require_permission(view, permission):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    chooser_viewset_class = CommitteeOnlyChooserViewSet
    icon = "link"
    menu_label = _("Partnerships")
    list_display = [
        "title",
        "kind",
        "stage",
        "owner",
        "next_step_due",
        admin_views.HistoryColumn("history", label=_("History")),
    ]
    list_filter = ["kind", "stage", "territory"]
    search_fields = ["title", "theme", "objectives"]

    def get_queryset(self, request):
        return Partnership.objects.select_related("owner")


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    chooser_viewset_class = CommitteeOnlyChooserViewSet
    icon = "site"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "sector", "territory"]
    list_filter = ["kind"]


class PartnershipsViewSetGroup(SnippetViewSetGroup):
    items = (PartnershipViewSet, OrganisationViewSet)
    menu_icon = "link"
    menu_label = _("Partnerships")
    menu_name = "partnerships"
    menu_order = 260


register_snippet(PartnershipsViewSetGroup)


@hooks.register("register_admin_urls")
def register_partnership_admin_urls():
    return [
        path(
            "partenariats/<int:pk>/historique/",
            admin_views.history_view,
            name="partnership_history",
        ),
        path(
            "partenariats/<int:pk>/historique/restaurer/",
            admin_views.restore_view,
            name="partnership_restore",
        ),
        path(
            "reports/partenariats/",
            admin_views.PartnershipsReportView.as_view(),
            name="partnerships_report",
        ),
        path(
            "reports/partenariats/results/",
            admin_views.PartnershipsReportView.as_view(results_only=True),
            name="partnerships_report_results",
        ),
    ]


class PartnershipsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("partnerships.view_partnership")


@hooks.register("register_reports_menu_item")
def register_partnerships_report_menu_item():
    return PartnershipsReportMenuItem(
        _("Partnerships"), reverse("partnerships_report"), icon_name="link", order=60
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request, panels):
    if request.user.has_perm("partnerships.view_partnership"):
        panels.append(admin_views.DashboardPanel())


@hooks.register(DECISION_PAGE_SECTIONS_HOOK)
def partnerships_of_decision(*, request, decision):
    """On a decision's page, the partnerships it concerns, linked to their records: for the
    steering committee only (the others never see a partnership named there)."""
    if not has_group_permission(request.user, "partnerships.view_partnership"):
        return None
    partnerships = list(decision.partnerships.order_by("title"))
    if not partnerships:
        return None
    return {
        "template": "partnerships/includes/decision_partnerships.html",
        "partnerships": partnerships,
        "area": _partnerships_area(),
    }


def _partnerships_area():
    live = PartnershipsIndexPage.objects.live()
    return live.filter(locale__language_code=get_language()).first() or live.first()
