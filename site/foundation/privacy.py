"""Who may see which pages: one place, used by menus, listings, search and sitemaps alike.

Wagtail checks view restrictions when a page is *served*, but querysets know nothing of them:
a menu or a search built on `Page.objects.live()` would show the titles of restricted pages.
`visible_pages()` removes, inside the query, every page under a restriction that the current
request does not pass (login, groups, shared password), so that counts and pagination stay true.

An alias (Wagtail's `alias_of`) shows its source's content wherever it is placed: it is judged by
its source's restrictions. Wagtail, when serving an alias, checks the restriction of the source
page itself but not those above it; here every restriction reaches, besides its own subtree,
every alias of a page in that subtree (and what lies below such an alias), so that the menus,
listings, search, sitemap, the page cache's keys and serving itself (`alias_response`) agree.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, prefetch_related_objects
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

from .structure_cache import cached

_CACHE_ATTR = "_coop_blocked_paths"
_ALIASES_ATTR = "_coop_page_aliases"


def _passes(restriction, request, user_group_ids):
    user = request.user
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return user.is_authenticated
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        return any(group.pk in user_group_ids for group in restriction.groups.all())
    # PASSWORD and any future kind: Wagtail's own check (the session remembers the password).
    return restriction.accept_request(request)


def _load_restrictions():
    return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))


def all_restrictions(request):
    """Every view restriction of the site, with its page and groups (memoised per request).

    The list itself comes from the shared structure cache (renewed whenever a restriction, its
    groups or a page's place in the tree changes: see `structure_cache`). The user's groups are
    prefetched on the user too, so that Wagtail's own checks (`restriction.accept_request`)
    reuse them instead of querying again.
    """
    memo = getattr(request, _CACHE_ATTR, None)
    if memo is not None:
        return memo
    if request.user.is_authenticated:
        prefetch_related_objects([request.user], "groups")
    restrictions = cached("view-restrictions", _load_restrictions)
    setattr(request, _CACHE_ATTR, restrictions)
    return restrictions


def restrictions_of(page, request):
    """The restrictions that apply to `page` (its own and its ancestors'), from the memo."""
    return [r for r in all_restrictions(request) if page.path.startswith(r.page.path)]


def blocked_restrictions(request):
    """The view restrictions that this request does not pass."""
    restrictions = all_restrictions(request)  # first: it prefetches the user's groups
    user = request.user
    user_group_ids = {group.pk for group in user.groups.all()} if user.is_authenticated else set()
    return [r for r in restrictions if not _passes(r, request, user_group_ids)]


def _load_aliases():
    return list(
        Page.objects.filter(alias_of__isnull=False)
        .order_by("path")
        .values_list("path", "alias_of__path")
    )


def page_aliases(request=None):
    """(alias path, source path) of every alias page of the site, from the structure cache
    (renewed whenever a page is saved, moved or deleted), memoised on the request."""
    memo = getattr(request, _ALIASES_ATTR, None) if request is not None else None
    if memo is None:
        memo = cached("page-aliases", _load_aliases)
        if request is not None:
            setattr(request, _ALIASES_ATTR, memo)
    return memo


def reach(restrictions, aliases):
    """(path, restriction) for each restriction's page, and for every alias of a page in its
    subtree: an alias, and whatever lies below it, is under its source's restrictions (aliases
    of aliases too)."""
    reached = [(restriction.page.path, restriction) for restriction in restrictions]
    if not reached or not aliases:
        return reached
    changed = True
    while changed:
        changed = False
        for alias_path, source_path in aliases:
            for path, restriction in list(reached):
                if source_path.startswith(path) and not any(
                    alias_path == p and restriction is r for p, r in reached
                ):
                    reached.append((alias_path, restriction))
                    changed = True
    return reached


def _with_aliases(paths, aliases):
    """`paths` and the paths of the aliases of a page below one of them (see `reach`)."""
    paths = set(paths)
    changed = bool(paths)
    while changed:
        changed = False
        for alias_path, source_path in aliases:
            if alias_path not in paths and any(source_path.startswith(p) for p in paths):
                paths.add(alias_path)
                changed = True
    return paths


def blocked_paths(request):
    """Tree paths of the restricted pages that this request may not open, and of the aliases of
    pages below them."""
    paths = {restriction.page.path for restriction in blocked_restrictions(request)}
    return sorted(_with_aliases(paths, page_aliases(request)))


def restricted_paths():
    """Tree paths under any view restriction at all (the public part of the site is the rest),
    aliases of their pages included."""
    paths = {r.page.path for r in cached("view-restrictions", _load_restrictions)}
    return sorted(_with_aliases(paths, page_aliases()))


def public_pages(queryset):
    """Live pages under no view restriction, nor aliases of such pages (sitemap, feeds)."""
    return queryset.live().exclude(under_any(restricted_paths()))


def visible_pages(queryset, request):
    """Restrict a page queryset to live pages that this request may open."""
    queryset = queryset.live()
    paths = blocked_paths(request)
    if not paths:
        return queryset
    return queryset.exclude(under_any(paths))


def public_listing_excluded(models):
    """A Q matching the pages under a restriction set on a page of one of `models` itself (or
    below one), and the aliases of pages below such a restriction.

    For the public listings that show, by design, some pages of a restricted area (the public
    directory's members who agreed to it): the area's own restriction is passed over, one set
    on a college or on a member page is not.
    """
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    type_ids = {content_type.pk for content_type in content_types.values()}
    own = [
        restriction.page.path
        for restriction in cached("view-restrictions", _load_restrictions)
        if restriction.page.content_type_id in type_ids
    ]
    return under_any(_with_aliases(own, page_aliases()))


def can_view(page, request):
    """True when this request may open `page` (live and under no restriction it fails)."""
    return page.live and not any(page.path.startswith(path) for path in blocked_paths(request))


def alias_restrictions(page, request):
    """The restrictions this request fails that reach `page` through an alias only (Wagtail
    checks the others when it serves the page), strictest first: login or groups before a
    shared password."""
    aliases = page_aliases(request)
    if not aliases:
        return []
    own = {restriction.pk for restriction in restrictions_of(page, request)}
    found = {}
    for path, restriction in reach(blocked_restrictions(request), aliases):
        if restriction.pk not in own and page.path.startswith(path):
            found[restriction.pk] = restriction
    return sorted(
        found.values(),
        key=lambda r: (r.restriction_type == PageViewRestriction.PASSWORD, r.pk),
    )


def _groups_with_permission(app_label, codename):
    return set(
        Group.objects.filter(
            permissions__content_type__app_label=app_label, permissions__codename=codename
        ).values_list("pk", flat=True)
    )


def has_group_permission(user, permission):
    """True when `user` holds `permission` ("app_label.codename") through a group, or is a
    superuser.

    Read from the user's groups (prefetched with the request's restrictions) and the cached set
    of groups holding the permission: no permission query on every page. A permission granted
    to a user directly, outside any group, is not seen here.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    app_label, codename = permission.split(".")
    groups = cached(
        f"groups-with:{permission}", lambda: _groups_with_permission(app_label, codename)
    )
    return any(group.pk in groups for group in user.groups.all())


def _users_with_permission(app_label, codename):
    return set(
        get_user_model()
        .objects.filter(
            user_permissions__content_type__app_label=app_label,
            user_permissions__codename=codename,
        )
        .values_list("pk", flat=True)
    )


def may_open_admin(user):
    """True when `user` may open the Wagtail admin: through a group (see
    `has_group_permission`) or given to their own account.

    Both come from the shared structure cache (renewed when a group's or a user's permissions
    change): no permission query on every page.
    """
    permission = "wagtailadmin.access_admin"
    if has_group_permission(user, permission):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    users = cached(
        f"users-with:{permission}", lambda: _users_with_permission(*permission.split("."))
    )
    return user.pk in users


# --- The same rule for a user, outside any request (the admin's permission policies) ----------
#
# In the admin, everyone is logged in and shared passwords do not apply: what remains are the
# group restrictions. A page (or document collection) restricted to groups that the user is in
# none of is out of their reach, whatever page or collection permissions they hold elsewhere.


def _load_collection_restrictions():
    return list(
        CollectionViewRestriction.objects.filter(restriction_type=CollectionViewRestriction.GROUPS)
        .select_related("collection")
        .prefetch_related("groups")
    )


def _user_group_ids(user):
    memo = getattr(user, "_coop_group_ids", None)
    if memo is None:
        # user.groups.all() reuses the groups prefetched with the request's restrictions.
        memo = {group.pk for group in user.groups.all()} if user.is_authenticated else set()
        user._coop_group_ids = memo
    return memo


def _blocked_for_user(user, restrictions):
    if user.is_authenticated and user.is_superuser:
        return []
    group_ids = _user_group_ids(user)
    return [
        restriction
        for restriction in restrictions
        if not any(group.pk in group_ids for group in restriction.groups.all())
    ]


def blocked_page_paths_for_user(user):
    """Tree paths of the pages restricted to groups that `user` is in none of (and of the
    aliases of pages below them)."""
    restrictions = [
        r
        for r in cached("view-restrictions", _load_restrictions)
        if r.restriction_type == PageViewRestriction.GROUPS
    ]
    paths = {r.page.path for r in _blocked_for_user(user, restrictions)}
    return sorted(_with_aliases(paths, page_aliases()))


def blocked_collection_paths_for_user(user):
    """Tree paths of the document collections restricted to groups that `user` is in none of."""
    restrictions = cached("collection-restrictions", _load_collection_restrictions)
    return sorted({r.collection.path for r in _blocked_for_user(user, restrictions)})


def under_any(paths, field="path"):
    """A Q matching the rows whose tree `field` lies under one of `paths` (none if empty)."""
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition
