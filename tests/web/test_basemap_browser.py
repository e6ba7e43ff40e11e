"""The map as a researcher on a machine without internet sees it, with the default settings:
the bundled basemap (Natural Earth 1:10m, governorates, relief), the gazetteer's names placed
without overlap, and nothing asked of another host. Also: Escape, filtered-out popups and late
answers."""

import base64
from collections import Counter

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from events.demo.loading import load_demo
from events.services.gazetteer import load_geonames
from tests.web.test_map_browser import SCREENSHOTS, click_event, wait_for_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PALMYRA = (34.5507, 38.2683)
LAND = (243, 239, 230)  # basemap.js: LAND
LEAFLET_GREY = (221, 221, 221)  # what a map with failed tiles and no basemap shows
GOVERNORATE_LINE = "#7d6b8a"  # offline-basemap.js: governorates


def land_like(colour: tuple[int, int, int]) -> bool:
    """LAND, or LAND darkened by the relief multiplied into it: the same warm hue, never grey."""
    red, green, blue = colour
    return red >= green >= blue and red - blue >= 6 and red >= 110


@pytest.fixture
def site(live_server):
    load_demo()
    load_geonames(["SY"])  # the gazetteer `make run` loads, for Syria
    return live_server.url


def pixels(page, selector: str) -> Counter:
    """The colours of an element's pixels as the screen shows them (decoded by Chromium)."""
    png = page.locator(selector).screenshot()
    rgba = page.evaluate(
        """async b64 => {
            const image = new Image();
            image.src = "data:image/png;base64," + b64;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.width; canvas.height = image.height;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            return Array.from(context.getImageData(0, 0, image.width, image.height).data);
        }""",
        base64.b64encode(png).decode(),
    )
    return Counter(tuple(rgba[i : i + 3]) for i in range(0, len(rgba), 4))


def wait_for_basemap(page, *names: str) -> None:
    try:
        _wait_for_basemap(page, *names)
    except PlaywrightTimeout:
        drawn = page.evaluate("() => document.querySelector('#cm-map').dataset.placeLabels")
        raise AssertionError(f"not all of {names} named; drawn: {drawn}") from None


def _wait_for_basemap(page, *names: str) -> None:
    page.wait_for_function(
        """names => {
            const container = document.querySelector("#cm-map");
            const drawn = (container.dataset.placeLabels || "").split("|");
            return document.querySelectorAll(".leaflet-cm-basemap-pane path").length > 20
                && names.every(n => drawn.includes(n));
        }""",
        arg=list(names),
    )


@pytest.mark.parametrize("zoom", [6, 10])
def test_the_default_map_is_drawn_from_this_host_alone_and_never_grey(site, watched, zoom):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-21&lat={PALMYRA[0]}&lon={PALMYRA[1]}&z={zoom}")
    wait_for_basemap(page, "Palmyra")
    page.wait_for_load_state("networkidle")
    colours = pixels(page, "#cm-map")
    total = sum(colours.values())
    assert colours[LEAFLET_GREY] == 0
    # Over Palmyra the land fills most of the map, at both scales.
    land = sum(count for colour, count in colours.items() if land_like(colour))
    assert land / total > 0.5, colours.most_common(5)
    assert watched.foreign == []
    watched.assert_clean()


