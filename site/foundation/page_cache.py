"""Whole pages served from the shared cache: public pages for anonymous visitors, and some
members' pages for logged-in users, per set of groups.

The home page, the training catalogue, course pages, their iCalendar feeds and the sitemap are
the pages the public reads most, and they are the same for every anonymous visitor. Their views
are decorated with `@cacheable`; `PageCacheMiddleware` keeps the rendered response in
Django's cache (Redis shared by every app server in production, see `settings/production.py`)
and serves it again without touching the database.

What is cached, and for whom:

- only GET and HEAD requests without a messages cookie and without a session that holds
  anything: a request that carries one (logged in, a shared page password, a flash message) is
  never served from this cache and never fills it. A session cookie that names no such session
  (made up, expired) is served like no cookie at all: checking it costs one cache hit, or one
  query for a key the cache does not know;
- keyed on the address and on the query parameters the view reads, and only these, sorted
  (`@cacheable(params=("theme", "page"))`): a parameter no page reads (`?utm_source=…`, a
  random one to get past the cache) neither makes a new entry nor reaches the view, which
  sees the request without it, so that nothing it renders (the login link holds the current
  address) can carry what another visitor sent. The parameters a view reads are learnt from its
  first answer at each address (in each generation): until then, a request with a query is
  stored only if the view read all of it;
- only responses with status 200 from a `@cacheable` view, rendered for an anonymous user, that
  showed no flash message;
- the CSRF token of a form (the course page's registration form) is not kept: each visitor
  gets a fresh token, and its cookie, when the cached page is served.

Members' pages that are the same for everyone in the same groups (the directory, a college, the
decisions: `@cacheable_for_groups`) are kept the same way for logged-in users, under a key made
of the user's groups and of the restricted sections they may not open, so that no one is ever
served a page built for other groups:

- never for users who may open the admin, through a group or on their own account (Wagtail's
  user bar is theirs), nor while a flash message waits in the session;
- never for the admin's previews, drafts and revisions (`request.is_preview`): they are
  rendered at the page's live address but are neither read from the cache nor stored in it;
- the account name in the header and the CSRF token of the logout form are the only parts of
  such a page that belong to the user: they are left out of the cache and filled in for each
  request.

When it is renewed (a *generation*, as in `structure_cache`):

- every key holds the structure generation (pages saved, published, unpublished, moved or
  deleted, view restrictions, settings, groups: `structure_cache`) and the content generation
  below, so a change starts a new set of keys on every app server at once;
- the content generation changes when a page is published or unpublished, and when anything a
  cached page shows outside the page itself is saved or deleted: sessions and their days,
  registrations (seats left), themes and audiences, images, documents, offers and needs,
  contacts, votes, partnerships and their links to decisions (see each app's `apps.py`). It
  changes at once and again when the transaction commits, so a request that read the database
  before the commit can only fill keys that the commit abandons;
- entries expire after `TIMEOUT` anyway: what depends on the date (a registration deadline that
  passes, a session that is now over) is never older than that.
"""

import hashlib
import logging
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.http import urlencode
from wagtail.signals import page_published, page_unpublished

from . import structure_cache
from .internals import blank_user_parts
from .privacy import all_restrictions, blocked_paths, may_open_admin

CONTENT_GENERATION_KEY = "coop:content:generation"
TIMEOUT = 5 * 60  # seconds
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Link")
CSRF_PLACEHOLDER = b"coop-csrf-token-placeholder"
MARK = "_coop_cacheable"
MARK_GROUPS = "_coop_cacheable_for_groups"
ACCOUNT_PLACEHOLDER = b"coop-account-name-placeholder"
logger = logging.getLogger(__name__)
HEADER = "X-Cache"


# --- Generations ---------------------------------------------------------------------------------


def _new_content_generation():
    cache.set(CONTENT_GENERATION_KEY, uuid.uuid4().hex, None)


def invalidate():
    """Every cached page and fragment is renewed, now and when the transaction commits."""
    _new_content_generation()
    transaction.on_commit(_new_content_generation)


