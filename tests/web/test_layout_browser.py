"""The map page's layout never collides: at the sizes researchers use, 360 to 2560 px wide,
with every panel open and with every panel closed, no region of the page covers another (the
top bar, the map, the filters, the side panel, the timeline, the charts, the territory panel),
and every panel's header is the element a click at its centre reaches."""

import pytest

from events.demo.loading import load_demo
from tests.browser import Watched
from tests.web.test_map_browser import wait_for_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(1280, 720), (1440, 900), (1920, 1080), (390, 844), (360, 740), (2560, 1440)]
REGIONS = [
    ".cm-bar",
    "#cm-map",
    "#cm-filters-panel",
    ".cm-side",
    "#cm-timeline-panel",
    "#cm-charts-panel",
    "#cm-territory-panel",
]
PANELS = ["#cm-filters-panel", "#cm-timeline-panel", "#cm-charts-panel", "#cm-territory-panel"]

# Each region's box in page coordinates (scrolling included), and whether the element a click
# at the centre of each panel's header reaches is that header (or inside it).
MEASURE = """([regions, panels]) => {
  const box = (selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return { selector, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height };
  };
  const clickable = panels.map((selector) => {
    const summary = document.querySelector(selector + " > summary");
    summary.scrollIntoView({ block: "center" });
    const r = summary.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return [selector, summary.contains(hit)];
  });
  scrollTo(0, 0);
  return { boxes: regions.map(box), clickable };
}"""


def overlap(a: dict, b: dict) -> float:
    width = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return max(0.0, width) * max(0.0, height)


@pytest.fixture
def site(live_server):
    load_demo()
    return live_server.url


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_panel_covers_another_open_or_closed(site, browser, width, height):
    phone = width < 800
    watched = Watched(browser, width=width, height=height, has_touch=phone, is_mobile=phone)
    page = watched.page
    try:
        page.goto(f"{site}/?date=2017-06-20")
        wait_for_count(page, 7)
        for state in ("open", "closed"):
            page.evaluate(
                "([panels, open]) => panels.forEach((s) => {"
                " document.querySelector(s).open = open; })",
                [PANELS, state == "open"],
            )
            page.wait_for_function(
                "([panels, open]) => panels.every((s) => document.querySelector(s).open === open)",
                arg=[PANELS, state == "open"],
            )
            measured = page.evaluate(MEASURE, [REGIONS, PANELS])
            boxes = [b for b in measured["boxes"] if b["w"] > 0 and b["h"] > 0]
            assert len(boxes) >= (len(REGIONS) if state == "open" else 5), (state, boxes)
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    assert overlap(a, b) < 1, (state, a, b)
            map_box = next(b for b in boxes if b["selector"] == "#cm-map")
            assert map_box["h"] >= 300 and map_box["w"] >= min(width - 20, 300), (state, map_box)
            assert all(ok for _, ok in measured["clickable"]), (state, measured["clickable"])
        watched.assert_clean()
    finally:
        page.wait_for_load_state("networkidle")
        page.close()
