"""What `coopsite.foundation.internals` relies on inside Wagtail, Django and their neighbours.

Each test fails when an upgrade changes something the site uses without its being documented:
re-check the override named in the test (and its module's docstring), then update
`CHECKED_AGAINST`.
"""

import inspect
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection
from django.db.models.query import QuerySet
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver
from modelcluster.fields import ParentalKey
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.snippets.models import get_snippet_models

from coopsite.foundation import internals
from coopsite.foundation.bulk_pages import bulk_add_children
from coopsite.foundation.internals import (
    ADMIN_DOCUMENT_ARGUMENT,
    ADMIN_DOCUMENT_NAMESPACES,
    ADMIN_MODEL_ARGUMENTS,
    ADMIN_PAGE_ARGUMENTS,
    ADMIN_PAGE_NAMESPACE,
    CHECKED_AGAINST,
    SNIPPET_CHOOSER_NAMESPACE_PREFIX,
    blank_user_parts,
    child_path,
    last_child_step,
)
from coopsite.foundation.middleware import SecurityHeadersMiddleware
from coopsite.foundation.models import SiteSettings, StandardPage
from partnerships.models import Contribution

RECHECK = "re-check coopsite.foundation.internals, then update CHECKED_AGAINST"


def test_the_installed_versions_are_those_the_internals_were_checked_against():
    installed = {name: version(name) for name in CHECKED_AGAINST}
    assert installed == CHECKED_AGAINST, RECHECK


# --- Tree paths and bulk inserts -----------------------------------------------------------------


def test_the_last_step_of_a_path_is_read_in_base_36():
    assert last_child_step(Page, "00010002") == 2
    assert last_child_step(Page, "0001000A") == 10
    assert last_child_step(Page, "00010010") == 36


def test_a_child_path_adds_one_step_of_four_characters_to_its_parents():
    parent = Page(path="00010002", depth=2)
    assert child_path(Page, parent, 1) == "000100020001"
    assert child_path(Page, parent, 36) == "000100020010"


def test_child_path_gives_the_path_treebeard_gives_to_a_new_last_child(tree):
    about = Page.objects.get(pk=tree.about.pk)
    last = about.get_last_child()
    step = last_child_step(Page, last.path) if last else 0
    expected = child_path(Page, about, step + 1)
    child = about.add_child(instance=StandardPage(title="Nouvelle page", slug="nouvelle-page"))
    assert child.path == expected, RECHECK


def test_the_private_insert_of_a_queryset_still_takes_the_objects_and_their_fields():
    parameters = inspect.signature(QuerySet._insert).parameters
    assert list(parameters)[:3] == ["self", "objs", "fields"], RECHECK
    assert QuerySet._insert.queryset_only is False, RECHECK  # the managers offer it


def test_bulk_added_pages_form_a_sound_tree_with_their_specific_rows(tree, anonymous_client):
    pages = [StandardPage(title=f"Page {n}", slug=f"page-{n}") for n in range(1, 4)]
    bulk_add_children(tree.about, pages)
    assert StandardPage.objects.filter(pk__in=[page.pk for page in pages]).count() == 3
    assert all(not problems for problems in Page.find_problems())
    about = Page.objects.get(pk=tree.about.pk)
    assert [child.slug for child in about.get_children()][-3:] == ["page-1", "page-2", "page-3"]
    # One more page by Wagtail's way lands after them.
    after = about.add_child(instance=StandardPage(title="Après", slug="apres"))
    assert after.path > pages[-1].path
    assert anonymous_client.get(pages[1].url).status_code == 200


# --- History of a cluster's inlines ----------------------------------------------------------


def test_the_history_of_a_contribution_keeps_its_partnership_as_a_plain_foreign_key():
    historical = Contribution.history.model._meta.get_field("partnership")
    assert not isinstance(historical, ParentalKey), RECHECK
    assert type(historical).__name__ == "ForeignKey"
    assert isinstance(Contribution._meta.get_field("partnership"), ParentalKey)


def test_history_still_copies_the_fields_through_copy_fields():
    from simple_history.models import HistoricalRecords

    assert list(inspect.signature(HistoricalRecords.copy_fields).parameters) == [
        "self",
        "model",
    ], RECHECK


# --- The parts of a cached page that belong to the user -------------------------------------------


