"""The offline basemap's cost (issues 12 and 25): bytes on disk and as sent, and the time until
Chromium has drawn the coastlines, borders, rivers, governorates, relief and names at zoom 8 over
the Badia and zoom 10 over Palmyra, against the map with no basemap layers at all (the same page,
the same data, side by side).

On a fresh SpatiaLite file with the demo and the Syrian gazetteer, served by gunicorn (debug
off, static files collected and compressed as `make serve` does); three cold loads of each.

    .venv/bin/python bench/bench_basemap.py
"""

import gzip
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.processes import free_port, manage, started  # noqa: E402

VIEWS = {
    8: "/?date=2017-06-21&lat=34.75&lon=39.1&z=8",  # the Badia
    10: "/?date=2017-06-21&lat=34.55&lon=38.27&z=10",  # Palmyra
}
DRAWN = """() => document.querySelectorAll('.leaflet-cm-basemap-pane path').length > 0
    && document.querySelectorAll('.leaflet-cm-basemap-lines-pane path').length > 0
    && [...document.querySelectorAll('.leaflet-cm-basemap-relief-pane img')]
        .some(i => i.complete && i.naturalWidth)
    && (document.querySelector('#cm-map').dataset.placeLabels || '').includes('Palmyra')"""
COUNTED = "() => /^\\d+$/.test(document.querySelector('#cm-count').textContent)"
NO_BASEMAP = "**/conflictmap/offline-basemap*.js"


def sizes() -> tuple[int, int]:
    files = sorted((ROOT / "static" / "basemap").glob("*.geojson"))
    files += sorted((ROOT / "static" / "basemap").glob("*.jpg"))
    raw = sum(f.stat().st_size for f in files)
    return raw, sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


def load(browser, url: str, view: str, *, basemap: bool) -> float:
    """Milliseconds from navigation until the map is drawn (with or without the basemap)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    if not basemap:
        page.route(NO_BASEMAP, lambda route: route.fulfill(body="", content_type="text/javascript"))
    page.goto(url + view)
    page.wait_for_function(DRAWN if basemap else COUNTED, timeout=60_000)
    if basemap:
        page.wait_for_function(COUNTED)
    elapsed = page.evaluate("() => performance.now()")
    context.close()
    return elapsed


def main() -> None:
    raw, sent = sizes()
    with tempfile.TemporaryDirectory(prefix="bench-basemap-", dir=ROOT / "var") as work:
        env = {
            "DJANGO_SECRET_KEY": "bench-only-secret",
            "DATABASE_URL": f"spatialite:///{Path(work) / 'db.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(Path(work) / "static"),
            "DJANGO_CACHE_DIR": str(Path(work) / "cache"),
        }
        manage("migrate", "--noinput", **env)
        manage("load_gazetteer", "--countries", "SY", **env)
        manage("load_demo", **env)
        manage("collectstatic", "--noinput", **env)
        port = free_port()
        gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "conflictmap.wsgi", "--bind",
                    f"127.0.0.1:{port}", "--workers", "2"]  # fmt: skip
        server = started(gunicorn, ready="Booting worker", **env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
                )
                url = f"http://127.0.0.1:{port}"
                runs = {(zoom, basemap): [] for zoom in VIEWS for basemap in (True, False)}
                for _ in range(3):  # alternated, so that the machine's noise falls on every one
                    for zoom, view in VIEWS.items():
                        for basemap in (True, False):
                            runs[zoom, basemap].append(load(browser, url, view, basemap=basemap))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("| what | value |\n|---|---|")
    print(f"| basemap files (GeoJSON and the relief image) on disk | {raw / 1024:,.0f} KB |")
    print(f"| the same, compressed as sent | {sent / 1024:,.0f} KB |")
    for zoom in VIEWS:
        with_map = statistics.median(runs[zoom, True])
        without = statistics.median(runs[zoom, False])
        print(f"| zoom {zoom}: map drawn with the basemap and names (median of 3) "
              f"| {with_map:,.0f} ms |")  # fmt: skip
        print(f"| zoom {zoom}: the same map without the basemap layers | {without:,.0f} ms |")
        print(f"| zoom {zoom}: ratio | {with_map / without:.2f}× |")


if __name__ == "__main__":
    main()
