"""The researchers' map in real headless Chromium, on the demo data, with no network."""

from pathlib import Path

import pytest
from django.contrib.gis.geos import Point

from events.demo.loading import load_demo
from events.models import Citation, Event, Source
from tests.factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"  # README pictures
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def site(live_server):
    load_demo()
    return live_server.url


def wait_for_count(page, expected: int) -> None:
    page.wait_for_function(
        # ?. : during a navigation the new page may not have its count yet.
        "n => document.querySelector('[data-testid=event-count]')?.textContent === String(n)",
        arg=expected,
    )


def wait_for_a_count(page) -> int:
    """Wait until the map has counted what it draws, whatever the number; that number."""
    page.wait_for_function(
        "() => /^[0-9]+$/.test(document.querySelector('[data-testid=event-count]')?.textContent)"
    )
    return int(page.inner_text("[data-testid=event-count]"))


def legend(page) -> list[str]:
    page.wait_for_selector("[data-testid=zone-legend] li[data-controller-id]")
    return [
        item.split("\n")[0].strip()
        for item in page.locator("[data-testid=zone-legend] li").all_inner_texts()
    ]


def zone_polygons(page) -> int:
    return page.evaluate(
        """() => { let n = 0; window.conflictmap.map.eachLayer(l => {
             if (l instanceof L.Polygon && l.feature && l.feature.properties.controller_id) n++; });
           return n; }"""
    )


def api(page, path: str) -> dict:
    return page.evaluate("url => fetch(url).then(r => r.json())", path)


def test_map_loads_offline_with_no_console_error(site, watched):
    page = watched.page
    page.goto(site + "/")
    wait_for_count(page, 7)
    page.wait_for_selector(".cm-place-label:has-text('Bir Qassab')")  # the basemap's names
    page.wait_for_selector("[data-testid=timeline] rect.bar")
    assert page.locator("[data-testid=timeline] rect.bar").count() == 4  # four days with events
    watched.assert_clean()


def test_two_dates_show_different_zones(site, watched):
    page = watched.page
    page.goto(site + "/?date=2017-05-01")
    may = legend(page)
    may_polygons = zone_polygons(page)
    page.goto(site + "/?date=2017-06-21")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=zone-legend] li').length === 5"
    )
    june = legend(page)
    assert sorted(may) == [
        "IS",
        "Osoud al-Sharqiya",
        "Syrian government forces",
        "US-led coalition",
    ]
    assert sorted(june) == sorted([*may, "Iran-backed militias"])
    assert (
        "contested" in page.locator("[data-testid=zone-legend] li", has_text="Osoud").inner_text()
    )
    assert (may_polygons, zone_polygons(page)) == (4, 6)
    watched.assert_clean()


def test_date_control_redraws_zones_without_reloading(site, watched):
    page = watched.page
    page.goto(site + "/?date=2017-05-01")
    assert len(legend(page)) == 4
    page.evaluate("window.__sameDocument = true")
    page.click("button[aria-label='One week later']")  # 8 May
    page.click("button[aria-label='One week later']")  # 15 May
    page.click("button[aria-label='One week later']")  # 22 May: the militias' zone has begun
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=zone-legend] li').length === 5"
    )
    assert page.input_value("[data-testid=map-date]") == "2017-05-22"
    page.fill("[data-testid=map-date]", "2017-01-15")
    page.dispatch_event("[data-testid=map-date]", "change")
    page.wait_for_function(
        "() => document.querySelector('#cm-legend-date').textContent === '2017-01-15'"
    )
    assert legend(page) == ["IS"]
    slider = page.locator("#cm-slider")
    slider.focus()
    page.keyboard.press("End")  # the slider's last day
    page.wait_for_function(
        "() => document.querySelector('[data-testid=map-date]').value === '2017-06-21'"
    )
    page.wait_for_function(
        "() => document.querySelector('#cm-legend-date').textContent === '2017-06-21'"
    )
    assert len(legend(page)) == 5
    assert page.evaluate("window.__sameDocument") is True
    assert "date=2017-06-21" in page.url
    watched.assert_clean()


