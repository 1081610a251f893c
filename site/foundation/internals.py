"""What the site relies on inside Wagtail, Django and their neighbours, in one place.

Each name below uses something a library does not document, or the exact form of what it
renders. Each was checked against the versions of `CHECKED_AGAINST`, and
`tests/site/test_internals.py` fails loudly when an upgrade changes what it relies on (and when
an installed version differs from `CHECKED_AGAINST`: re-check this list, then update it).

- `last_child_step`, `child_path` (django-treebeard's `MP_Node._str2int` and `_get_path`):
  the materialised paths of pages created in bulk (`bulk_pages`), computed as `add_child()`
  computes them, without its queries one page at a time.
- `insert_rows` (Django's `Manager._insert`): the specific rows of pages whose `Page` rows
  were bulk-created (`bulk_pages`); `bulk_create()` refuses a model with multi-table
  inheritance.
- `ClusterHistoricalRecords` (django-simple-history's `HistoricalRecords.copy_fields`,
  modelcluster's `ParentalKey`): the history of an inline of a cluster (a contribution of a
  partnership) keeps its parental key as a plain foreign key.
- `blank_user_parts` (the HTML of Django's `{% csrf_token %}` and of the header's account
  name in `templates/base.html`): the page cache keeps a page without the CSRF token and the
  user's name, which are filled in for each request. No response header can carry them: they
  are in the page itself.
- `pages_named_in_admin_url`, `document_named_in_admin_url`, `model_named_in_admin_url` (the
  names of the arguments and URL namespaces of Wagtail's and wagtail-localize's admin views):
  the admin middleware refuses the views about a page, a document or a model out of a user's
  reach (`coopsite.foundation.middleware`).

Elsewhere, but checked here: `search_backend.LocalisedPostgresSearchBackend` (defined on first
use, on PostgreSQL only) makes modelsearch's `config` attribute of its PostgreSQL backend a
property, which the indexer and the query compilers read. `routes.RegisteredRoutesMixin`
extends `RoutablePageMixin.get_subpage_urls()`, the classmethod from which Wagtail builds a
routable page's resolver. `governance.forms.DecisionPageForm.save()` writes, when asked to
commit, what `WagtailAdminPageForm.save(commit=True)` writes besides the page (the comment
subscription); Wagtail's page views never ask it to commit.

Replaced by public APIs, and no longer here: `SharedCacheSetting` overrides Wagtail's `load()`
(no longer `_get_or_create`); `SecurityHeadersMiddleware` extends django-csp's documented
`get_policy_parts()` (no longer `response._csp_config`); the page cache counts the waiting
messages with `len()` (no longer `_queued_messages`).
"""

import re

from django.apps import apps
from django.db import models
from modelcluster.fields import ParentalKey
from simple_history.models import HistoricalRecords
from wagtail.snippets.models import get_snippet_models

# The installed versions these internals were last checked against.
CHECKED_AGAINST = {
    "Django": "5.2.19",
    "wagtail": "8.0.1",
    "wagtail-localize": "1.14.5",
    "django-treebeard": "5.3.1",
    "django-modelcluster": "6.5",
    "django-simple-history": "3.13.0",
    "django-csp": "4.0",
    "modelsearch": "1.3.2",
}


# --- Tree paths and bulk inserts (bulk_pages) ---------------------------------------------------


def last_child_step(node_class, path):
    """The step number of the last segment of a treebeard `path` (`"00010002"` → 2)."""
    return node_class._str2int(path[-node_class.steplen :])


def child_path(node_class, parent, step):
    """The path of the `step`-th child of `parent` (treebeard's own computation)."""
    return node_class._get_path(parent.path, parent.depth + 1, step)


def insert_rows(model, objs, fields):
    """Insert the rows of `objs` for `fields` of `model` only, as they are (primary keys
    included), without signals: the child table's rows of multi-table inheritance."""
    model._base_manager._insert(objs, fields=fields)


# --- History of a cluster's inlines (partnerships) -------------------------------------------


