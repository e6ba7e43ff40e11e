"""The map on 200,000 events in headless Chromium: it loads aggregated, opens up to single
events when zoomed into a town and a month, and never asks for every event."""

import pytest

from events.demo import synthetic
from tests.web.test_map_browser import wait_for_a_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ALEPPO = (36.2021, 37.1343)


@pytest.fixture
def big_site(live_server):
    synthetic.generate(200_000, seed=3)
    return live_server.url


def count(page) -> int:
    return int(page.inner_text("[data-testid=event-count]"))


def test_200k_events_load_aggregated_open_up_when_zoomed_and_never_come_whole(big_site, watched):
    page = watched.page
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/" in r.url else None)
    page.goto(big_site + "/?lat=34.0&lon=41.0&z=5")
    page.wait_for_selector(".cm-cluster")
    wait_for_a_count(page)
    cells = [int(t) for t in page.locator(".cm-cluster").all_inner_texts()]
    assert sum(cells) == count(page) > 150_000  # Syria and Iraq, nearly all the events
    assert len(cells) < 400
    assert "zoom in or filter" in page.inner_text("#cm-list")

    # One town, one month: few enough to draw one by one.
    page.fill("input[name=start]", "2016-03-01")
    page.dispatch_event("input[name=start]", "change")
    page.fill("input[name=end]", "2016-03-31")
    page.dispatch_event("input[name=end]", "change")
    with page.expect_response(lambda r: "view.json" in r.url and "zoom=12" in r.url):
        page.evaluate(
            "([lat, lon]) => window.conflictmap.map.setView([lat, lon], 12)", list(ALEPPO)
        )
    # The town's month is a few dozen events (the region's, at the zoom before, a thousand).
    page.wait_for_function("() => Number(document.getElementById('cm-count').textContent) < 300")
    page.wait_for_function("() => document.querySelectorAll('.cm-cluster').length === 0")
    page.wait_for_function("() => document.querySelectorAll('#cm-list button').length > 0")
    drawn = page.evaluate(
        """() => { let n = 0; window.conflictmap.map.eachLayer(l => {
             if (l instanceof L.CircleMarker && l.feature && l.feature.properties.event_type) n++;
           }); return n; }"""
    )
    assert 0 < drawn == count(page) < 3_000

    whole = [u for u in asked if "/api/events.geojson" in u and "download=1" not in u]
    assert whole == [] and any("/api/events/view.json" in u for u in asked)
    watched.assert_clean()
