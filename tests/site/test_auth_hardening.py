"""Login throttling (django-axes) on the site's and the admin's login, and the superusers' report
of logins, as real client requests."""

import csv
import datetime
import io
import os
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import F
from django.test import Client

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/fr/connexion/"
ADMIN_LOGIN = "/admin/login/"
LOCKED_TITLE = "Connexion temporairement bloquée"
LOCKED_TEXT = "ce compte est bloqué sur cette connexion pendant 15 minutes"


def _post_login(client, url, username, password, ip="203.0.113.10"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, url, username, times, ip="203.0.113.10"):
    return [_post_login(client, url, username, "wrong-password", ip) for _ in range(times)]


def _assert_locked(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_TITLE in html
    assert LOCKED_TEXT in html
    assert 'class="site-header' in html  # the site's own layout
    assert "_auth_user_id" not in response.wsgi_request.session


def _assert_logged_in(response, client):
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.fixture
def member(db):
    return make_user("societaire", settings.GROUP_MEMBERS)


@pytest.fixture
def editor(db):
    return make_user("editrice", settings.GROUP_EDITORS)


def test_settings_put_axes_first_and_last():
    assert settings.AUTHENTICATION_BACKENDS == [
        "axes.backends.AxesBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_five_failures_lock_the_account_even_with_the_right_password(tree, member, editor, url):
    username = "societaire" if url == SITE_LOGIN else "editrice"
    client = Client()
    responses = _fail(client, url, username, 5)
    for response in responses[:4]:
        assert response.status_code == 200  # the form again, with its French error
        assert "_auth_user_id" not in client.session
    if url == SITE_LOGIN:
        assert "Saisissez un nom d’utilisateur et un mot de passe valides" in (
            responses[3].content.decode()
        )
    _assert_locked(responses[4])  # the fifth failure locks

    _assert_locked(_post_login(client, url, username, PASSWORD))
    # A fresh browser (no cookie) from the same address is refused too.
    _assert_locked(_post_login(Client(), url, username, PASSWORD))


def test_the_lock_holds_while_the_cache_is_emptied(tree, member):
    from django.core.cache import cache

    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    for _ in range(5):
        cache.clear()
        _fail(Client(), SITE_LOGIN, "societaire", 1)
    cache.clear()
    _assert_locked(_post_login(Client(), SITE_LOGIN, "societaire", PASSWORD))
    assert AccessAttempt.objects.get().failures_since_start >= 5  # counted in the database


def test_the_lock_page_names_neither_the_account_nor_the_page(tree, member):
    responses = _fail(Client(), SITE_LOGIN, "societaire", 5)
    html = responses[-1].content.decode()
    assert "societaire" not in html
    assert "?next=" not in html


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_other_accounts_and_other_addresses_are_not_affected(tree, member, editor, url):
    other = make_user("autre", settings.GROUP_EDITORS)
    username = "societaire" if url == SITE_LOGIN else "editrice"
    _fail(Client(), url, username, 5)
    # Another account from the same address.
    client = Client()
    _assert_logged_in(_post_login(client, url, other.username, PASSWORD), client)
    # The same account from another address.
    client = Client()
    _assert_logged_in(_post_login(client, url, username, PASSWORD, ip="198.51.100.7"), client)


def test_the_lock_ends_after_the_cool_off(tree, member):
    _fail(Client(), SITE_LOGIN, "societaire", 5)
    client = Client()
    _assert_locked(_post_login(client, SITE_LOGIN, "societaire", PASSWORD))
    # 14 minutes later: still locked (that attempt starts the 15 minutes again).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=14))
    _assert_locked(_post_login(client, SITE_LOGIN, "societaire", PASSWORD))
    # 16 minutes after the last attempt: open again.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    _assert_logged_in(_post_login(client, SITE_LOGIN, "societaire", PASSWORD), client)


def test_the_admin_login_lock_also_ends_after_the_cool_off(tree, editor):
    _fail(Client(), ADMIN_LOGIN, "editrice", 5)
    client = Client()
    _assert_locked(_post_login(client, ADMIN_LOGIN, "editrice", PASSWORD))
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    _assert_logged_in(_post_login(client, ADMIN_LOGIN, "editrice", PASSWORD), client)
    assert client.get("/admin/").status_code == 200


def test_a_successful_login_resets_the_count(tree, member):
    client = Client()
    _fail(client, SITE_LOGIN, "societaire", 4)
    _assert_logged_in(_post_login(client, SITE_LOGIN, "societaire", PASSWORD), client)
    assert not AccessAttempt.objects.exists()
    # Four new failures do not lock: the count started again from zero.
    responses = _fail(Client(), SITE_LOGIN, "societaire", 4)
    assert [response.status_code for response in responses] == [200] * 4
    client = Client()
    _assert_logged_in(_post_login(client, SITE_LOGIN, "societaire", PASSWORD), client)


def test_failures_on_both_login_pages_add_up(tree, editor):
    _fail(Client(), SITE_LOGIN, "editrice", 3)
    responses = _fail(Client(), ADMIN_LOGIN, "editrice", 2)
    _assert_locked(responses[-1])
    _assert_locked(_post_login(Client(), SITE_LOGIN, "editrice", PASSWORD))


def test_the_password_is_never_stored_with_the_failures(tree, member):
    _fail(Client(), SITE_LOGIN, "societaire", 2)
    attempt = AccessAttempt.objects.get()
    assert "wrong-password" not in attempt.post_data


def test_production_counts_the_address_the_proxy_saw():
    """Production reads X-Forwarded-For, whose right-most entry the proxy appended; entries to
    its left come from the client and can be forged."""
    code = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from axes.helpers import get_client_ip_address\n"
        "rf = RequestFactory()\n"
        "for xff in ['203.0.113.9', '1.2.3.4, 203.0.113.9', 'forged, 5.6.7.8, 203.0.113.9']:\n"
        "    request = rf.get('/', HTTP_X_FORWARDED_FOR=xff, REMOTE_ADDR='10.0.0.2')\n"
        "    print(get_client_ip_address(request))\n"
    )
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="coopsite.settings.production",
        SECRET_KEY="k" * 20 + "Zq8#vL2!pT9@wX4$" * 3,
        ALLOWED_HOSTS="intranet.example",
        DATABASE_URL="sqlite:///unused.sqlite3",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["203.0.113.9"] * 3


def test_tests_and_development_use_the_direct_address(tree, member):
    _fail(Client(), SITE_LOGIN, "societaire", 1, ip="192.0.2.44")
    assert AccessAttempt.objects.get().ip_address == "192.0.2.44"


# --- Report of logins (superusers only) ---------------------------------------------------------

REPORT = "/admin/reports/connexions/"


def test_superuser_sees_recent_logins_and_failures(tree, member, superuser_client):
    client = Client()
    _fail(client, SITE_LOGIN, "societaire", 2, ip="192.0.2.10")
    _assert_logged_in(_post_login(client, SITE_LOGIN, "societaire", PASSWORD, "192.0.2.11"), client)
    _fail(Client(), ADMIN_LOGIN, "inconnu", 5, ip="192.0.2.12")
    assert AccessFailureLog.objects.count() == 7
    assert AccessLog.objects.filter(username="societaire").count() == 1

    response = superuser_client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Connexions" in html
    for text in ["societaire", "inconnu", "192.0.2.10", "192.0.2.11", "192.0.2.12"]:
        assert text in html
    assert "Connecté" in html
    assert "Échec" in html
    assert "Échec, compte bloqué" in html  # the fifth failure of "inconnu"
    assert "/admin/login/" in html and "/fr/connexion/" in html
    # The exact local time of each attempt, to the second (and the test client's own login).
    assert len(re.findall(r"\d\d/\d\d/20\d\d \d\d:\d\d:\d\d", html)) == 9

    export = superuser_client.get(REPORT, {"export": "csv"})
    assert export.status_code == 200
    rows = export.getvalue().decode().splitlines()
    assert rows[0].startswith("Date,Identifiant,Adresse IP,Résultat")
    assert any("192.0.2.11" in row and "Connecté" in row for row in rows)
    assert re.match(r"\d\d/\d\d/20\d\d \d\d:\d\d:\d\d,inconnu,192\.0\.2\.12,", rows[1])


def test_a_failed_login_named_like_a_formula_is_exported_as_text(tree, superuser_client):
    _fail(Client(), SITE_LOGIN, "=cmd|' /c calc'!A0", 1, ip="192.0.2.30")
    _fail(Client(), ADMIN_LOGIN, "@SUM(1+1)*cmd|' /c calc'!A0", 1, ip="192.0.2.31")
    export = superuser_client.get(REPORT, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(export.getvalue().decode())))
    usernames = {row[2]: row[1] for row in rows[1:]}
    assert usernames["192.0.2.30"] == "'=cmd|' /c calc'!A0"
    assert usernames["192.0.2.31"] == "'@SUM(1+1)*cmd|' /c calc'!A0"


