"""The map date is the state of the world on that day: the zones valid then, the events of a
trailing window up to it (the day, 7 days, 30 days or everything before), never an event after
it; the count is what is drawn; past the zones' last day the map says it has none."""

import datetime as dt

import pytest

from events.services.demo import load_demo
from tests.conftest import make_event
from tests.test_map_browser import wait_for_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BADIA = "lat=33.6&lon=37.9&z=8"


@pytest.fixture
def site(live_server):
    load_demo()
    return live_server.url


def drawn_titles(page) -> list[str]:
    return page.evaluate(
        """() => { const titles = [];
            window.conflictmap.map.eachLayer(l => {
                if (l instanceof L.CircleMarker && !(l instanceof L.Circle) && l.feature)
                    titles.push(l.feature.properties.start_date);
            });
            return titles.sort(); }"""
    )


def test_events_after_the_map_date_are_not_drawn_and_the_count_is_what_is_drawn(site, watched):
    page = watched.page
    page.goto(f"{site}/?date=2017-06-08&{BADIA}")
    wait_for_count(page, 4)
    assert drawn_titles(page) == ["2017-03-01", "2017-05-18", "2017-06-08", "2017-06-08"]
    assert page.locator("#cm-span").text_content() == "up to 2017-06-08"
    assert page.locator("#cm-list li").count() == 4

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
    # The exports keep the filter's whole period, not the map's window.
    assert page.get_attribute("#cm-export-csv", "href").endswith("?start=2017-06-09")
    page.goto(f"{site}/?date=2017-05-01&start=2017-06-09&{BADIA}")
    wait_for_count(page, 0)
    assert "ends before" in page.locator("#cm-span").text_content()
    watched.assert_clean()


def test_past_the_last_zone_the_map_says_it_has_no_zones(site, watched):
    later = dt.date(2017, 7, 10)
    make_event(cite=True, status="published", start_date=later, end_date=later)
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
