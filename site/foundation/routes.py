"""Sub-routes of a page, registered by the views module that serves them.

Wagtail's `RoutablePageMixin` finds a page's sub-routes among the methods of its class
(`@path("inscrits/")` on a method). A method that only calls a view made the page's model import
its views module, inside the method so as not to close a cycle (views import the models). Here
the views module names the page class instead, and models.py imports no view:

    # training/views.py
    @page_route(CoursePage, "inscrits/", name="registrations")
    def organiser_registrations_view(course, request): ...

    # training/models.py
    class CoursePage(RegisteredRoutesMixin, Page): ...

A registered view is called like a route method: the page first, then the request, then the
arguments taken from the address. Its name works with `reverse_subpage` and `{% routablepageurl %}`
as a method route's does; decorators on the view (`@page_cache.cacheable`) apply unchanged.

Each app's `AppConfig.ready()` imports its views module, so every route is registered while the
app registry is loading. Registering later is refused: Wagtail builds each page class's resolver
once, on the first request, and a later route would be missing from it, or differ from one
process to the next.
"""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import path, re_path
from wagtail.contrib.routable_page.models import RoutablePageMixin

# Page class -> its registered routes (Django URL patterns), in the order of registration.
_routes = {}


def page_route(page_class, pattern, *, name=None, regex=False):
    """Register the decorated view as the sub-route `pattern` of `page_class` and its
    subclasses; `name` defaults to the view's name, `regex=True` reads `pattern` as
    `re_path` does. The view is returned unchanged."""

    def register(view):
        if apps.ready:
            raise ImproperlyConfigured(
                f"The route {pattern!r} of {page_class.__name__} is registered after the app "
                "registry is ready: import its views module from its AppConfig.ready()."
            )
        if not issubclass(page_class, RegisteredRoutesMixin):
            raise ImproperlyConfigured(
                f"{page_class.__name__} does not use RegisteredRoutesMixin: the route "
                f"{pattern!r} would never be served."
            )
        make = re_path if regex else path
        _routes.setdefault(page_class, []).append(make(pattern, view, name=name or view.__name__))
        return view

    return register


def registered_routes(page_class):
    """The routes registered for `page_class` and its bases, the class's own first."""
    return tuple(route for klass in page_class.__mro__ for route in _routes.get(klass, ()))


class RegisteredRoutesMixin(RoutablePageMixin):
    """`RoutablePageMixin` that also serves the routes registered with `page_route`.

    Registered routes come before the class's method routes, so a registered `""` replaces the
    default one that renders the page. `get_subpage_urls` is the classmethod through which
    Wagtail (checked against 8.0) builds the resolver that `route`, `reverse_subpage` and the
    system checks use; nothing else of the mixin is overridden.
    """

    @classmethod
    def get_subpage_urls(cls):
        return registered_routes(cls) + tuple(super().get_subpage_urls())
