"""Real-browser tests: Playwright's sync API drives Debian's chromium against `live_server`.

- chromium is the Debian package (`apt-get install chromium`, `.ci/run` installs it), never a
  browser downloaded by Playwright. Without it the tests marked `browser` are skipped, except
  in CI (`CI` set), where they fail.
- Playwright's sync API runs an asyncio loop in the test's thread as long as it is started.
  Django's connections are "thread-critical": beside a running loop, the thread gets *other*
  connection objects (and, without DJANGO_ALLOW_ASYNC_UNSAFE, SynchronousOnlyOperation). A
  session-long browser therefore broke `serialized_rollback` (the flush and the reload of the
  migrated data went through a connection without the serialized data: the next tests found no
  locales). So the data is built before the browser starts, Playwright is started for each test
  after the database and stopped before its flush, and checks in the database during a journey
  go through `in_thread()`.
- Screenshots go to `var/screenshots/<journey>/` (git-ignored), emptied at the start of each
  journey.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


def require(path, missing):
    """Skip the test when `path` is not installed, except in CI (`CI` set), where it fails."""
    if path.exists():
        return
    message = f"{path} is missing ({missing})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: browser tests may not be skipped in CI", pytrace=False)
    pytest.skip(message)


def require_chromium():
    require(CHROMIUM, "Debian package `chromium`")


def pytest_runtest_setup(item):
    if item.get_closest_marker("browser"):
        require_chromium()


@pytest.fixture
def browser(transactional_db, live_server):
    """A headless chromium, started after the test database and the live server are ready.

    Started for each test and stopped before the database is flushed: while Playwright's sync
    API runs, its asyncio loop runs in this thread (see above).
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def in_thread(function):
    """Run ORM code while the browser is open: in a thread of its own, connection closed after.

    (In this thread Django refuses the ORM while Playwright's loop runs, see above.)
    """
    from django.db import connections

    result = {}

    def run():
        try:
            result["value"] = function()
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def _new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A desktop page (1280 px) in a fresh context (no cookies), with the live server as base."""
    context, page = _new_page(browser, live_server, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, live_server):
    """A phone-sized page (390 px wide, touch, mobile viewport rules)."""
    context, page = _new_page(browser, live_server, viewport=MOBILE, is_mobile=True, has_touch=True)
    yield page
    context.close()


class Screenshots:
    """Numbered full-page screenshots of one journey: var/screenshots/<journey>/01-name.png."""

    def __init__(self, journey):
        self.folder = SCREENSHOTS / journey
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, page, name):
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        # Transitions finished: a message or a dialog fading in shows as it will stay.
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path


@pytest.fixture
def screenshots():
    """`shots = screenshots("journey")`, then `shots(page, "step")` at each step."""
    return Screenshots
