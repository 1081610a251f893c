from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import PageViewRestriction


@hooks.register("before_serve_page", order=-1)
def refuse_logged_in_users_outside_groups(page, request, serve_args, serve_kwargs):
    """A logged-in user outside a page's groups gets a clear 403, not the login form again.

    Wagtail's own check (which runs after this one) would redirect them to the login page they
    already passed. Anonymous visitors and password restrictions are left to Wagtail.
    """
    if not request.user.is_authenticated or request.user.is_superuser:
        return None
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type != PageViewRestriction.GROUPS:
            continue
        if not restriction.accept_request(request):
            return TemplateResponse(
                request,
                "coopsite/access_denied.html",
                {"page": page, "restricted_page": restriction.page},
                status=403,
            )
    return None
