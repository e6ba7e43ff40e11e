"""The map date is the state of the world on that day: the zones valid then, the events of a
trailing window up to it (the day, 7 days, 30 days or everything before), never an event after
it; the count is what is drawn; past the zones' last day the map says it has none."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import Point

from events.demo.loading import load_demo
from events.services.gazetteer import load_geonames
from tests.factories import make_event
from tests.web.test_map_browser import SCREENSHOTS, wait_for_a_count, wait_for_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BADIA = "lat=33.6&lon=37.9&z=8"


@pytest.fixture
def site(live_server):
    load_demo()
    load_geonames(["SY"])  # the names `make run` puts on the map
    return live_server.url


def drawn(page, name: str) -> list:
    """A property of every event marker the map draws (halos and cells left out), sorted."""
    return sorted(
        page.evaluate(
            """(name) => { const values = [];
                window.conflictmap.map.eachLayer(l => {
                    if (l instanceof L.CircleMarker && !(l instanceof L.Circle) && l.feature)
                        values.push(l.feature.properties[name]);
                });
                return values; }""",
            name,
        )
    )


def drawn_titles(page) -> list[str]:
    return drawn(page, "start_date")


def test_events_after_the_map_date_are_not_drawn_and_the_count_is_what_is_drawn(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-08&{BADIA}")
    wait_for_count(page, 4)
    assert drawn_titles(page) == ["2017-03-01", "2017-05-18", "2017-06-08", "2017-06-08"]
    assert page.locator("#cm-span").text_content() == "up to 2017-06-08"
    assert page.locator("#cm-list li").count() == 4
    # The list is newest first.
    assert page.locator("#cm-list time").all_inner_texts() == [
        "2017-06-08",
        "2017-06-08",
        "2017-05-18",
        "2017-03-01 – 2017-04-30",
    ]

    page.select_option("#cm-window", "day")
    wait_for_count(page, 2)
    assert drawn_titles(page) == ["2017-06-08", "2017-06-08"]
    assert page.locator("#cm-span").text_content() == "from 2017-06-08 to 2017-06-08"
    assert "window=day" in page.url

    page.fill("#cm-date", "2017-01-06")
    page.dispatch_event("#cm-date", "change")
    wait_for_count(page, 0)
    assert drawn_titles(page) == []
    watched.assert_clean()


def test_the_window_and_the_period_filter_meet(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-20&window=month&start=2017-06-09&{BADIA}")
    wait_for_count(page, 3)
    assert page.locator("#cm-span").text_content() == "from 2017-06-09 to 2017-06-20"
    # "The events drawn" take the window, cut to the period filter, and the view's box; the
    # whole filtered period's links take the filter alone.
    view_link = page.get_attribute("#cm-export-csv", "href")
    assert "start=2017-06-09&end=2017-06-20&bbox=" in view_link
    assert page.get_attribute("#cm-export-period-csv", "href").endswith("?start=2017-06-09")
    page.goto(f"{site}/?date=2017-05-01&start=2017-06-09&{BADIA}")
    wait_for_count(page, 0)
    assert "ends before" in page.locator("#cm-span").text_content()
    # Nothing is drawn: nothing to download of it, and the link says so.
    assert page.get_attribute("#cm-export-csv", "aria-disabled") == "true"
    assert page.get_attribute("#cm-export-csv", "href") is None
    watched.assert_clean()


def test_past_the_last_zone_the_map_says_it_has_no_zones(site, watched):
    later = dt.date(2017, 7, 10)
    make_event(cite=True, publication="published", start_date=later, end_date=later)
    page = watched.page
    page.goto(f"{site}/?date=2017-06-21&{BADIA}")
    wait_for_count(page, 7)
    assert page.locator("#cm-zone-notice").is_hidden()
    page.goto(f"{site}/?date=2017-07-10&{BADIA}")
    notice = page.locator("[data-testid=zone-notice]")
    notice.wait_for(state="visible")
    assert notice.text_content() == "No control zones are recorded after 2017-06-21."
    watched.assert_clean()


def test_the_timeline_names_its_months_and_flags_the_map_date(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-08&start=2017-05-01&end=2017-06-10&{BADIA}")
    wait_for_count(page, 3)
    page.wait_for_selector("[data-testid=timeline] .today-label")
    labels = page.locator("[data-testid=timeline] text.axis").all_text_contents()
    assert labels == ["Jan 2017", "Feb", "Mar", "Apr", "May", "Jun"]
    assert page.locator(".today-label").text_content() == "map date 2017-06-08"
    # The period's band and the date's line are told apart by more than position.
    band = page.locator("[data-testid=timeline] .brush")
    line = page.locator("[data-testid=timeline] .today")
    assert band.evaluate("e => getComputedStyle(e).fill") != line.evaluate(
        "e => getComputedStyle(e).stroke"
    )
    watched.assert_clean()


def test_what_changed_hands_between_1_and_21_june_is_outlined(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-21&{BADIA}")
    wait_for_count(page, 7)
    page.fill("#cm-changes-since", "2017-06-01")
    page.check("[data-testid=changes-toggle]")
    legend = page.locator("[data-testid=changes-legend] li")
    legend.first.wait_for()
    assert legend.all_text_contents() == [
        "Syrian government forces gained",
        "Osoud al-Sharqiya lost",
    ]
    assert "since=2017-06-01" in page.url
    outlines = page.evaluate(
        """() => { let n = 0; window.conflictmap.map.eachLayer(l => {
            if (l.feature && l.feature.properties.change) n++; }); return n; }"""
    )
    assert outlines == 2
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "map-2017-06-21.png")  # the README's picture
    page.uncheck("[data-testid=changes-toggle]")
    page.wait_for_function("() => !document.querySelector('[data-testid=changes-legend] li')")
    assert "since=" not in page.url
    watched.assert_clean()


def test_a_zone_over_an_older_one_is_outlined_and_the_legend_says_why(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-21&{BADIA}")
    wait_for_count(page, 7)
    page.locator("#cm-overlap-note").wait_for(state="visible")
    styles = page.evaluate(
        """() => { const out = {};
            window.conflictmap.map.eachLayer(l => {
                const p = l.feature && l.feature.properties;
                if (p && p.controller_id && l instanceof L.Polygon)
                    out[p.controller_label + (p.overlaps_older ? " (over)" : "")] = l.options.fill;
            });
            return out; }"""
    )
    assert styles["Iran-backed militias (over)"] is False  # outlined only
    assert styles["US-led coalition"] is True  # the older zone keeps its colour
    watched.assert_clean()


def test_the_charts_draw_events_per_week_by_type_for_the_filters(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-21&{BADIA}")
    wait_for_count(page, 7)
    page.click("#cm-charts-panel summary")
    page.locator("#cm-chart-events canvas").wait_for()
    legend = page.locator("#cm-chart-events .u-legend").inner_text()
    for label in ("Battles", "Explosions/Remote violence", "Strategic developments"):
        assert label in legend
    page.locator("#cm-chart-fatalities canvas").wait_for()
    # A filter redraws them: battles only.
    page.check("input[name=type][value=battles]")
    legend = "#cm-chart-events .u-legend"
    page.wait_for_function(
        "s => !document.querySelector(s).innerText.includes('Strategic')", arg=legend
    )
    assert "Battles" in page.locator("#cm-chart-events .u-legend").inner_text()
    watched.assert_clean()


def link(page, selector: str) -> str:
    """The link's address as the browser resolves it (its href attribute is relative)."""
    return page.eval_on_selector(selector, "a => a.href")


def drawn_ids(page) -> list[int]:
    return drawn(page, "id")


def test_the_downloads_of_the_events_drawn_hold_exactly_those_events(site, watched, tmp_path):
    # Inside the Badia, but also an event outside the view and one after the map date: neither
    # is drawn, so neither may be downloaded with what is.
    mosul = Point(43.13, 36.34, srid=4326)  # out of the Badia's view
    make_event(cite=True, publication="published", location=mosul)
    later = dt.date(2017, 6, 30)
    make_event(cite=True, publication="published", start_date=later, end_date=later)
    page = watched.page
    page.goto(f"{site}/?date=2017-06-20&window=month&{BADIA}")
    counted = wait_for_a_count(page)
    on_map = drawn_ids(page)
    assert len(on_map) == counted > 0

    csv_text = page.request.get(link(page, "#cm-export-csv")).text()
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert sorted(int(row["id"]) for row in rows) == on_map

    gpkg = tmp_path / "view.gpkg"
    gpkg.write_bytes(page.request.get(link(page, "#cm-export-gpkg")).body())
    layer = DataSource(str(gpkg))["events"]
    assert sorted(int(feature.get("id")) for feature in layer) == on_map

    whole = page.request.get(link(page, "#cm-export-period-csv")).text()
    everywhere = {int(r["id"]) for r in csv.DictReader(io.StringIO(whole.lstrip("\ufeff")))}
    assert set(on_map) < everywhere  # the whole period holds the events out of view too
    watched.assert_clean()


def test_the_count_agrees_with_its_noun(site, watched):
    make_event(cite=True, publication="published", title="Ambush at the pass")
    page = watched.page
    page.goto(f"{site}/?date=2017-06-20&q=Ambush&{BADIA}")
    wait_for_count(page, 1)
    assert page.locator(".cm-count").inner_text().startswith("1 event on the map")
    page.goto(f"{site}/?date=2017-06-20&q=nothing-is-called-this&{BADIA}")
    wait_for_count(page, 0)
    assert page.locator(".cm-count").inner_text().startswith("0 events on the map")
    watched.assert_clean()


def test_a_date_the_map_cannot_read_is_named_not_ignored(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-13-45&{BADIA}")
    notice = page.locator("[data-testid=query-notice]")
    notice.wait_for(state="visible")
    assert "date=2017-13-45 is not a day" in notice.inner_text()
    assert page.input_value("#cm-date") == "2017-06-21"  # what the notice says the map shows
    notice.click()
    notice.wait_for(state="hidden")
    page.goto(f"{site}/?date=2017-06-08&{BADIA}")
    wait_for_a_count(page)
    assert notice.is_hidden()
    watched.assert_clean()
