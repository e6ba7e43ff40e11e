"""The map on a phone (390 × 844, touch): the map is never covered, every control is a
44-pixel target, and a popup fits the screen with a close button a thumb can hit."""

import pytest

from events.demo.loading import load_demo
from events.services.gazetteer import load_geonames
from tests.browser import Watched
from tests.web.test_map_browser import SCREENSHOTS, wait_for_a_count, wait_for_count

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


# The marker of the demo's drone event, where a finger would tap it (page coordinates).
MARKER_AT = """(title) => {
  const map = window.conflictmap.map;
  let found = null;
  map.eachLayer(l => {
    const name = l.feature && !(l instanceof L.Circle) ? l.feature.properties.title || "" : "";
    if (name.startsWith(title)) found = l;
  });
  if (!found) return null;
  const point = map.latLngToContainerPoint(found.getLatLng());
  const box = map.getContainer().getBoundingClientRect();
  return { x: box.left + point.x, y: box.top + point.y, lat: found.getLatLng().lat,
           lng: found.getLatLng().lng };
}"""

IN_VIEW = """([lat, lng]) => {
  const map = window.conflictmap.map;
  const point = map.latLngToContainerPoint([lat, lng]);
  const size = map.getSize();
  return point.x >= 0 && point.y >= 0 && point.x <= size.x && point.y <= size.y;
}"""


@pytest.mark.parametrize("zoom", [6, 8, 10])
def test_a_tapped_event_stays_in_view_with_its_popup_open(phone, zoom):
    watched, site = phone
    page = watched.page
    found = page.request.get(f"{site}/api/events.geojson?q=shoot%20down").json()["features"]
    lon, lat = found[0]["geometry"]["coordinates"]
    # The event a little off the map's centre, as a finger finds it, not where a pan is nil.
    page.goto(f"{site}/?date=2017-06-20&lat={lat - 0.02}&lon={lon + 0.02}&z={zoom}")
    wait_for_a_count(page)
    page.wait_for_function(f"() => ({MARKER_AT})('US forces shoot down') !== null")
    marker = page.evaluate(MARKER_AT, "US forces shoot down")
    page.locator("#cm-map").scroll_into_view_if_needed()
    marker = page.evaluate(MARKER_AT, "US forces shoot down")
    page.touchscreen.tap(marker["x"], marker["y"])
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    stack = page.locator(".cm-stack button")
    if stack.count():  # several events at this point: the list first, then the event
        stack.filter(has_text="US forces shoot down").first.tap()
    page.locator(".leaflet-popup .cm-popup h3").filter(has_text="shoot down").wait_for()
    # The popup's pan to fit and the view's answer that follows it are over: it is still open.
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !window.conflictmap.map._panAnim?._inProgress")
    page.wait_for_load_state("networkidle")
    assert popup.count() == 1 and popup.is_visible()
    assert page.evaluate(IN_VIEW, [marker["lat"], marker["lng"]]), "the event left the view"
    box = popup.bounding_box()
    map_box = page.locator("#cm-map").bounding_box()
    assert box["height"] <= map_box["height"], (box, map_box)
    watched.assert_clean()
