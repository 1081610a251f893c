"""Admin of the general assembly: "Envoyer la convocation", from the assembly page's header."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from . import admin_views
from .models import AssemblyPage


@hooks.register("register_admin_urls")
def register_convocation_url():
    return [
        path(
            "assemblee/<int:page_id>/convocation/",
            admin_views.send_convocation_view,
            name="assembly_send_convocation",
        )
    ]


@hooks.register("register_page_header_buttons")
def convocation_button(page, user, view_name, next_url=None):
    specific = page.specific_deferred
    if not isinstance(specific, AssemblyPage) or not specific.pk:
        return
    if admin_views.can_send_convocation(specific, user):
        yield Button(
            _("Send the convocation"),
            reverse("assembly_send_convocation", args=[specific.pk]),
            icon_name="mail",
            priority=80,
        )
