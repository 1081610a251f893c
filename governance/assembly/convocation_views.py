"""The printable list of paper convocations: members with a vote who have not agreed to
e-mails, with their postal address and their own signed convocation link. For editors of the
assembly's page and its bureau only."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from coopsite.foundation.routes import page_route

from . import convocation, emails
from .models import AssemblyPage


def may_see_postal_list(page, user):
    if not user.is_authenticated:
        return False
    return page.is_bureau(user) or page.permissions_for_user(user).can_edit()


@page_route(AssemblyPage, "convocations-papier/", name="postal_list")
def postal_list(page, request):
    if not may_see_postal_list(page, request.user):
        raise PermissionDenied
    rows = [
        (member, emails.convocation_url(assembly=page, member=member))
        for member in convocation.postal_members(assembly=page)
    ]
    response = TemplateResponse(
        request, "assembly/postal_list.html", {"page": page, "assembly": page, "rows": rows}
    )
    add_never_cache_headers(response)
    return response
