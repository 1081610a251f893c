"""Two identical app servers (gunicorn) on one PostgreSQL and one Redis, as behind a load
balancer: what is published, unpublished or registered through one is never served stale,
from the shared page cache, by the other.
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import PASSWORD, build_tree, make_user
from tests.training.conftest import make_course, make_session

ROOT = Path(__file__).resolve().parents[2]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="app servers share a PostgreSQL database (SQLite's test database is in memory)",
    ),
    # Committed data that both servers read; the rows made by the migrations (locales, root
    # page, groups) are put back after the flush, for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process on port {port} stopped ({process.returncode})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def require_redis():
    binary = shutil.which("redis-server")
    if binary:
        return binary
    message = "redis-server is missing (Debian package `redis-server`)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: this test may not be skipped in CI", pytrace=False)
    pytest.skip(message)


def database_url():
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
        f"/{db['NAME']}"
    )


class Browser:
    """A visitor talking to one server: cookies kept, redirects not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - http only
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def get(self, path):
        return self.request(path)

    def post_form(self, page_path, path, data):
        """GET `page_path` for its CSRF token, then POST `data` to `path` with it."""
        status, _headers, html = self.get(page_path)
        assert status == 200, (page_path, status)
        token = CSRF_INPUT.search(html).group(1)
        return self.request(path, {**data, "csrfmiddlewaretoken": token})


@pytest.fixture
def servers(transactional_db, tmp_path):
    redis_binary = require_redis()
    redis_port = free_port()
    processes = [
        subprocess.Popen(  # noqa: S603
            [redis_binary, "--port", str(redis_port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
    ]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.servers.app_server_settings",
        "SECRET_KEY": "two-servers-" + "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "PYTHONPATH": str(ROOT),
    }
    ports = []
    try:
        wait_for(redis_port, processes[0])
        for name in ("a", "b"):
            port = free_port()
            log = open(tmp_path / f"server-{name}.log", "w")  # noqa: SIM115
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        "coopsite.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--no-control-socket",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            ports.append(port)
        for port, process in zip(ports, processes[1:], strict=True):
            wait_for(port, process)
        yield ports
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        for log in tmp_path.glob("server-*.log"):
            print(log.name, log.read_text()[-3000:])


def seats(html, session):
    block = html.split(f'id="session-{session.pk}"', 1)[1]
    return re.search(r'class="badge badge--\w+">([^<]+)<', block).group(1)


def test_a_change_through_one_server_renews_the_page_cached_by_the_other(servers):
    # The data is committed (transactional_db): both servers read it.
    tree = build_tree()
    course = make_course(tree.catalog, title="Animer une réunion", slug="animer")
    session = make_session(course, capacity=3)
    make_user("editrice", settings.GROUP_EDITORS)
    course.title = "Animer une réunion qui décide"
    course.save_revision()  # a draft, published later through server A
    port_a, port_b = servers
    visitor_b = Browser(port_b)

    status, headers, html = visitor_b.get(course.url)
    assert status == 200 and headers["X-Cache"] == "MISS"
    status, headers, html = Browser(port_b).get(course.url)
    assert headers["X-Cache"] == "HIT"
    assert "<h1>Animer une réunion</h1>" in html
    assert seats(html, session) == "3 places restantes"

    # An editor publishes the draft through server A (Wagtail's bulk publish action).
    editor_a = Browser(port_a)
    status, _headers, _html = editor_a.post_form(
        "/admin/login/", "/admin/login/", {"username": "editrice", "password": PASSWORD}
    )
    assert status == 302
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={course.pk}"
    status, _headers, _html = editor_a.post_form(publish, publish, {})
    assert status == 302, _html[:2000]

    status, headers, html = Browser(port_b).get(course.url)
    assert status == 200
    assert headers["X-Cache"] == "MISS"
    assert "<h1>Animer une réunion qui décide</h1>" in html

    # A visitor registers through server A: server B shows one seat less at once.
    visitor_a = Browser(port_a)
    status, headers, _html = visitor_a.post_form(
        course.url,
        course.url,
        {
            "session": session.pk,
            "name": "Alix Aubertin",
            "email": "alix@exemple.org",
            "consent": "on",
        },
    )
    assert status == 302, _html[:2000]
    status, headers, html = Browser(port_b).get(course.url)
    assert seats(html, session) == "2 places restantes"
    _status, _headers, catalog = Browser(port_b).get(tree.catalog.url)
    assert "2 places restantes" in catalog

    # The editor unpublishes the course through server A: server B no longer serves it.
    unpublish = f"/admin/pages/{course.pk}/unpublish/"
    status, _headers, _html = editor_a.post_form(unpublish, unpublish, {})
    assert status == 302, _html[:2000]
    status, _headers, _html = Browser(port_b).get(course.url)
    assert status == 404
    _status, _headers, catalog = Browser(port_b).get(tree.catalog.url)
    assert "Animer une réunion" not in catalog
