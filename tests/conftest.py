import io
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from coopsite.foundation.translation import translate_page
from tests.factories import build_tree, make_user


@pytest.fixture(autouse=True)
def _empty_cache():
    """The database rolls back after each test; the cache must forget with it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def without_page_cache(settings):
    """The views themselves, as on every cache miss: for the query budgets of the views."""
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "coopsite.foundation.page_cache.PageCacheMiddleware"
    ]


@pytest.fixture(autouse=True)
def _default_language():
    """Requests to /en/ leave English active in the thread: start each test in French."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def tree(db):
    return build_tree()


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def member_user(db):
    return make_user("societaire", settings.GROUP_MEMBERS)


@pytest.fixture
def committee_user(db):
    return make_user("comite", settings.GROUP_MEMBERS, settings.GROUP_COMMITTEE)


@pytest.fixture
def editor_user(db):
    return make_user("editrice", settings.GROUP_EDITORS)


@pytest.fixture
def superuser(db):
    return make_user("admin", superuser=True)


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def member_client(member_user):
    return _client_for(member_user)


@pytest.fixture
def committee_client(committee_user):
    return _client_for(committee_user)


@pytest.fixture
def editor_client(editor_user):
    return _client_for(editor_user)


@pytest.fixture
def superuser_client(superuser):
    return _client_for(superuser)


@pytest.fixture
def role_clients(
    anonymous_client, member_client, committee_client, editor_client, superuser_client
):
    """Every role of the site, least privileged first."""
    return {
        "anonymous": anonymous_client,
        "member": member_client,
        "committee": committee_client,
        "editor": editor_client,
        "admin": superuser_client,
    }


@pytest.fixture
def translate(db):
    """Translate a page with wagtail-localize (see coopsite.foundation.translation) and publish
    it."""

    def _translate(page, language_code="en", strings=None):
        locale = Locale.objects.get(language_code=language_code)
        return translate_page(page, locale, strings or {})

    return _translate


# --- Background tasks ---------------------------------------------------------------------
# Tests run tasks at once (ImmediateBackend, settings: "Background tasks"); these two put them
# in the database queue instead and run the worker, as production does.


@pytest.fixture
def task_queue(settings):
    """Tasks go to the database queue (django_tasks_db); returns its results' manager.

    Changing TASKS resets django_tasks' cached backends (its setting_changed receiver), here
    and when the fixture restores the setting."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects


def _run_worker():
    """`manage.py db_worker --batch`: every task ready, then it stops; returns its output.

    Between tasks the worker closes database connections that are in a transaction (Django's
    close_old_connections); the test's own transaction must stay open, so that step is skipped.
    """
    out = io.StringIO()
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=out)
    return out.getvalue()


@pytest.fixture
def run_worker(task_queue):
    return _run_worker