def test_the_badias_towns_are_named_at_zoom_8_and_no_two_names_overlap(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-21&lat=34.75&lon=39.1&z=8")
    towns = ["Palmyra", "Deir ez-Zor", "Raqqa", "al-Tanf garrison"]
    wait_for_basemap(page, *towns)
    for town in towns:
        label = page.locator(".cm-place-label", has_text=town).first
        assert label.is_visible()
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll(".cm-place-label b")).map(b => {
            const r = b.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom];
        })"""
    )
    assert len(boxes) > 20
    overlapping = [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert overlapping == []
    assert watched.foreign == []
    watched.assert_clean()


@pytest.mark.parametrize(
    ("zoom", "lat", "lon", "names"),
    [(8, 34.75, 39.1, 10), (10, *PALMYRA, 1)],
    ids=["badia-zoom-8", "palmyra-zoom-10"],
)
def test_the_working_zoom_shows_governorates_relief_and_names(site, watched, zoom, lat, lon, names):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-21&lat={lat}&lon={lon}&z={zoom}")
    wait_for_basemap(page, "Palmyra")
    page.wait_for_function(
        """() => [...document.querySelectorAll(".leaflet-cm-basemap-relief-pane img")]
            .some(image => image.complete && image.naturalWidth > 0)"""
    )
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#cm-map").screenshot(path=SCREENSHOTS / f"geography-zoom-{zoom}.png")
    drawn = page.evaluate("() => document.querySelector('#cm-map').dataset.placeLabels").split("|")
    assert len(set(drawn)) >= names, drawn
    colours = pixels(page, "#cm-map")
    total = sum(colours.values())
    # Relief: the land is shaded, not one flat colour (a flat map is LAND and a few lines).
    shaded = sum(n for colour, n in colours.items() if land_like(colour) and colour != LAND)
    assert shaded / total > 0.2, colours.most_common(5)
    assert len(colours) > 200
    if zoom == 8:
        # Homs's and Deir ez-Zor's governorates meet in the Badia: their line and their names.
        lines = page.locator(f'.leaflet-cm-basemap-lines-pane path[stroke="{GOVERNORATE_LINE}"]')
        assert lines.count() >= 2
        governorates = page.locator(".cm-place-admin1").all_inner_texts()
        assert {"HOMS", "DEIR-EZ-ZOR"} <= set(governorates), governorates
    assert watched.foreign == []
    watched.assert_clean()


def open_a_popup(page, site: str) -> None:
    """The popup of the capture of Tal Dakwa, alone on the map on 8 June 2017."""
    page.goto(f"{site}/?date=2017-06-08&lat=33.5084&lon=36.9586&z=11")
    wait_for_count(page, 1)
    click_event(page, "Government forces capture the Tal Dakwa heights")
    page.wait_for_selector(".leaflet-popup-content h3")


def test_escape_closes_the_popup(site, watched):
    page = watched.page
    open_a_popup(page, site)
    page.locator("#cm-date").focus()  # the focus anywhere but on the map
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    watched.assert_clean()


def test_a_popup_closes_when_its_event_is_filtered_out(site, watched):
    page = watched.page
    open_a_popup(page, site)
    page.check("input[name=type][value=explosions]")
    wait_for_count(page, 0)
    page.wait_for_selector(".leaflet-popup", state="detached")
    watched.assert_clean()


def test_a_late_answer_never_overwrites_a_newer_one(site, watched):
    """The first timeline answer is held back until the second, filtered one is drawn."""
    page = watched.page
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/api/timeline.json*", hold_the_first)
    page.goto(site + "/")
    wait_for_count(page, 7)
    page.check("input[name=type][value=strategic]")
    wait_for_count(page, 3)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=timeline] rect.bar').length === 3"
    )
    held[0].continue_()  # the unfiltered answer (four days of events) arrives last
    page.wait_for_function("() => window.conflictmap.dropped >= 1")
    assert page.locator("[data-testid=timeline] rect.bar").count() == 3
    watched.assert_clean()


def test_an_event_marker_is_drawn_over_the_name_of_its_place(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-20&lat=33.3&lon=37.5&z=9")
    wait_for_basemap(page, "Bir Qassab")
    page.wait_for_function("() => /^[1-9]/.test(document.querySelector('#cm-count').textContent)")
    on_top = page.evaluate(
        """() => { const map = window.conflictmap.map;
            let marker = null;
            map.eachLayer(l => { if (l.options && l.options.eventType && l.feature
                && l.feature.properties.title.startsWith("Government and allied")) marker = l; });
            const p = map.latLngToContainerPoint(marker.getLatLng());
            const box = map.getContainer().getBoundingClientRect();
            // Names take no clicks (pointer-events: none), which hides them from
            // elementFromPoint too: made hittable here, to see which is on top.
            document.querySelectorAll(".leaflet-cm-basemap-labels-pane *")
                .forEach(e => { e.style.pointerEvents = "auto"; });
            const top = document.elementFromPoint(box.left + p.x, box.top + p.y);
            return [top.tagName, top.closest(".leaflet-pane").className]; }"""
    )
    # The events' canvas, not the label of Bir Qassab drawn at the same point.
    assert on_top[0] == "CANVAS" and "leaflet-overlay-pane" in on_top[1], on_top
    watched.assert_clean()
