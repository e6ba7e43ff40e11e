"""Territory in real Chromium: the map's area chart follows the date control (and a click on it
moves the date), with the day's figures and the largest changes; an editor redraws a zone from
a date in the admin, and its predecessor ends the day before."""

import datetime as dt
import json
import re

import pytest
from playwright.sync_api import expect

from events.demo.loading import load_demo
from events.models import ControlZone
from tests.browser import log_in_as_chief
from tests.web.test_map_browser import wait_for_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BADIA = "lat=33.6&lon=37.9&z=8"


@pytest.fixture
def site(live_server):
    load_demo()
    return live_server.url


def open_territory(page) -> None:
    page.click("#cm-territory-panel summary")
    expect(page.locator("#cm-chart-area .u-over")).to_be_visible()


def test_the_area_chart_follows_the_date_control(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-01&{BADIA}")
    wait_for_count(page, 2)
    open_territory(page)
    chart = page.locator("[data-testid=chart-area]")
    expect(chart).to_have_attribute("data-date", "2017-06-01")
    day = page.locator("#cm-territory-day tbody")
    # On 1 June the government holds its ground west of Tal Dakwa, as many km² as the API says
    # (7,615 on SpatiaLite, 7,614 on PostGIS).
    held = government_km2(page, "2017-06-01")
    # One name per actor on the page: the table calls it what the legend does.
    expect(day).to_contain_text(f"Syrian government forces{held}")
    legend_names = page.locator("[data-testid=zone-legend] li").all_inner_texts()
    assert any("Syrian government forces" in name for name in legend_names), legend_names
    before = chart.locator("canvas").screenshot()

    page.fill("#cm-date", "2017-06-21")
    page.dispatch_event("#cm-date", "change")
    expect(chart).to_have_attribute("data-date", "2017-06-21")
    expect(page.locator("#cm-territory-date")).to_have_text("2017-06-21")
    expect(day).to_contain_text(f"Syrian government forces{government_km2(page, '2017-06-21')}")
    assert government_km2(page, "2017-06-21") != held
    # The dashed date line moved: the chart is drawn again.
    assert chart.locator("canvas").screenshot() != before
    # The largest changes since the period began include the government's gain.
    changes = page.locator("#cm-territory-changes tbody")
    expect(changes).to_contain_text("Military Forces of Syria (2000-)gained")

    # A click on the chart moves the map date to the day under the cursor.
    box = chart.locator(".u-over").bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] / 2)
    expect(page.locator("#cm-date")).not_to_have_value("2017-06-21")
    assert page.locator("#cm-date").input_value() < "2017-06-21"
    watched.assert_clean()


def government_km2(page, day: str) -> str:
    """The government's km² on `day` as the API answers, written as the page writes numbers."""
    return page.evaluate(
        """async (day) => {
            const query = new URLSearchParams({start: day, end: day, step: "day"});
            const answer = await (await fetch("/api/territory.json?" + query)).json();
            const row = answer.series.find((r) => r.actor.name.startsWith("Military Forces"));
            return new Intl.NumberFormat("en", {maximumFractionDigits: 0}).format(row.area_km2);
        }""",
        day,
    )


def test_redraw_from_here_in_the_admin_ends_the_old_zone_the_day_before(live_server, watched):
    load_demo()
    old = ControlZone.objects.get(valid_from=dt.date(2017, 5, 20))  # the militias' sketch
    page = watched.page
    log_in_as_chief(page, live_server.url, f"/admin/events/controlzone/{old.pk}/change/")
    page.fill("#redraw-day", "2017-06-15")
    page.click("#redraw-button")
    page.wait_for_selector("#id_geometry-map.leaflet-container")
    expect(page.locator("#id_valid_from")).to_have_value("2017-06-15")  # ISO 8601, admin too
    expect(page.locator("#id_predecessor")).to_have_value(str(old.pk))
    # The drawing starts as the old one: the widget's hidden field holds its geometry.
    assert '"MultiPolygon"' in page.locator("#id_geometry").input_value()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    old.refresh_from_db()
    assert old.valid_to == dt.date(2017, 6, 14)
    new = ControlZone.objects.get(predecessor=old)
    assert new.valid_from == dt.date(2017, 6, 15) and new.geometry.equals(old.geometry)
    page.goto(f"{live_server.url}/admin/events/controlzone/{new.pk}/change/")
    expect(page.locator("#zone-life a.zone-before")).to_have_text(str(old))
    watched.assert_clean()


def test_the_drawing_map_shows_the_days_zones_and_events_and_snaps_to_their_edges(
    live_server, watched
):
    load_demo()
    page = watched.page
    log_in_as_chief(page, live_server.url, "/admin/events/controlzone/add/?valid_from=2017-06-20")
    widget = page.locator("#id_geometry-map")
    # On 20 June: the government's, the FSA's (held and contested), the militias', the
    # coalition's and IS's zones; the events of 17–23 June in view.
    expect(widget).to_have_attribute("data-context-zones", "6")
    expect(widget).to_have_attribute("data-context-events", re.compile(r"^[1-9]"))
    # Draw a triangle whose first vertex is clicked 4 px off the government's corner at
    # (37.2° E, 33.7° N): it lands on the corner itself. Then drag another vertex to 3 px off
    # the government's corner at (37.1° E, 33.42° N): it lands there too.
    page.evaluate(
        "() => window.conflictmapZoneContext.map.setView([33.7, 37.2], 10, {animate: false})"
    )
    corner = on_screen(page, 33.7, 37.2)
    box = widget.bounding_box()
    page.click(".leaflet-draw-draw-polygon")
    points = [
        (corner[0] + 4, corner[1] + 3),
        (corner[0] + 80, corner[1] + 10),
        (corner[0] + 40, corner[1] + 70),
        (corner[0] + 4, corner[1] + 3),  # closes the ring
    ]
    for x, y in points:
        page.mouse.move(box["x"] + x, box["y"] + y, steps=5)
        page.mouse.down()
        page.mouse.up()
    expect(page.locator("#id_geometry")).to_have_value(re.compile("MultiPolygon"))
    assert [37.2, 33.7] in ring_of(page)
    second = ring_of(page)[1]
    start, target = on_screen(page, second[1], second[0]), on_screen(page, 33.42, 37.1)
    page.click(".leaflet-draw-edit-edit")
    page.mouse.move(box["x"] + start[0], box["y"] + start[1])
    page.mouse.down()
    page.mouse.move(box["x"] + target[0] + 3, box["y"] + target[1] - 3, steps=10)
    page.mouse.up()
    page.click("a[title='Save changes']")
    expect(page.locator("#id_geometry")).to_have_value(re.compile(r"\[37\.1,33\.42\]"))
    assert ring_of(page)[0] == [37.2, 33.7]
    watched.assert_clean()


def on_screen(page, lat: float, lon: float) -> list[float]:
    return page.evaluate(
        """([lat, lon]) => { const p = window.conflictmapZoneContext.map
               .latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }""",
        [lat, lon],
    )


def ring_of(page) -> list[list[float]]:
    geometry = json.loads(page.locator("#id_geometry").input_value())
    return geometry["coordinates"][0][0]
