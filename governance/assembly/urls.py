"""Addresses of the general assembly outside the page tree: each member's own signed
convocation link, which works without logging in (e-mail and paper convocations carry it)."""

from django.urls import path

from . import member_views

app_name = "assembly"

urlpatterns = [
    path(
        "assemblee/<int:assembly_id>/<str:token>/",
        member_views.convocation,
        name="convocation",
    ),
]
