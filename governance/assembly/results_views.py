"""The members' results page of a general assembly (`resultats/`): each closed resolution's
result per college, adopted or rejected, and its published ballots (receipt codes and choices
for a secret vote, names for a roll-call vote). Resolutions not closed yet are not shown.

The assembly page is in the members' area, which Wagtail restricts to members and editors;
the view checks it again and refuses anonymous visitors."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from coopsite.foundation.privacy import can_view
from coopsite.foundation.routes import page_route

from .models import AssemblyPage
from .results import published_results


@page_route(AssemblyPage, "resultats/", name="results")
def results_view(assembly, request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view(assembly, request):
        raise PermissionDenied
    response = TemplateResponse(
        request,
        "assembly/results.html",
        {"page": assembly, "self": assembly, "results": published_results(assembly=assembly)},
    )
    add_never_cache_headers(response)
    return response
