"""The OGC API – Features at 100,000 published events (issue 15), on SpatiaLite and PostGIS, each
in its own process, through Django's test client (no network): a page of 1,000 events in a
1°×1° box over a month and the same page with no filter (numberMatched counts all 100,000),
side by side with the map's own API page (/api/events.geojson, the same selection, which
counts nothing). Medians of 5. (GDAL's OAPIF driver as a client is tested in
tests/web/test_ogc.py.)

    .venv/bin/python bench/bench_ogc.py
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_scale import PSQL, postgis_database  # noqa: E402
from children import run_child, setup_django  # noqa: E402

EVENTS = 100_000
BOX = "36.0,33.0,37.0,34.0"  # around Damascus, where the synthetic events cluster
MONTH = "2016-03-01/2016-03-31"


def child(url: str) -> None:
    setup_django(url)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from events.models import Event

    have = Event.objects.filter(acled_id__startswith="SYN-").count()
    if have != EVENTS:
        if have:
            call_command("generate_synthetic", remove=True, verbosity=0)
        call_command("generate_synthetic", events=EVENTS, verbosity=0)
    client = Client(SERVER_NAME="localhost")  # an allowed host, as the site is served
    cases = {
        "OGC items, box and month, limit 1000": (
            "/ogc/collections/events/items",
            {"bbox": BOX, "datetime": MONTH, "limit": 1000},
        ),
        "map API page, box and month, limit 1000": (
            "/api/events.geojson",
            {"bbox": BOX, "start": "2016-03-01", "end": "2016-03-31", "limit": 1000,
             "fields": "full"},
        ),
        "OGC items, no filter, limit 1000": ("/ogc/collections/events/items", {"limit": 1000}),
        "map API page, no filter, limit 1000": (
            "/api/events.geojson", {"limit": 1000, "fields": "full"}
        ),
    }  # fmt: skip
    results = {}
    for name, (path, params) in cases.items():
        times = []
        for _ in range(5):
            cache.clear()
            began = time.perf_counter()
            response = client.get(path, params)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append(time.perf_counter() - began)
        document = json.loads(body)
        results[name] = {
            "seconds": statistics.median(times),
            "returned": len(document["features"]),
            "matched": document.get("numberMatched"),
        }
    print(json.dumps(results))


def run(url: str) -> dict:
    return run_child(__file__, url)


def main() -> None:
    runs = {}
    with tempfile.TemporaryDirectory(prefix="bench-ogc-", dir=ROOT / "var") as work:
        runs["SpatiaLite"] = run(f"spatialite:///{Path(work) / 'db.sqlite3'}")
        if subprocess.run([*PSQL, "-tAc", "SELECT 1"], capture_output=True).returncode == 0:
            runs["PostGIS"] = run(postgis_database("conflictmap_bench_ogc"))
    print(f"OGC API – Features at {EVENTS:,} published events (median of 5, in-process)")
    print("| database | request | seconds | returned | numberMatched |")
    print("|---|---|---|---|---|")
    for database, results in runs.items():
        for name, result in results.items():
            print(
                f"| {database} | {name} | {result['seconds']:.3f} | {result['returned']} "
                f"| {result['matched'] if result['matched'] is not None else '–'} |"
            )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
