"""The admin follows the site's view restrictions (Wagtail's permission policies, extended).

Wagtail grants page and collection permissions on a subtree, and a permission on the home page
or the root collection covers everything below it: editors, who write the whole site, would
find the steering committee's partnership pages and documents in the admin's explorer, search,
history, revisions, reports and choosers. Wagtail looks every such permission up through its
policy registry (`wagtail.permissions.register_permission_policy`), so the policies below add
one rule to Wagtail's own: a page, or a document of a collection, restricted to groups the user
is in none of is beyond their reach in the admin too. Superusers are not concerned.
"""

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PagePermissionTester
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from .privacy import blocked_collection_paths_for_user, blocked_page_paths_for_user, under_any


def page_is_blocked(user, page):
    return any(page.path.startswith(path) for path in blocked_page_paths_for_user(user))


def may_work_on_page(user, page):
    """Whether a user may add below, change or publish a page (and so see it as a draft)."""
    policy = policy_registry.get_by_type(Page)
    return policy.user_has_any_permission_for_instance(user, {"add", "change", "publish"}, page)


def document_is_blocked(user, document):
    paths = blocked_collection_paths_for_user(user)
    return any(document.collection.path.startswith(path) for path in paths)


class RestrictionAwarePagePermissionTester(PagePermissionTester):
    """What one user may do with one page (edit, publish, view its revisions…): nothing at all
    on a page out of their reach."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and page_is_blocked(user, page):
            self.permissions = set()


class RestrictionAwarePagePermissionPolicy(PagePermissionPolicy):
    def _without_blocked(self, pages, user):
        paths = blocked_page_paths_for_user(user)
        return pages.exclude(under_any(paths)) if paths else pages

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if page_is_blocked(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return self._without_blocked(
            super().instances_user_has_any_permission_for(user, actions), user
        )

    def explorable_instances(self, user):
        return self._without_blocked(super().explorable_instances(user), user)


class RestrictionAwareDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def user_has_any_permission_for_instance(self, user, actions, instance):
        if document_is_blocked(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        documents = super().instances_user_has_any_permission_for(user, actions)
        paths = blocked_collection_paths_for_user(user)
        if not paths:
            return documents
        # By collection id (not by path): the admin's document search filters on indexed
        # fields only, and `collection` is one.
        blocked = list(Collection.objects.filter(under_any(paths)).values_list("pk", flat=True))
        return documents.exclude(collection__in=blocked)

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        paths = blocked_collection_paths_for_user(user)
        return collections.exclude(under_any(paths)) if paths else collections


def register_policies():
    """Called at the top of coopsite/foundation/wagtail_hooks.py: after the apps' ready(), where
    Wagtail registers its own policies, and before any request."""
    register_permission_policy(Page, RestrictionAwarePagePermissionPolicy(Page))
    Document = get_document_model()
    # `exact_class`: the hooks may be loaded before wagtail.documents registers its own
    # policy for the model, and the exact registration is the one Wagtail looks up first.
    register_permission_policy(
        Document,
        RestrictionAwareDocumentPermissionPolicy(
            Document, auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )


# --- Admin views naming a model ----------------------------------------------------------------

ANY_ACTION = {"add", "change", "delete", "view"}


def may_use_model(user, model):
    """Whether a user may see a model's records in the admin: any permission on the model
    (view, change, add or delete) through Wagtail's policy for it (a snippet's own policy,
    collections for documents and images). Page types are not secret: each page is checked
    by the page policy above."""
    if user.is_superuser or issubclass(model, Page):
        return True

    viewset = getattr(model, "snippet_viewset", None)
    policy = viewset.permission_policy if viewset is not None else None
    if policy is None:
        policy = policy_registry.get_by_type(model)
    return policy.user_has_any_permission(user, ANY_ACTION)
