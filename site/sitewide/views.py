from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coopsite.sitewide.search import Filters, SiteSearch, record_search, suggestions

RESULTS_PER_PAGE = 10


def search(request):
    """Site search (see `coopsite.sitewide.search`): pages, members' offers and needs, courses and
    sessions, decisions, and partnership records for the committee; facets and pagination are
    computed in the database on what this visitor may open."""
    query = request.GET.get("q", "").strip()[:200]
    filters = Filters.from_query(request.GET)
    context = {"query": query, "filters": filters, "results": None}
    if query:
        site_search = SiteSearch(request, query, filters)
        results = Paginator(site_search.results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            results=results, facets=site_search.facets(), page_query=filters.query_string(query)
        )
        if not results.paginator.count:
            context["suggestions"] = suggestions(request, query)
        record_search(query)
    return render(request, "coopsite/search.html", context)


class LoginView(auth_views.LoginView):
    """The site's own login page, in French; Wagtail sends visitors of restricted pages here."""

    template_name = "registration/login.html"
    redirect_authenticated_user = False

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.get_redirect_url():
            messages.warning(
                request,
                _(
                    "You are logged in, but your account does not give access to the page "
                    "you asked for. Log in with another account or contact the cooperative."
                ),
            )
        return super().get(request, *args, **kwargs)

    def get_default_redirect_url(self):
        # Back to the home page in the language the visitor was reading.
        return f"/{get_language()}/"


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (Django 5); a GET shows a French page with the button."""

    http_method_names = ["get", "post", "options"]
    template_name = "registration/logout_confirm.html"

    def get(self, request, *args, **kwargs):
        return TemplateResponse(request, self.template_name, {})

    def get_default_redirect_url(self):
        return f"/{get_language()}/"