def test_django_renders_the_csrf_field_as_the_page_cache_expects(rf):
    request = rf.get("/")
    html = Template("<form>{% csrf_token %}</form>").render(RequestContext(request)).encode()
    blanked = blank_user_parts(html, csrf_placeholder=b"CSRF", account_placeholder=b"NAME")
    assert b'name="csrfmiddlewaretoken" value="CSRF"' in blanked, RECHECK
    assert blanked != html


def test_the_account_name_in_the_header_is_blanked(tree, member_user, member_client):
    html = member_client.get(tree.members_news.url).content
    name = (member_user.get_full_name() or member_user.get_username()).encode()
    assert name in html
    blanked = blank_user_parts(html, csrf_placeholder=b"CSRF", account_placeholder=b"NAME")
    assert b'<span class="account__name">NAME</span>' in blanked
    assert name not in blanked


def test_waiting_messages_are_counted_without_being_marked_as_shown(rf):
    request = rf.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    storage = get_messages(request)
    assert len(storage) == 0
    storage.add(constants.INFO, "Inscription enregistrée")
    assert len(storage) == 1
    assert storage.used is False
    assert get_messages(RequestFactory().get("/")) == []  # no messages middleware: a list


# --- Settings read from the shared cache ---------------------------------------------------------


def test_site_settings_are_read_once_then_from_the_shared_cache(db, rf):
    first = SiteSettings.load()
    with CaptureQueriesContext(connection) as queries:
        again = SiteSettings.load()
        request = rf.get("/")
        on_request = SiteSettings.load(request_or_site=request)
        site = Site.objects.first()
    assert len(queries) == 1  # the site only
    assert again.pk == on_request.pk == first.pk
    # Kept on the request, as Wagtail does; never on a site.
    assert getattr(request, SiteSettings.get_cache_attr_name()) is on_request
    assert SiteSettings.load(request_or_site=request) is on_request
    SiteSettings.load(request_or_site=site)
    assert not hasattr(site, SiteSettings.get_cache_attr_name())


# --- django-csp's hook ---------------------------------------------------------------------------


