"""The production server as `make serve` runs it (gunicorn, debug off, static files collected
and served by WhiteNoise), on its own database, loaded in Chromium with every static file."""

import re
import sys
from pathlib import Path

import pytest

from tests.browser import Watched
from tests.processes import free_port, manage, started

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    root = tmp_path_factory.mktemp("production")
    settings = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-like-secret-for-this-test-only-0123456789",
        "DATABASE_URL": f"spatialite:///{root / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(root / "static"),
        "DJANGO_CACHE_DIR": str(root / "cache"),
        "MAP_TILES_URL": "",
    }
    manage("migrate", "--noinput", **settings)
    manage("load_demo", **settings)
    manage("collectstatic", "--noinput", **settings)
    manage("check", "--deploy", "--fail-level", "ERROR", **settings)
    port = free_port()
    gunicorn = [
        BIN / "gunicorn",
        "conflictmap.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
    ]
    server = started(gunicorn, ready="Booting worker", **settings)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_production_server_serves_the_map_with_every_static_file(browser, production):
    watched = Watched(browser)
    page = watched.page
    statics: dict[str, tuple[int, str]] = {}
    page.on(
        "response",
        lambda r: (
            "/static/" in r.url
            and statics.setdefault(r.url, (r.status, r.headers.get("cache-control", "")))
        ),
    )
    page.goto(f"{production}/?date=2017-06-21&lat=33.4&lon=37.6&z=7")
    page.wait_for_function("() => document.querySelector('#cm-count').textContent === '7'")
    page.wait_for_selector("#cm-legend li")

    assert statics, "no static file was asked for"
    assert {url: status for url, (status, _) in statics.items() if status != 200} == {}
    modules = [url for url in statics if "/conflictmap/map/" in url]
    assert len(modules) >= 8, modules  # main.js and every module it imports
    assert all(re.search(r"\.[0-9a-f]{12}\.js$", url) for url in modules), modules
    assert all("max-age=315360000" in statics[url][1] for url in modules)
    watched.assert_clean()

    page.goto(f"{production}/admin/login/")
    assert page.locator("#id_username").is_visible()
    assert any(url.endswith(".css") and "/admin/css/" in url for url in statics)
    watched.assert_clean()
    page.close()
