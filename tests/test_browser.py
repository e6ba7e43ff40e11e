"""The map and the admin widgets in real headless Chromium (Debian's), offline."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import sync_playwright

from events.models import Place
from events.services.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
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


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium; run it.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are
    # still synchronous, so Django's async-safety guard would misfire.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class Watched:
    """A page whose console errors and off-host requests are recorded."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)

    def _request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host not in {"127.0.0.1", "localhost"}:
            self.foreign.append(request.url)


@pytest.fixture
def watched(browser):
    watched = Watched(browser)
    yield watched
    watched.page.close()


def legend(page) -> list[str]:
    page.wait_for_selector("[data-testid=zone-legend] li")
    return page.locator("[data-testid=zone-legend] li").all_inner_texts()


def test_map_shows_demo_zones_that_change_with_the_date_offline(live_server, watched):
    load_demo()
    page = watched.page
    page.goto(f"{live_server.url}/?date=2017-05-01")
    may = legend(page)
    assert sorted(may) == [
        "IS",
        "Osoud al-Sharqiya",
        "Syrian government forces",
        "US-led coalition",
    ]
    page.wait_for_function(
        "document.querySelector('[data-testid=event-count]').textContent === '7'"
    )
    page.evaluate("window.__sameDocument = true")

    page.fill("[data-testid=map-date]", "2017-06-21")
    page.dispatch_event("[data-testid=map-date]", "change")
    page.wait_for_function("document.querySelectorAll('[data-testid=zone-legend] li').length === 6")
    june = legend(page)
    assert "Osoud al-Sharqiya (contested)" in june and "Iran-backed militias" in june
    assert page.evaluate("window.__sameDocument") is True  # redrawn without a reload
    assert page.url.endswith("?date=2017-06-21")
    # Zones drawn on the map, and the bundled basemap underneath.
    assert page.locator(".leaflet-overlay-pane path").count() >= 6
    page.wait_for_selector(".cm-place-label:has-text('Damascus')")
    # The README's picture of the map is this view, taken by this test.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "map-2017-06-21.png")
    assert watched.errors == []
    assert watched.foreign == []


def test_admin_place_picker_moves_the_event_point(live_server, watched):
    User.objects.create_superuser("chief", password="chief-pass")
    place = Place.objects.create(name="Ad Dumayr", location="SRID=4326;POINT(36.69376 33.64389)")
    page = watched.page
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/add/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "chief-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#id_location-map.leaflet-container")
    # What select2 does when the editor picks a result from the autocomplete list.
    page.evaluate(
        """([id, name]) => django.jQuery('#id_place')
             .append(new Option(name, id, true, true)).trigger('change')""",
        [str(place.pk), place.name],
    )
    page.wait_for_function("document.getElementById('id_location').value.includes('36.69376')")
    assert '"coordinates":[36.69376,33.64389]' in page.input_value("#id_location")
    assert page.locator("#id_location-map .leaflet-marker-icon").count() == 1
    assert watched.errors == []
    assert watched.foreign == []
