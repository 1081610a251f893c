from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from .privacy import visible_pages

RESULTS_PER_PAGE = 10


def search(request):
    """Site search: only live pages of the current language that this visitor may open.

    The privacy filter is applied to the queryset before searching, so restricted pages never
    reach the results, their count or the pagination.
    """
    query = request.GET.get("q", "").strip()
    results = None
    if query:
        pages = visible_pages(Page.objects.filter(locale=Locale.get_active()), request)
        found = pages.specific().search(query)
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "coopsite/search.html", {"query": query, "results": results})


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