def test_type_filter_count_matches_the_api(site, watched):
    page = watched.page
    page.goto(site + "/")
    wait_for_count(page, 7)
    page.check("input[name=type][value=battles]")
    expected = len(api(page, "/api/events.geojson?type=battles")["features"])
    assert expected == 2
    wait_for_count(page, expected)
    assert "type=battles" in page.url
    page.check("input[name=type][value=strategic]")
    both = len(api(page, "/api/events.geojson?type=battles&type=strategic")["features"])
    wait_for_count(page, both)
    assert page.locator("#cm-list li button").count() == both
    assert "type=battles&type=strategic" in page.url
    assert "type=battles&type=strategic" in page.get_attribute("#cm-export-csv", "href")
    assert "type=battles&type=strategic" in page.get_attribute("#cm-export-acled", "href")
    watched.assert_clean()


def click_event(page, title: str) -> None:
    """Click the event's circle on the map canvas, where a researcher would."""
    point = page.evaluate(
        """title => {
            const map = window.conflictmap.map;
            let found = null;
            map.eachLayer(l => {
                if (l.feature && l.feature.properties.title === title) found = l;
            });
            const p = map.latLngToContainerPoint(found.getLatLng());
            const box = map.getContainer().getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        title,
    )
    page.mouse.click(point["x"], point["y"])


def test_clicking_an_event_opens_its_sources_and_quote(site, watched):
    page = watched.page
    # On 20 June the three events at the garrison, 18 May to 20 June, are all drawn.
    page.goto(site + "/?date=2017-06-20&lat=33.50&lon=38.62&z=9")
    title = "Coalition strikes pro-government forces advancing towards al-Tanf"
    page.wait_for_function(
        """title => { let found = false; window.conflictmap.map.eachLayer(l => {
             if (l.feature && l.feature.properties.title === title) found = true; });
           return found; }""",
        arg=title,
    )
    click_event(page, title)
    # Three events share the garrison's point: the popup lists them, oldest first.
    stack = page.wait_for_selector(".leaflet-popup-content .cm-stack")
    assert stack.inner_text().splitlines() == [
        "2017-05-18: Coalition strikes pro-government forces advancing towards al-Tanf",
        "2017-06-08: US forces shoot down an earlier armed pro-government drone near al-Tanf",
        "2017-06-20: US forces shoot down an armed pro-government drone near al-Tanf",
    ]
    page.click(".cm-stack button:has-text('Coalition strikes')")
    popup = ".leaflet-popup-content:has(h3:has-text('Coalition strikes'))"
    page.wait_for_selector(popup)
    text = page.inner_text(popup)
    assert "2017-05-18 (precise to the day)" in text
    assert "US-led coalition (CJTF-OIR) (Side A)" in text
    assert "Fatalities\nunknown" in text
    assert "Unknown publisher, 2017-06-21" in text
    assert "“even after repeatedly being bombed by the US-led coalition”" in text
    watched.assert_clean()


def test_the_url_round_trips_the_whole_state(site, watched):
    page = watched.page
    page.goto(site + "/")
    wait_for_count(page, 7)
    page.fill("[data-testid=map-date]", "2017-06-20")
    page.dispatch_event("[data-testid=map-date]", "change")
    page.check("input[name=type][value=strategic]")
    page.fill("input[name=q]", "drone")
    wait_for_count(page, 2)
    page.fill("input[name=start]", "2017-06-01")
    page.dispatch_event("input[name=start]", "change")
    wait_for_count(page, 2)
    page.select_option("[data-testid=map-window]", "month")
    wait_for_count(page, 2)
    page.evaluate("window.conflictmap.map.setView([33.5, 38.6], 9)")
    page.wait_for_function("() => location.search.includes('z=9')")
    shared = page.url
    for query in (
        "date=2017-06-20",
        "window=month",
        "type=strategic",
        "q=drone",
        "start=2017-06-01",
        "lat=33.5000",
    ):
        assert query in shared

    page.goto(site + "/")  # somewhere else, then back by the shared link
    page.goto(shared)
    wait_for_count(page, 2)
    assert page.input_value("[data-testid=map-date]") == "2017-06-20"
    assert page.input_value("[data-testid=map-window]") == "month"
    assert page.input_value("input[name=q]") == "drone"
    assert page.input_value("input[name=start]") == "2017-06-01"
    assert page.is_checked("input[name=type][value=strategic]")
    assert not page.is_checked("input[name=type][value=battles]")
    assert page.evaluate("window.conflictmap.map.getZoom()") == 9
    assert page.url == shared

    with page.expect_navigation():
        page.click("#cm-reset")
    wait_for_count(page, 7)
    assert page.input_value("input[name=q]") == ""
    watched.assert_clean()


def test_markup_in_a_summary_is_shown_as_text_and_never_runs(site, watched):
    make_event(title=XSS, summary=XSS, publication="published", cite=True)
    page = watched.page
    page.goto(site + "/?date=2017-06-20")
    wait_for_count(page, 8)
    page.click(f"#cm-list button:has-text('{XSS}')")
    # The popup fills in when the event's facts have arrived.
    popup = page.wait_for_selector(".leaflet-popup-content:has(h3)")
    assert popup.inner_text().count(XSS) == 2  # title and summary, as text
    assert page.locator(".leaflet-popup-content img").count() == 0
    # Two frames drawn since: an image the markup had created would have failed by now.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.locator("img[src=x]").count() == 0
    watched.assert_clean()  # no alert dialog, no error


def test_phone_sized_screen_collapses_the_filters(site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(site + "/")
    wait_for_count(page, 7)
    assert page.evaluate("document.getElementById('cm-filters-panel').open") is False
    assert page.evaluate("document.getElementById('cm-timeline-panel').open") is False
    page.click("#cm-timeline-panel summary")
    assert page.is_visible("[data-testid=timeline]")
    assert page.is_visible("[data-testid=map-date]")
    assert page.locator("#cm-map").bounding_box()["height"] > 300
    page.close()


def test_the_api_behind_the_map_is_the_same_selector(site, watched):
    """The count the page shows equals the API's answer for the page's own filters."""
    page = watched.page
    page.goto(site + "/?q=al-Tanf&min_fatalities=0")
    expected = api(page, "/api/events.geojson?q=al-Tanf&min_fatalities=0")["features"]
    # A real answer, not an error: of the demo's events at al-Tanf, the one with a known count.
    assert [f["properties"]["title"] for f in expected] == [
        "US forces shoot down an armed pro-government drone near al-Tanf"
    ]
    wait_for_count(page, len(expected))
    watched.assert_clean()


def test_brushing_the_timeline_filters_the_period(site, watched):
    page = watched.page
    page.goto(site + "/")
    wait_for_count(page, 7)
    box = page.locator("[data-testid=timeline]").bounding_box()
    # Drag over the right-hand fifth of the span: June 2017 only.
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.80, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.90, y, steps=5)
    page.mouse.move(box["x"] + box["width"] - 2, y, steps=5)
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).has('start')")
    start = page.input_value("input[name=start]")
    end = page.input_value("input[name=end]")
    assert "2017-05-15" < start < "2017-06-08" and end == "2017-06-21"
    expected = api(page, f"/api/events.geojson?start={start}&end={end}")["features"]
    wait_for_count(page, len(expected))
    assert len(expected) == 5
    assert page.locator("[data-testid=timeline] rect.bar.in-period").count() == 2
    watched.assert_clean()


def test_play_advances_the_date_and_pause_stops_it(site, watched):
    page = watched.page
    # The page's timers run on a clock the test moves: Play's steps without waiting for them.
    page.clock.install()
    page.goto(site + "/?date=2017-06-01")
    legend(page)
    # The demo's record is shorter than a year: a day a second unless chosen otherwise.
    assert page.input_value("[data-testid=play-step]") == "1"
    page.click("#cm-play")
    page.clock.run_for(2100)  # two of Play's one-second steps
    assert page.input_value("[data-testid=map-date]") == "2017-06-03"
    page.click("#cm-play")
    stopped = page.input_value("[data-testid=map-date]")
    page.clock.run_for(2100)
    assert page.input_value("[data-testid=map-date]") == stopped
    assert page.get_attribute("#cm-play", "aria-pressed") == "false"
    # A week a second, chosen.
    page.select_option("[data-testid=play-step]", "7")
    page.click("#cm-play")
    page.clock.run_for(2100)
    assert page.input_value("[data-testid=map-date]") == "2017-06-17"
    assert "date=2017-06-17" in page.url
    page.click("#cm-play")
    watched.assert_clean()


def test_dense_views_are_aggregated_and_open_up_when_zoomed(site, watched):
    source = Source.objects.create(title="Synthetic load", published_on="2017-06-01")
    events = Event.objects.bulk_create(
        Event(
            title=f"Synthetic {i}",
            start_date="2017-06-01",
            end_date="2017-06-01",
            event_type="battles",
            sub_event_type="armed_clash",
            publication="published",
            location=Point(37.0 + (i % 50) * 0.02, 33.0 + (i // 50) * 0.02, srid=4326),
            summary="load test",
        )
        for i in range(2000)
    )
    Citation.objects.bulk_create(Citation(event=e, source=source, quote="q") for e in events)
    page = watched.page
    page.goto(site + "/?lat=33.4&lon=37.5&z=7")
    wait_for_count(page, 2007)
    page.wait_for_selector(".cm-cluster")
    counts = [int(t) for t in page.locator(".cm-cluster").all_inner_texts()]
    assert sum(counts) >= 2000 and len(counts) < 100
    # A cell of one event draws the event itself, never a bubble saying "1".
    assert 1 not in counts
    lone = page.evaluate(
        """() => { let n = 0; window.conflictmap.map.eachLayer(l => {
            if (l instanceof L.CircleMarker && !(l instanceof L.Circle) && l.feature) n++; });
            return n; }"""
    )
    assert sum(counts) + lone <= 2007
    page.evaluate("window.conflictmap.map.setView([33.2, 37.2], 11)")
    page.wait_for_function("() => document.querySelectorAll('.cm-cluster').length === 0")
    watched.assert_clean()


def test_event_page_map_and_links_work_offline(site, watched):
    battle = Event.objects.get(sub_event_type="armed_clash")
    page = watched.page
    page.goto(f"{site}/events/{battle.pk}/")
    page.wait_for_selector("#cm-detail-map.leaflet-container")
    page.wait_for_selector("#cm-detail-map .cm-place-label:has-text('Damascus')")
    feature = api(page, f"/api/events/{battle.pk}.geojson")
    assert feature["properties"]["title"] == battle.title
    watched.assert_clean()


def test_the_days_events_are_highlighted_and_imprecise_ones_have_halos(site, watched):
    page = watched.page
    page.goto(site + "/?date=2017-06-20")
    wait_for_count(page, 7)
    drawn = page.evaluate(
        """() => {
            const out = {highlighted: [], dimmed: 0, halos: 0};
            window.conflictmap.map.eachLayer(l => {
                if (l instanceof L.CircleMarker && !(l instanceof L.Circle)) {
                    if (!l.feature || !l.feature.properties.event_type) return;
                    if (l.options.weight === 3) out.highlighted.push(l.feature.properties.title);
                    else out.dimmed += 1;
                } else if (l instanceof L.Circle) {
                    out.halos += 1;
                }
            });
            return out;
        }"""
    )
    assert sorted(drawn["highlighted"]) == [
        "Government and allied militias attack FSA groups at Bir Qassab",
        "Russian air strikes support the offensive around Bir Qassab",
        "US forces shoot down an armed pro-government drone near al-Tanf",
    ]
    assert drawn["dimmed"] == 4
    assert drawn["halos"] == 7  # every demo event is located near a place, none exactly
    watched.assert_clean()


def test_types_differ_by_shape_as_well_as_colour_on_the_map_and_in_the_legend(site, watched):
    page = watched.page
    page.goto(site + "/?date=2017-06-20&lat=33.3&lon=37.9&z=8")
    wait_for_count(page, 7)
    drawn = page.evaluate(
        """() => { const seen = {};
            window.conflictmap.map.eachLayer(l => {
                if (l.options && l.options.eventType)
                    seen[l.options.eventType] = [l.options.fillColor, l.options.radius];
            });
            return seen; }"""
    )
    assert set(drawn) == {"battles", "explosions", "strategic"}  # the demo's three types
    assert len({colour for colour, _ in drawn.values()}) == 3
    assert all(radius >= 4 for _, radius in drawn.values())  # at least 8 px across
    swatches = page.evaluate(
        """() => Array.from(document.querySelectorAll(".cm-type-dot"))
            .map(d => [d.dataset.type, getComputedStyle(d).clipPath])"""
    )
    shapes = [clip for _, clip in swatches]
    assert len(swatches) == 6 and len(set(shapes)) == 6, swatches
    watched.assert_clean()
