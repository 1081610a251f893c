"""The training admin: sessions, themes and audiences as snippets; registrations as a report
with CSV/XLSX export; an attendance sheet per session day to print."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Audience, Theme, TrainingSession


class SeatsColumn(Column):
    def get_value(self, instance):
        return _("%(confirmed)s / %(capacity)s, %(waiting)s waiting") % {
            "confirmed": instance.confirmed_count,
            "capacity": instance.capacity,
            "waiting": instance.waiting_count,
        }


class TrainingSessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = _("Sessions")
    list_display = [
        "__str__",
        Column("location_display", label=_("Place")),
        "registration_deadline",
        SeatsColumn("seats", label=_("Seats")),
        admin_views.SessionLinksColumn("links", label=_("Registrations")),
    ]
    list_filter = ["cancelled", "course"]
    ordering = ["-first_day"]
    # Saving a session fills the seats it leaves free from the waiting list.
    add_view_class = admin_views.SessionCreateView
    copy_view_class = admin_views.SessionCopyView
    edit_view_class = admin_views.SessionEditView

    def get_queryset(self, request):
        return TrainingSession.objects.with_seats().select_related("course")


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = _("Audiences")
    list_display = ["name", "slug"]


class TrainingViewSetGroup(SnippetViewSetGroup):
    items = (TrainingSessionViewSet, ThemeViewSet, AudienceViewSet)
    menu_icon = "calendar-alt"
    menu_label = _("Training")
    menu_name = "training"
    menu_order = 250


register_snippet(TrainingViewSetGroup)


@hooks.register("register_admin_urls")
def register_training_admin_urls():
    return [
        path(
            "reports/inscriptions/",
            admin_views.RegistrationsReportView.as_view(),
            name="training_registrations",
        ),
        path(
            "reports/inscriptions/results/",
            admin_views.RegistrationsReportView.as_view(results_only=True),
            name="training_registrations_results",
        ),
        path(
            "formations/sessions/<int:pk>/emargement/",
            admin_views.attendance_sheet,
            name="training_attendance_sheet",
        ),
        path(
            "formations/inscriptions/<int:pk>/annuler/",
            admin_views.cancel_registration,
            name="training_cancel_registration",
        ),
    ]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("training.view_registration")


@hooks.register("register_reports_menu_item")
def register_registrations_report_menu_item():
    return RegistrationsMenuItem(
        _("Training registrations"),
        reverse("training_registrations"),
        icon_name="list-ul",
        order=50,
    )
