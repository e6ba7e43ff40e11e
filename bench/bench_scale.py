"""The map's queries at 10k, 100k and 1M events, on SpatiaLite and PostGIS, under gunicorn.

Each database is filled once with `generate_synthetic` (kept for later runs: var/bench_scale_*
and the PostgreSQL databases conflictmap_bench_scale_*), then served by gunicorn (2 workers)
and asked, over HTTP, for what the map asks. Every query is new to the server (its answers are
cached per data version, so a repeated query would measure the cache): 1°×1° boxes around towns
with one month each, a country (Syria) with one year each, zones on distinct dates, the
timeline for distinct filters; the default view (the whole region, aggregated) cold and warm.
Then Chromium opens the map on the largest database (served by `runserver`, which
serves the map's static files): time to the first aggregated view, bytes transferred, the time
to single events in one town and month, a date step, the JS heap.

    .venv/bin/python bench/bench_scale.py [--sizes 10000,100000,1000000] [--no-browser]
"""

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PY = sys.executable
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
TOWNS = [  # (lat, lon): where events cluster
    (36.2021, 37.1343),
    (33.5102, 36.2913),
    (34.7324, 36.7137),
    (35.1318, 36.7578),
    (35.3359, 40.1408),
    (35.9528, 39.0079),
    (36.3350, 43.1189),
    (33.3406, 44.4009),
    (35.4681, 44.3922),
    (32.6189, 36.1021),
]
SYRIA = "35.5,32.3,42.4,37.4"
REGION = "34.0,29.0,49.0,38.0"