def test_django_csp_still_builds_its_policy_from_get_policy_parts(rf):
    request = rf.get("/admin/")
    middleware = SecurityHeadersMiddleware(lambda request: None)
    parts = middleware.get_policy_parts(request, response=object())
    assert parts.config["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" in parts.config["script-src"]
    public = middleware.get_policy_parts(rf.get("/fr/"), response=object())
    assert public.config is None  # the settings' policy
    report_only = middleware.get_policy_parts(request, response=object(), report_only=True)
    assert report_only.config is None


# --- The localised PostgreSQL search backend ---------------------------------------------------


def test_modelsearch_still_reads_the_configuration_from_the_backends_config_attribute():
    """`LocalisedPostgresSearchBackend.config` is a property: modelsearch must still set it
    in its constructor and read it from the backend (read as text: the module needs
    PostgreSQL to be imported)."""
    spec = find_spec("modelsearch.backends.database.postgres.postgres")
    source = Path(spec.origin).read_text()
    assert 'self.config = params.get("SEARCH_CONFIG")' in source, RECHECK
    assert "self.config = backend.config" in source, RECHECK  # the indexer
    assert "return backend.config" in source, RECHECK  # the query compilers


# --- What the admin's URLs name ------------------------------------------------------------------

# Every argument name of the admin's URLs when the internals were checked. A name that comes
# or goes may be a page, a document or a model the middleware no longer sees.
KNOWN_ADMIN_ARGUMENTS = {
    "action",
    "action_name",
    "app_label",
    "app_name",
    "collection_id",
    "content_type_app_name",
    "content_type_model_name",
    "destination_id",
    "doc_id",
    "document_id",
    "filter_spec",
    "image_id",
    "mode",
    "model_name",
    "object_id",
    "overridable_segment_id",
    "page_id",
    "page_pk",
    "page_to_move_id",
    "parent_page_id",
    "pk",
    "query_id",
    "redirect_id",
    "revision_id",
    "revision_id_a",
    "revision_id_b",
    "session_id",
    "string_segment_id",
    "task_id",
    "task_state_id",
    "token",
    "translation_id",
    "translation_source_id",
    "uidb64",
    "uploaded_file_id",
    "workflow_pk",
    "workflow_state_id",
}


def _admin_patterns():
    """(route, namespace, argument names) of every URL under the admin."""
    found = []

    def walk(resolver, prefix, namespace, inherited):
        for pattern in resolver.url_patterns:
            names = inherited | set(pattern.pattern.regex.groupindex)
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                # Joined as in `request.resolver_match.namespace`.
                inner = ":".join(filter(None, (namespace, pattern.namespace)))
                walk(pattern, route, inner, names)
            elif route.startswith("admin/"):
                found.append((route, namespace, names))

    walk(get_resolver(), "", "", set())
    return found


@pytest.fixture(scope="module")
def admin_patterns():
    return _admin_patterns()


def test_the_admin_urls_use_the_argument_names_we_know(admin_patterns):
    names = set().union(*(names for _, _, names in admin_patterns))
    assert names - KNOWN_ADMIN_ARGUMENTS == set(), RECHECK
    assert KNOWN_ADMIN_ARGUMENTS - names == set(), RECHECK


def test_each_page_argument_we_read_is_in_an_admin_url(admin_patterns):
    names = set().union(*(names for _, _, names in admin_patterns))
    assert set(ADMIN_PAGE_ARGUMENTS) <= names, RECHECK
    assert ADMIN_DOCUMENT_ARGUMENT in names, RECHECK


def test_the_page_and_document_views_name_their_object_pk(admin_patterns):
    with_pk = {namespace for _, namespace, names in admin_patterns if "pk" in names}
    assert ADMIN_PAGE_NAMESPACE in with_pk, RECHECK
    # The chooser names its document `pk`; the other views of documents name it
    # `document_id` (`doc_id` in the multiple upload's edit and delete, which Wagtail checks
    # against the restriction-aware document policy itself).
    assert set(ADMIN_DOCUMENT_NAMESPACES) & with_pk == {"wagtaildocs_chooser"}, RECHECK
    documents = [names for _, ns, names in admin_patterns if ns in ADMIN_DOCUMENT_NAMESPACES]
    assert set().union(*documents) & {"pk", "document_id", "doc_id"} == {
        "pk",
        "document_id",
        "doc_id",
    }, RECHECK
    edit = [route for route, ns, _ in admin_patterns if ns == ADMIN_PAGE_NAMESPACE]
    assert any("<int:page_id>/edit/" in route for route in edit), RECHECK


def test_each_model_argument_pair_is_in_an_admin_url(admin_patterns):
    for app_argument, model_argument in ADMIN_MODEL_ARGUMENTS:
        assert any({app_argument, model_argument} <= names for _, _, names in admin_patterns), (
            app_argument,
            RECHECK,
        )


def test_a_model_named_in_an_admin_url_is_always_named_by_a_pair_we_read(admin_patterns):
    for route, _, names in admin_patterns:
        if names & {"model_name", "content_type_model_name"}:
            assert any({app, model} <= names for app, model in ADMIN_MODEL_ARGUMENTS), route


def test_each_snippet_chooser_has_its_namespace_under_the_prefix_we_read(admin_patterns):
    namespaces = {namespace for _, namespace, _ in admin_patterns}
    for model in get_snippet_models():
        namespace = model.snippet_viewset.get_chooser_admin_url_namespace()
        assert namespace.startswith(SNIPPET_CHOOSER_NAMESPACE_PREFIX), RECHECK
        assert namespace in namespaces, (model, RECHECK)


def test_the_admin_urls_give_the_middleware_what_it_reads():
    from django.urls import resolve

    edit = resolve("/admin/pages/12/edit/")
    assert internals.pages_named_in_admin_url(edit, edit.kwargs) == [12]
    move = resolve("/admin/pages/3/move/4/confirm/")
    assert sorted(internals.pages_named_in_admin_url(move, move.kwargs)) == [3, 4]
    document = resolve("/admin/documents/edit/5/")
    assert internals.document_named_in_admin_url(document, document.kwargs) == 5
    setting = resolve("/admin/settings/coopsite/sitesettings/1/")
    assert internals.model_named_in_admin_url(setting, setting.kwargs) is SiteSettings


def test_a_routable_pages_resolver_is_still_built_from_get_subpage_urls():
    # coopsite.foundation.routes adds the registered routes through this classmethod.
    assert inspect.ismethod(RoutablePageMixin.get_subpage_urls)
    assert "cls.get_subpage_urls()" in inspect.getsource(RoutablePageMixin.get_resolver)


def test_the_admin_page_form_still_saves_only_the_comment_subscription_besides_the_page():
    # governance.forms.DecisionPageForm.save(commit=True) writes the same, in the same order.
    source = inspect.getsource(WagtailAdminPageForm.save)
    assert "self.show_comments_toggle" in source
    assert "self.subscription.save()" in source
    assert "super().save(commit=commit)" in source