def generation(values=None):
    """The structure and content generations together, read in one round trip (or taken from
    `values`, already read with other keys)."""
    if values is None:
        values = cache.get_many([structure_cache.GENERATION_KEY, CONTENT_GENERATION_KEY])
    structure = values.get(structure_cache.GENERATION_KEY)
    content = values.get(CONTENT_GENERATION_KEY)
    if structure is None:
        structure = structure_cache.current_generation()
    if content is None:
        cache.add(CONTENT_GENERATION_KEY, uuid.uuid4().hex, None)
        content = cache.get(CONTENT_GENERATION_KEY)
    return f"{structure}.{content}"


def _invalidate_on_change(sender, raw=False, **kwargs):
    if not raw:
        invalidate()


def _invalidate_on_publication(sender, **kwargs):
    invalidate()


def watch(*models):
    """Renew the cached pages whenever an instance of one of `models` is saved or deleted."""
    for model in models:
        uid = f"coop-page-cache-{model._meta.label_lower}"
        post_save.connect(_invalidate_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_invalidate_on_change, sender=model, dispatch_uid=f"{uid}-delete")


def _invalidate_on_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate()


def watch_m2m(*through_models):
    """Renew the cached pages when a link of one of these many-to-many relations changes."""
    for through in through_models:
        uid = f"coop-page-cache-m2m-{through._meta.label_lower}"
        m2m_changed.connect(_invalidate_on_m2m, sender=through, dispatch_uid=uid)


def connect_publication_signals():
    page_published.connect(_invalidate_on_publication, dispatch_uid="coop-page-cache-published")
    page_unpublished.connect(_invalidate_on_publication, dispatch_uid="coop-page-cache-unpublished")


# --- Views ---------------------------------------------------------------------------------------


def _marking(mark):
    def decorate(view, params):
        @wraps(view)
        def wrapper(*args, **kwargs):
            response = view(*args, **kwargs)
            setattr(response, mark, True)
            response._coop_cache_params = params
            return response

        return wrapper

    def decorator(view=None, *, params=()):
        params = tuple(sorted(set(params)))
        if view is None:  # @cacheable(params=(...))
            return lambda view: decorate(view, params)
        return decorate(view, params)

    return decorator


# Mark the responses of a view (a function or a page route) as cacheable for anonymous
# visitors; the middleware still decides (see the module's docstring). `params` names the
# query parameters the view reads (`@cacheable(params=("theme", "page"))`): any other is left
# out of the key, and out of the request the view sees.
cacheable = _marking(MARK)
# Mark the responses of a view as the same for every logged-in user with the same groups (and
# the same restricted sections open); `params` as above.
cacheable_for_groups = _marking(MARK_GROUPS)


def _previewing(request):
    """A preview, a draft or a revision rendered by the admin (Wagtail's `make_preview_request`
    marks its request `is_dummy`, then `is_preview` while the page renders): it is served at
    the page's live address, but must never be read from nor stored in the cache."""
    return getattr(request, "is_dummy", False) or getattr(request, "is_preview", False)


def _without_session(request):
    """No session cookie, or one that names no session with anything in it (made up, expired,
    emptied): the page is then the same as for a visitor without a cookie. Reading the session
    costs one cache hit with `cached_db` (a database query for a key that is unknown)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.session.keys()


def _anonymous_candidate(request):
    return (
        request.method in ("GET", "HEAD")
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
        and _without_session(request)
    )


def _member_candidate(request):
    if request.method not in ("GET", "HEAD") or CookieStorage.cookie_name in request.COOKIES:
        return False
    user = request.user
    if not user.is_authenticated:
        return False
    all_restrictions(request)  # prefetches the user's groups, read by the next two checks
    return not may_open_admin(user) and "_messages" not in request.session


def _groups_key(request):
    """The user's groups and the restricted sections they may not open (shared passwords)."""
    blocked = blocked_paths(request)  # first: it prefetches the user's groups
    groups = sorted(group.pk for group in request.user.groups.all())
    return f"groups={groups}:blocked={blocked}"


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def _params_key(request, mark):
    """Where the query parameters read by the view at this address are remembered."""
    return f"coop:page-params:{mark}:{_digest(request.get_host() + request.path)}"


