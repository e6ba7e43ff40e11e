"""Shared set-up for the browser tests: Debian's Chromium driven by Playwright, kept offline."""

import os
import shutil
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium from calling home: the run must stay on 127.0.0.1.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Chromium for one module of browser tests. Playwright's sync API runs an event loop in
    this thread for as long as it is started, and the tests' own ORM calls are still
    synchronous, so Django's async-safety guard would misfire: it is switched off while the
    browser runs, for that module's tests only (a fresh browser a module, about a second)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium; run it.")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """The async flag never outlives a module of browser tests."""
    if not item.get_closest_marker("browser"):
        assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ, "the async flag leaked"
    return (yield)


class Watched:
    """A page whose console errors, dialogs and off-host requests are recorded."""

    def __init__(self, browser, *, width: int = 1280, height: int = 860, **options):
        """`options`: Playwright's page options, e.g. has_touch and is_mobile for a phone."""
        self.page = browser.new_page(viewport={"width": width, "height": height}, **options)
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)

    def _request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host not in {"127.0.0.1", "localhost"}:
            self.foreign.append(request.url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self):
        assert self.errors == []
        assert self.foreign == []
        assert self.dialogs == []


@pytest.fixture
def watched(browser):
    watched = Watched(browser)
    yield watched
    # No request may still be in flight when the test's data is flushed: SQLite's shared
    # in-memory test database refuses a flush while a server thread reads a table.
    watched.page.wait_for_load_state("networkidle")
    watched.page.close()


def log_in_as_chief(page, base_url: str, path: str) -> None:
    """A superuser, logged in through the admin's own form, landing on `path`."""
    from django.contrib.auth.models import User

    User.objects.create_superuser("chief", password="chief-pass")
    page.goto(f"{base_url}/admin/login/?next={path}")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "chief-pass")
    page.click("input[type=submit]")
