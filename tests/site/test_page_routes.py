"""Page sub-routes registered by the views modules (coopsite.foundation.routes): each resolves
to its view and reverses to its address, as the method routes they replace did."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin

from coopsite.foundation import routes
from coopsite.foundation.models import StandardPage
from coopsite.foundation.routes import RegisteredRoutesMixin, page_route, registered_routes
from governance import views as governance_views
from governance.assembly import bureau_views, convocation_views, member_views, results_views
from governance.assembly.models import AssemblyPage
from governance.models import MemberPage
from partnerships import views as partnerships_views
from partnerships.models import PartnershipsIndexPage
from training import views as training_views
from training.models import CoursePage

from ..training.conftest import make_course

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# Page class, route name, arguments, sub-path, view.
ROUTES = [
    (MemberPage, "edit_resources", [], "/modifier/", governance_views.edit_member_resources),
    (CoursePage, "course", [], "/", training_views.course_view),
    (CoursePage, "registered", ["abc"], "/inscription/abc/", training_views.registration_done_view),
    (CoursePage, "registrations", [], "/inscrits/", training_views.organiser_registrations_view),
    (PartnershipsIndexPage, "records", [], "/", partnerships_views.list_view),
    (PartnershipsIndexPage, "record", [7], "/7/", partnerships_views.detail_view),
    (
        PartnershipsIndexPage,
        "dashboard",
        [],
        "/tableau-de-bord/",
        partnerships_views.dashboard_view,
    ),
    (AssemblyPage, "bureau", [], "/bureau/", bureau_views.bureau_view),
    (AssemblyPage, "bureau_state", [], "/bureau/etat/", bureau_views.bureau_state_view),
    (
        AssemblyPage,
        "sign_in_token",
        ["12-abc"],
        "/emargement/12-abc/",
        bureau_views.sign_in_token_view,
    ),
    (
        AssemblyPage,
        "attendance_sheet",
        [],
        "/feuille-de-presence/",
        bureau_views.attendance_sheet_view,
    ),
    (AssemblyPage, "page", [], "/", member_views.assembly_page_view),
    (AssemblyPage, "proxy", [], "/pouvoir/", member_views.proxy_view),
    (AssemblyPage, "advance_vote", [], "/vote-a-distance/", member_views.advance_vote_view),
    (AssemblyPage, "vote", [], "/voter/", member_views.vote_view),
    (AssemblyPage, "vote_state", [], "/voter/etat/", member_views.vote_state_view),
    (AssemblyPage, "results", [], "/resultats/", results_views.results_view),
    (AssemblyPage, "postal_list", [], "/convocations-papier/", convocation_views.postal_list),
]


@pytest.mark.parametrize(
    "page_class, name, args, sub_path, view", ROUTES, ids=[route[1] for route in ROUTES]
)
def test_each_registered_route_reverses_and_resolves_to_its_view(
    page_class, name, args, sub_path, view
):
    page = page_class()
    assert "/" + page.reverse_subpage(name, args=args) == sub_path
    match = page.resolve_subpage(sub_path)
    assert match.func.__func__ is view  # bound to the page, called as view(page, request, ...)
    assert match.func.__self__ is page
    assert list(match.kwargs.values()) == args


def test_the_registry_holds_exactly_the_routes_of_the_views_modules():
    registered = {
        (page_class, route.name)
        for page_class, page_routes in routes._routes.items()
        for route in page_routes
    }
    assert registered == {(route[0], route[1]) for route in ROUTES}


def test_method_routes_are_kept_beside_the_registered_ones():
    page = CoursePage()
    assert page.reverse_subpage("calendar") == "agenda/"
    assert page.resolve_subpage("/agenda/").func.__func__ is CoursePage.calendar


def test_models_modules_import_no_views():
    for app in ("governance", "training", "partnerships"):
        tree = ast.parse((ROOT / app / "models.py").read_text())
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):  # `from .views import x`, `from . import views`
                imported |= {node.module or ""} | {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
        assert not [module for module in imported if "views" in module], app


def test_an_unknown_sub_path_is_not_found(tree, anonymous_client, committee_client):
    course = make_course(tree.catalog)
    assert anonymous_client.get(course.url + "nulle-part/").status_code == 404
    assert committee_client.get(tree.partnerships.url + "nulle-part/").status_code == 404
    with pytest.raises(Resolver404):
        CoursePage().resolve_subpage("/nulle-part/")


def test_registered_routes_are_served(tree, anonymous_client, committee_client):
    course = make_course(tree.catalog, title="Comptabilité associative")
    assert "Comptabilité associative" in anonymous_client.get(course.url).content.decode()
    response = committee_client.get(tree.partnerships.url + "tableau-de-bord/")
    assert response.status_code == 200
    assert committee_client.get(tree.partnerships.url).status_code == 200


class Bare(RegisteredRoutesMixin):
    """A routable class (not a model) for which no view registers anything."""


def test_a_page_class_without_registered_routes_serves_itself():
    assert registered_routes(Bare) == ()
    match = Bare.get_resolver().resolve("/")
    assert match.func is RoutablePageMixin.index_route  # Wagtail's default: render the page
    with pytest.raises(Resolver404):
        Bare.get_resolver().resolve("/modifier/")


def test_registering_once_the_apps_are_ready_is_refused():
    def later(page, request):
        raise AssertionError("never served")

    with pytest.raises(ImproperlyConfigured, match="after the app registry is ready"):
        page_route(CoursePage, "plus-tard/", name="later")(later)
    assert "later" not in {route.name for route in registered_routes(CoursePage)}


def test_a_route_on_a_class_without_the_mixin_is_refused(monkeypatch):
    monkeypatch.setattr(apps, "ready", False)  # as while the app registry loads
    with pytest.raises(ImproperlyConfigured, match="does not use RegisteredRoutesMixin"):
        page_route(StandardPage, "jamais/")(lambda page, request: None)


def test_a_registered_route_comes_before_the_class_default(monkeypatch):
    class Routed(RegisteredRoutesMixin):
        pass

    def home(page, request):
        return "home"

    def extra(page, request, number):
        return number

    monkeypatch.setattr(routes, "_routes", {})
    monkeypatch.setattr(apps, "ready", False)
    assert page_route(Routed, "")(home) is home  # the view is returned unchanged
    page_route(Routed, r"^n-(?P<number>\d+)/$", name="numbered", regex=True)(extra)
    monkeypatch.setattr(apps, "ready", True)
    page = Routed()
    assert page.resolve_subpage("/").func.__func__ is home
    assert page.reverse_subpage("numbered", kwargs={"number": 4}) == "n-4/"
    match = page.resolve_subpage("/n-4/")
    assert match.func(None, **match.kwargs) == "4"
