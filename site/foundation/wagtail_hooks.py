from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction
from wagtail.permissions import policy_registry

from . import accounts
from .permissions import register_policies
from .privacy import alias_restrictions, blocked_paths, blocked_restrictions

# First of all: Wagtail's permission policies, extended with the site's view restrictions.
register_policies()


@hooks.register("before_serve_page", order=-1)
def judge_aliases_by_their_source(page, request, serve_args, serve_kwargs):
    """An alias (or a page below one) is refused as its source would be.

    Wagtail checks, for an alias, the restriction of its source page itself but not those
    above the source: an alias of a members' page placed in the public tree would be served to
    anyone. The answers are Wagtail's own (login, shared password form), or the site's 403 for
    a logged-in user outside the groups; never cached (no `@cacheable` mark, no-cache headers).
    """
    for restriction in alias_restrictions(page, request):
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            form = PasswordViewRestrictionForm(
                instance=restriction, initial={"return_url": request.get_full_path()}
            )
            action_url = reverse(
                "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
            )
            response = page.serve_password_required_response(request, form, action_url)
        elif request.user.is_authenticated:
            response = TemplateResponse(request, "coopsite/access_denied.html", {}, status=403)
        else:
            response = redirect_to_login(
                request.get_full_path(),
                getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", None) or settings.LOGIN_URL,
            )
        add_never_cache_headers(response)
        return response
    return None


@hooks.register("before_serve_page", order=-1)
def refuse_logged_in_users_outside_groups(page, request, serve_args, serve_kwargs):
    """A logged-in user outside a page's groups gets a clear 403, not the login form again.

    Wagtail's own check (which runs after this one) would redirect them to the login page they
    already passed. Anonymous visitors and password restrictions are left to Wagtail. Uses the
    request's memoised restrictions (coopsite.foundation.privacy), which the menus reuse.
    """
    if not request.user.is_authenticated or request.user.is_superuser:
        return None
    for blocked in blocked_restrictions(request):
        if blocked.restriction_type == PageViewRestriction.GROUPS and page.path.startswith(
            blocked.page.path
        ):
            # No `page` in the context: the 403 must not carry the page's title, description
            # or translations (base.html would put them in <title>, <meta> and the switcher).
            return TemplateResponse(request, "coopsite/access_denied.html", {}, status=403)
    return None


# --- The admin hides what its user may not read on the site ------------------------------------
#
# Page permissions in Wagtail are granted on a subtree and cannot exclude one below it, so
# editors (who edit the whole site) would otherwise list and open the steering committee's
# partnership pages in the admin. The same rule as the site's menus applies: a page under a
# view restriction the user does not pass is left out of the explorer and the choosers, and
# its edit, delete, copy, move and unpublish views are refused. The permission policies
# (coopsite/foundation/permissions.py) and the admin middleware (coopsite/foundation/middleware.py)
# apply the rule to every other admin view (search, history, revisions, previews, reports, usage…);
# these hooks stay as a second lock on the views that change pages.


def _hide_blocked(pages, request):
    paths = blocked_paths(request)
    if not paths or request.user.is_superuser:
        return pages
    blocked = Q()
    for blocked_path in paths:
        blocked |= Q(path__startswith=blocked_path)
    return pages.exclude(blocked)


@hooks.register("construct_explorer_page_queryset")
def hide_blocked_pages_in_explorer(parent_page, pages, request):
    return _hide_blocked(pages, request)


@hooks.register("construct_page_chooser_queryset")
def hide_blocked_pages_in_choosers(pages, request):
    """Choosers list the pages the user may read, and drafts only to those who may edit them
    (the committee chooses pages for its records; it has no business with the editors' work in
    progress)."""
    pages = _hide_blocked(pages, request)
    if request.user.is_superuser:
        return pages
    editable = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(
        request.user, {"add", "change", "publish"}
    )
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))


def _refuse_blocked(request, page, *args):
    if request.user.is_superuser:
        return None
    if any(page.path.startswith(blocked_path) for blocked_path in blocked_paths(request)):
        raise PermissionDenied
    return None


for _hook in (
    "before_edit_page",
    "before_delete_page",
    "before_copy_page",
    "before_move_page",
    "before_unpublish_page",
):
    hooks.register(_hook, _refuse_blocked)


# --- Reports for the administrators only ---------------------------------------------------------


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_logins_report_urls():
    return [
        path("reports/connexions/", accounts.LoginsReportView.as_view(), name="logins_report"),
        path(
            "reports/connexions/results/",
            accounts.LoginsReportView.as_view(results_only=True),
            name="logins_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_logins_report_menu_item():
    return SuperuserMenuItem(
        _("Logins"), reverse("logins_report"), name="logins", icon_name="key", order=1010
    )


@hooks.register("construct_reports_menu")
def keep_site_history_for_superusers(request, menu_items):
    """Wagtail's *Site history* (audit log) is for the administrators (see site/urls.py)."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