def env_for(url: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": "bench-only"}


def ensure(url: str, events: int) -> None:
    """Migrate and fill the database once; later runs reuse it."""
    env = env_for(url)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    code = (
        "from events.models import Event; "
        "print(Event.objects.filter(acled_id__startswith='SYN-').count())"
    )
    have = subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip().splitlines() or ["0"]
    have = have[-1]
    if int(have or 0) == events:
        return
    if int(have or 0):
        subprocess.run(
            [PY, "manage.py", "generate_synthetic", "--remove"], cwd=ROOT, env=env, check=True
        )
    started = time.perf_counter()
    subprocess.run(
        [
            PY,
            "manage.py",
            "generate_synthetic",
            "--events",
            str(events),
            "--zones",
            "1000",
            "--seed",
            "7",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    if url.startswith("postgis"):
        name = url.rsplit("/", 1)[1]
        subprocess.run([*PSQL, "-d", name, "-c", "VACUUM ANALYZE"], check=True, capture_output=True)
    else:
        subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                "from django.db import connection; connection.cursor().execute('ANALYZE')",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    print(
        f"  filled {url} with {events:,} events in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def postgis_database(name: str) -> str:
    """The local PostGIS database `name` (created, with PostGIS, the first time): its URL."""
    exists = subprocess.run(
        [*PSQL, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run([*PSQL, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        subprocess.run(
            [*PSQL, "-d", name, "-c", "CREATE EXTENSION postgis"], check=True, capture_output=True
        )
    return f"postgis://postgres@127.0.0.1:5432/{name}"


def database_urls(events: int) -> list[str]:
    urls = [f"spatialite:///{VAR / f'bench_scale_{events}.sqlite3'}"]
    if subprocess.run([*PSQL, "-tAc", "SELECT 1"], capture_output=True).returncode == 0:
        urls.append(postgis_database(f"conflictmap_bench_scale_{events}"))
    return urls


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/actors.json", timeout=30).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not answer")


@contextmanager
def served(url: str, *, gunicorn: bool = True):
    """A server on the database, with an empty cache of its own (files: the database's cache
    table would keep answers from an earlier run): every answer is computed afresh."""
    port = free_port()
    cache_dir = tempfile.mkdtemp(prefix="bench-cache-", dir=VAR)
    if gunicorn:
        command = [
            str(ROOT / ".venv/bin/gunicorn"),
            "conflictmap.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        env = {**env_for(url), "CACHE_URL": f"file://{cache_dir}"}
    else:
        command = [PY, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        env = {**env_for(url), "DJANGO_DEBUG": "1", "CACHE_URL": f"file://{cache_dir}"}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(cache_dir, ignore_errors=True)


def timed(base: str, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    body = urllib.request.urlopen(base + path, timeout=120).read()
    return time.perf_counter() - started, len(body)


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:.0f} / {p95 * 1000:.0f} ms"


def measure(base: str, rng: random.Random) -> dict[str, str]:
    out = {}
    box_month = []
    for lat, lon in TOWNS:
        for _ in range(3):
            year, month = rng.randrange(2012, 2025), rng.randrange(1, 13)
            bbox = f"{lon - 0.5:.4f},{lat - 0.5:.4f},{lon + 0.5:.4f},{lat + 0.5:.4f}"
            box_month.append(f"bbox={bbox}&start={year}-{month:02d}-01&end={year}-{month:02d}-28")
    out["box + month, view.json (zoom 10)"] = percentiles(
        [timed(base, f"/api/events/view.json?{q}&zoom=10")[0] for q in box_month]
    )
    out["box + month, events.geojson (lean page)"] = percentiles(
        [timed(base, f"/api/events.geojson?{q}&limit=10000")[0] for q in box_month]
    )
    years = [
        f"/api/events/view.json?bbox={SYRIA}&zoom=7&start={y}-01-01&end={y}-12-31"
        for y in range(2012, 2025)
    ]
    out["country + year, aggregated (view.json, zoom 7)"] = percentiles(
        [timed(base, path)[0] for path in years]
    )
    cold, size = timed(base, f"/api/events/view.json?bbox={REGION}&zoom=6")
    warm, _ = timed(base, f"/api/events/view.json?bbox={REGION}&zoom=6")
    out["default view, aggregated: cold / warm (answer size)"] = (
        f"{cold * 1000:.0f} / {warm * 1000:.0f} ms ({size / 1024:.0f} KB)"
    )
    dates = [f"2012-01-{d:02d}" for d in range(1, 29)] + ["2016-06-01", "2020-02-02"]
    out["zones at a date (1,000 zones)"] = percentiles(
        [timed(base, f"/api/zones.geojson?date={day}")[0] for day in dates]
    )
    filters = [f"type={t}" for t in ("battles", "explosions", "vac", "protests", "strategic")]
    filters += [f"min_fatalities={n}" for n in (1, 2, 3, 5, 8)]
    out["timeline, distinct filters"] = percentiles(
        [timed(base, f"/api/timeline.json?{f}")[0] for f in filters]
    )
    return out


def browser_figures(base: str) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        received = []
        page.on("response", lambda r: received.append(r))
        started = time.perf_counter()
        page.goto(base + "/?lat=34.0&lon=41.0&z=6&date=2012-03-01")  # a day with zones
        page.wait_for_selector(".cm-cluster", timeout=120_000)
        first = time.perf_counter() - started
        size = 0
        for response in received:
            with suppress(Exception):  # a redirect or an aborted request has no body
                size += len(response.body())
        out["map: first aggregated view (transferred)"] = f"{first:.2f} s ({size / 1e6:.1f} MB)"
        started = time.perf_counter()
        with page.expect_response(
            lambda r: "view.json" in r.url and "zoom=12" in r.url, timeout=120_000
        ):
            page.evaluate(
                "() => { const f = document.getElementById('cm-filters');"
                " f.elements.start.value = '2016-03-01'; f.elements.end.value = '2016-03-31';"
                " f.dispatchEvent(new Event('change'));"
                " window.conflictmap.map.setView([36.2021, 37.1343], 12, {animate: false}); }"
            )
        page.wait_for_function("() => document.querySelectorAll('.cm-cluster').length === 0")
        out["map: one town and one month, single events"] = f"{time.perf_counter() - started:.2f} s"
        before = page.input_value("[data-testid=map-date]")
        started = time.perf_counter()
        page.click(".cm-step[data-step='1']")
        # The step is done when the zones of the next day are drawn (the legend names its day).
        page.wait_for_function(
            "before => { const shown = document.getElementById('cm-legend-date').textContent;"
            " return shown && shown !== before; }",
            arg=before,
        )
        out["map: a date step"] = f"{(time.perf_counter() - started) * 1000:.0f} ms"
        heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0")
        out["map: JS heap"] = f"{heap / 1e6:.0f} MB"
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    VAR.mkdir(exist_ok=True)
    results: dict[tuple[str, int], dict[str, str]] = {}
    for events in sizes:
        for url in database_urls(events):
            ensure(url, events)
            vendor = "PostGIS" if url.startswith("postgis") else "SpatiaLite"
            with served(url) as base:
                results[(vendor, events)] = measure(base, random.Random(events))
            print(f"  measured {vendor} at {events:,}", file=sys.stderr)
    rows = list(next(iter(results.values())))
    columns = sorted(results, key=lambda k: (k[1], k[0]))
    print(f"\n### The map's queries under gunicorn (p50 / p95; {time.strftime('%Y-%m-%d')})\n")
    print("| query | " + " | ".join(f"{v} {n:,}" for v, n in columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for row in rows:
        print(f"| {row} | " + " | ".join(results[c][row] for c in columns) + " |")
    if not args.no_browser:
        largest = max(sizes)
        for url in database_urls(largest):
            vendor = "PostGIS" if url.startswith("postgis") else "SpatiaLite"
            with served(url, gunicorn=False) as base:
                figures = browser_figures(base)
            print(f"\n### The map in Chromium on {largest:,} events ({vendor}, runserver)\n")
            print("| measure | value |\n|---|---|")
            for name, value in figures.items():
                print(f"| {name} | {value} |")
    print(json.dumps({f"{v} {n}": r for (v, n), r in results.items()}), file=sys.stderr)


if __name__ == "__main__":
    main()