def test_site_history_export_writes_a_formula_title_as_text(tree, superuser_client):
    from wagtail.log_actions import log

    page = tree.home
    page.title = "=1+2"
    page.save_revision(user=None, log_action=False)
    log(page, "wagtail.edit", title="=1+2")
    export = superuser_client.get(SITE_HISTORY, {"export": "csv"})
    content = b"".join(export.streaming_content).decode()
    assert "'=1+2" in content
    assert ",=1+2" not in content and "\n=1+2" not in content


def test_the_report_lists_the_newest_first_and_only_the_last_90_days(tree, superuser_client):
    _fail(Client(), SITE_LOGIN, "ancien", 1, ip="192.0.2.20")
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(days=91))
    _fail(Client(), SITE_LOGIN, "premier", 1, ip="192.0.2.21")
    _fail(Client(), SITE_LOGIN, "second", 1, ip="192.0.2.22")
    html = superuser_client.get(REPORT).content.decode()
    assert "ancien" not in html
    assert html.index("192.0.2.22") < html.index("192.0.2.21")


@pytest.mark.parametrize("role", ["editor", "committee"])
def test_only_superusers_open_the_report_or_see_it_in_the_menu(tree, role_clients, role):
    client = role_clients[role]
    for url in [REPORT, REPORT + "results/", REPORT + "?export=csv"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "192.0.2" not in response.content.decode()
    home = client.get("/admin/").content.decode()
    assert REPORT not in home


def test_the_report_is_in_the_superusers_menu(tree, superuser_client):
    assert REPORT in superuser_client.get("/admin/").content.decode()


def test_visitors_and_members_never_reach_the_report(tree, anonymous_client, member_client):
    assert anonymous_client.get(REPORT).url.startswith("/admin/login/")
    assert member_client.get(REPORT).status_code in (302, 403)


# --- Wagtail's site history (audit log) -----------------------------------------------------------

SITE_HISTORY = "/admin/reports/site-history/"


def test_site_history_is_for_administrators(tree, superuser_client, editor_client):
    response = superuser_client.get(SITE_HISTORY)
    assert response.status_code == 200
    assert "Historique du Site" in response.content.decode()  # Wagtail's French
    assert superuser_client.get(SITE_HISTORY + "results/").status_code == 200
    assert superuser_client.get(SITE_HISTORY, {"export": "csv"}).status_code == 200
    assert SITE_HISTORY in superuser_client.get("/admin/").content.decode()

    for url in [SITE_HISTORY, SITE_HISTORY + "results/", SITE_HISTORY + "?export=csv"]:
        assert editor_client.get(url).status_code == 403, url
    assert SITE_HISTORY not in editor_client.get("/admin/").content.decode()