def _canonical_query(request, params):
    """The request's values of `params` only, sorted by name (each name's values in order)."""
    pairs = [(name, value) for name, values in request.GET.lists() for value in values]
    return urlencode(sorted(((n, v) for n, v in pairs if n in params), key=lambda p: p[0]))


def _keep_only(request, query):
    """The view sees the canonical query only: what it renders (a login link with the current
    address, a pagination link) never holds a parameter left out of the key."""
    if request.META.get("QUERY_STRING", "") != query:
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def _key(request, generation_value, audience, query):
    address = f"{audience}|{request.get_host()}{request.path}?{query}"
    return f"coop:page:{generation_value}:{_digest(address)}"


def _storable(request, response, mark=MARK):
    if not getattr(response, mark, False) or response.status_code != 200 or response.streaming:
        return False
    if _previewing(request):
        return False
    if request.user.is_authenticated != (mark == MARK_GROUPS):
        return False
    # Shown (`used`) or waiting (counted without being marked as shown).
    storage = get_messages(request)
    return not (getattr(storage, "used", False) or len(storage))


def _entry(response):
    content = blank_user_parts(
        response.content,
        csrf_placeholder=CSRF_PLACEHOLDER,
        account_placeholder=ACCOUNT_PLACEHOLDER,
    )
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return {"content": content, "headers": headers}


def _response(request, entry):
    content = entry["content"]
    if CSRF_PLACEHOLDER in content:
        # A token of its own for this visitor; the CSRF middleware sets the matching cookie.
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    if ACCOUNT_PLACEHOLDER in content:
        user = request.user
        name = escape(user.get_full_name() or user.get_username())
        content = content.replace(ACCOUNT_PLACEHOLDER, name.encode())
    response = HttpResponse(content)
    for name, value in entry["headers"].items():
        response[name] = value
    return response


class PageCacheMiddleware:
    """Serve and fill the cache of pages (public pages for anonymous visitors, members' pages
    per set of groups). Placed after the session, authentication,
    CSRF and messages middleware: a page served from the cache still goes through the ones
    above it (security headers, CSRF cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _previewing(request):
            return self.get_response(request)
        if _anonymous_candidate(request):
            audience, mark = "anonymous", MARK
        elif _member_candidate(request):
            audience, mark = _groups_key(request), MARK_GROUPS
        else:
            return self.get_response(request)
        try:
            generation_value, remembered = self._lookup(request, mark)
            # Without a query, the address is the key; with one, the parameters the view reads
            # must be known (remembered from an earlier answer in this generation).
            params = () if not request.META.get("QUERY_STRING") else remembered
            key = None
            if params is not None:  # known: the key and the request keep these only
                query = _canonical_query(request, params)
                _keep_only(request, query)
                key = _key(request, generation_value, audience, query)
                entry = cache.get(key)
                if entry is not None:
                    response = _response(request, entry)
                    response[HEADER] = "HIT"
                    return response
        except Exception:  # the cache is down: the site still answers, from the views
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        response = self.get_response(request)
        if _storable(request, response, mark):
            read = response._coop_cache_params
            if key is None:
                # The first request at this address (in this generation) with a query: the
                # view saw all of it, so its page is stored only if it read every parameter.
                query = _canonical_query(request, read)
                if query == _canonical_query(request, set(request.GET)):
                    key = _key(request, generation_value, audience, query)
            try:
                if remembered != read:
                    cache.set(_params_key(request, mark), (generation_value, read), TIMEOUT)
                if key is not None:
                    cache.set(key, _entry(response), TIMEOUT)
            except Exception:
                logger.exception("Page cache unavailable")
            else:
                if key is not None:
                    response[HEADER] = "MISS"
        return response

    @staticmethod
    def _lookup(request, mark):
        """The current generation and the parameters read by the view at this address (None
        if not known yet in this generation): one round trip to the cache."""
        params_key = _params_key(request, mark)
        values = cache.get_many(
            [structure_cache.GENERATION_KEY, CONTENT_GENERATION_KEY, params_key]
        )
        generation_value = generation(values)
        remembered = values.get(params_key)
        if remembered is not None and remembered[0] == generation_value:
            return generation_value, remembered[1]
        return generation_value, None
