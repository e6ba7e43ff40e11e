"""The map on a phone (390 × 844, touch): the map is never covered, every control is a
44-pixel target, and a popup fits the screen with a close button a thumb can hit."""

import pytest

from events.demo.loading import load_demo
from events.services.gazetteer import load_geonames
from tests.browser import Watched
from tests.web.test_map_browser import SCREENSHOTS, wait_for_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    load_demo()
    load_geonames(["SY"])
    watched = Watched(browser, **PHONE, has_touch=True, is_mobile=True)
    yield watched, live_server.url
    watched.page.wait_for_load_state("networkidle")
    watched.page.close()


def test_every_control_is_a_44_pixel_target_and_the_map_is_not_covered(phone):
    watched, site = phone
    page = watched.page
    page.goto(site + "/?date=2017-06-20")
    wait_for_count(page, 7)
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                ".cm-bar button, .cm-bar select, .cm-bar input[type=date], .cm-links a, "
                + "details > summary, .leaflet-control-zoom a"))
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.trim() || e.id || e.tagName, e.getBoundingClientRect()])
            .filter(([, r]) => r.height < 44 || r.width < 44)
            .map(([name, r]) => `${name}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""
    )
    assert small == []
    # Nothing overlaps the map: what comes before it ends above its top.
    map_top = page.locator("#cm-map").bounding_box()["y"]
    summary = page.locator("#cm-filters-panel summary").bounding_box()
    assert summary["y"] + summary["height"] <= map_top
    assert page.locator("#cm-map").bounding_box()["height"] >= 0.6 * PHONE["height"] - 1
    assert watched.foreign == []  # the default settings ask nothing of another host
    watched.assert_clean()


def test_a_popup_fits_the_phone_and_closes_with_a_thumb(phone):
    watched, site = phone
    page = watched.page
    page.goto(site + "/?date=2017-06-20&lat=33.03&lon=36.86&z=10")
    wait_for_count(page, 3)
    page.evaluate(
        """() => window.conflictmap.map.eachLayer(l => {
            if (l.feature && (l.feature.properties.title || "").startsWith("Government and allied"))
                l.fire("click"); })"""
    )
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    page.locator(".cm-stack button").first.wait_for()
    box = popup.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "map-phone.png")  # the README's phone picture
    close = page.locator(".leaflet-popup-close-button").bounding_box()
    assert close["width"] >= 44 and close["height"] >= 44
    assert close["x"] + close["width"] <= PHONE["width"]
    page.locator(".leaflet-popup-close-button").tap()
    popup.wait_for(state="detached")
    assert watched.foreign == []
    watched.assert_clean()