class ClusterHistoricalRecords(HistoricalRecords):
    """HistoricalRecords for a model with a `ParentalKey` (an inline of a cluster).

    The historical copy of a ParentalKey must be a plain foreign key: modelcluster refuses the
    `related_name="+"` that history tables use.
    """

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for copied in fields.values():
            if isinstance(copied, ParentalKey):
                copied.__class__ = models.ForeignKey
        return fields


# --- The parts of a cached page that belong to the user (page_cache) ----------------------------

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
ACCOUNT_NAME = re.compile(rb'(<span class="account__name">)[^<]*(</span>)')


def blank_user_parts(content, *, csrf_placeholder, account_placeholder):
    """`content` with each CSRF token and the account name replaced by the placeholders."""
    content = CSRF_INPUT.sub(rb"\1" + csrf_placeholder + rb"\2", content)
    return ACCOUNT_NAME.sub(rb"\1" + account_placeholder + rb"\2", content)


# --- What the admin's URLs name (middleware) --------------------------------------------------

# Arguments holding a page's id: the edit form, history, revisions, preview, move, copy,
# delete, unpublish, usage, translation, the chooser's browsing.
ADMIN_PAGE_ARGUMENTS = (
    "page_id",
    "parent_page_id",
    "page_to_move_id",
    "destination_id",
    "page_pk",
)
# The page views of the `wagtailadmin_pages` namespace name their page `pk`.
ADMIN_PAGE_NAMESPACE = "wagtailadmin_pages"
ADMIN_DOCUMENT_ARGUMENT = "document_id"
# The document views of these namespaces name their document `pk`.
ADMIN_DOCUMENT_NAMESPACES = ("wagtaildocs", "wagtaildocs_chooser")
# Arguments holding an app label and a model name, in Wagtail's admin and wagtail-localize
# (`app_label`/`model_name`, `app_name`/`model_name` of tags and settings,
# `content_type_app_name`/`content_type_model_name` of page types).
ADMIN_MODEL_ARGUMENTS = (
    ("app_label", "model_name"),
    ("app_name", "model_name"),
    ("content_type_app_name", "content_type_model_name"),
)
# Each snippet chooser has a namespace of its own, which names its model.
SNIPPET_CHOOSER_NAMESPACE_PREFIX = "wagtailsnippetchoosers_"


def pages_named_in_admin_url(match, view_kwargs):
    """The ids of the pages an admin view's URL names."""
    ids = [view_kwargs[name] for name in ADMIN_PAGE_ARGUMENTS if name in view_kwargs]
    if match is not None and match.namespace == ADMIN_PAGE_NAMESPACE and "pk" in view_kwargs:
        ids.append(view_kwargs["pk"])
    return ids


def document_named_in_admin_url(match, view_kwargs):
    """The id of the document an admin view's URL names, or None."""
    document_id = view_kwargs.get(ADMIN_DOCUMENT_ARGUMENT)
    if document_id is None and match is not None and match.namespace in ADMIN_DOCUMENT_NAMESPACES:
        document_id = view_kwargs.get("pk")
    return document_id


def _snippet_chooser_models():
    """Each snippet chooser's URL namespace and model: these URLs name the model in their path,
    not in arguments (`/admin/snippets/choose/<app>/<model>/`)."""
    models = {}
    for model in get_snippet_models():
        viewset = getattr(model, "snippet_viewset", None)
        if viewset is not None:
            models[viewset.get_chooser_admin_url_namespace()] = model
    return models


def model_named_in_admin_url(match, view_kwargs):
    """The model an admin view's URL names (an app label and a model name, or a snippet
    chooser's namespace), or None."""
    for app_argument, model_argument in ADMIN_MODEL_ARGUMENTS:
        if app_argument in view_kwargs and model_argument in view_kwargs:
            try:
                return apps.get_model(view_kwargs[app_argument], view_kwargs[model_argument])
            except (LookupError, ValueError):
                return None  # the view answers 404 itself
    if match is not None and match.namespace.startswith(SNIPPET_CHOOSER_NAMESPACE_PREFIX):
        return _snippet_chooser_models().get(match.namespace)
    return None
