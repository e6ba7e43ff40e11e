"""Every public endpoint fuzzed over HTTP, under gunicorn as `make serve` runs it, on SpatiaLite
and PostGIS: no 5xx, and no 200 whose body is cut short.

The database: 5,000 synthetic published events (generate_synthetic). The
requests: a fixed seed draws an endpoint and up to four parameters, each given one to three
values from what people type, what scripts send and what breaks parsers (Unicode digits, NUL,
huge numbers, reversed ranges, instants at year 1 and 9999 with time zones, unknown and repeated
parameters). Eight clients send them at once. Each answer is read to its end: a 200 whose JSON
does not parse, whose CSV does not end with its line break, whose GeoPackage is not one, or
whose transfer stops early (chunked encoding without its last chunk) is counted as truncated.

    .venv/bin/python bench/bench_fuzz.py            # 40,000 requests a database
    BENCH_FUZZ_REQUESTS=1000 .venv/bin/python bench/bench_fuzz.py
"""

import collections
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_downloads import served
from bench_scale import database_urls, ensure, postgis_database

REQUESTS = int(os.environ.get("BENCH_FUZZ_REQUESTS", "40000"))
EVENTS = 5_000
CLIENTS = 8

FILTERS = ["start", "end", "bbox", "type", "sub_type", "actor", "q", "min_fatalities",
           "updated_since", "in_zone_of", "date"]  # fmt: skip
OGC = ["f", "bbox", "bbox-crs", "datetime", "limit", "offset"]
ENDPOINTS = {
    "/api/events.geojson": [*FILTERS, "fields", "limit", "offset", "download"],
    "/api/events.csv": FILTERS,
    "/api/events.acled.csv": FILTERS,
    "/api/events/view.json": ["bbox", "zoom", "start", "end", "type", "actor", "min_fatalities"],
    "/api/view.gpkg": ["type", "actor", "start", "end", "bbox", "map_date"],
    "/api/timeline.json": ["start", "end", "type", "actor", "q", "min_fatalities"],
    "/api/weekly.json": ["start", "end", "bbox", "type", "actor", "q", "min_fatalities"],
    "/api/zones.geojson": ["date"],
    "/api/zones/export.geojson": ["date"],
    "/api/zones/export.gpkg": ["date"],
    "/api/zones/changes.geojson": ["from", "to"],
    "/api/territory.json": ["start", "end", "step", "actor", "country"],
    "/api/actors.json": ["x"],
    "/api/withdrawn.json": ["since"],
    "/ogc/collections/events/items": [*OGC, "type", "sub_type", "actor", "min_fatalities", "q"],
    "/ogc/collections/zones/items": OGC,
    "/ogc/collections/places/items": OGC,
    "/ogc/collections": ["f"],
    "/ogc/": ["f"],
    "/ogc/conformance": ["f"],
    "/ogc/collections/events": ["f"],
    "/ogc/collections/events/schema": ["f"],
    "/": ["date", "lat", "lon", "z"],
    "/healthz": [],
}
# Heavy whole-database answers are drawn less often, as people ask for them.
WEIGHTS = {"/api/view.gpkg": 0.05, "/api/zones/export.gpkg": 0.1, "/api/events.csv": 0.3,
           "/api/events.acled.csv": 0.3}  # fmt: skip
EXTREME_INSTANTS = [
    "0001-01-01T00:00+05:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59-05:00",
    "9999-12-31T23:59:59.999999-12:00", "0001-01-01", "9999-12-31", "9999-12-01", "1899-12-31",
    "2101-01-01", "1900-01-01", "2100-12-31", "../9999-12-31T23:00-05:00",
    "0001-01-01/9999-12-31", "2017-06-01/..",
]  # fmt: skip
TRICKY = [
    "", "0", "-1", "1e309", "nan", "inf", "²", "①", "١٢", "99999999999999999999",
    "2017-06-20", "2017-02-30", "2017-06-20T10:00:00+02:00", "36,33,37,34", "37,34,36,33",
    "-181,-91,181,91", "battles", "armed_clash", "full", "lean", "1", "3000", "10001", "\x00",
    "a\x00b", "\t", "week", "month", "year", "Syria", " ", "%", "'; DROP TABLE events_event; --",
    "العربية", "json", "html", "csv", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "1,2",
    "-5", "18446744073709551616", "0x10", "1_000",
]  # fmt: skip


def value(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.25:
        return rng.choice(EXTREME_INSTANTS)
    if pick < 0.8:
        return rng.choice(TRICKY)
    if pick < 0.9:
        return str(rng.randint(-(10**12), 10**12))
    return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x600, 0x6FF)]))
                   for _ in range(rng.randint(1, 12)))  # fmt: skip


def requests(seed: int, count: int, event_ids: list[int]) -> list[str]:
    rng = random.Random(seed)
    paths = list(ENDPOINTS)
    weights = [WEIGHTS.get(p, 1.0) for p in paths]
    made = []
    for _ in range(count):
        path = rng.choices(paths, weights)[0]
        names = ENDPOINTS[path]
        if rng.random() < 0.05:  # the detail pages and items, by id
            pk = rng.choice([*event_ids[:50], 0, 10**15, -1])
            path = rng.choice(
                [f"/api/events/{pk}.json", f"/api/events/{pk}.geojson", f"/events/{pk}/",
                 f"/ogc/collections/events/items/{pk}"]
            )  # fmt: skip
            names = ["f"]
        if rng.random() < 0.02:
            path = (
                f"/api/labels/{rng.randint(0, 40)}/{rng.randint(0, 2**41)}/{rng.randint(0, 9)}.json"
            )
        params = []
        for _ in range(rng.randint(0, 4)):
            name = rng.choice(names) if names and rng.random() < 0.9 else value(rng)[:10] or "x"
            params += [(name, value(rng)) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        made.append(path + ("?" + urlencode(params) if params else ""))
    return made


def complete(status: int, kind: str, body: bytes) -> bool:
    """Whether a 200's body is whole for its kind."""
    if status != 200:
        return True
    if "json" in kind:
        try:
            json.loads(body)
        except ValueError:
            return False
        return True
    if "csv" in kind:
        return body.endswith(b"\n")
    if "geopackage" in kind:
        return body.startswith(b"SQLite format 3\x00")
    if "html" in kind:
        return body.rstrip().endswith(b"</html>")
    return True


def fuzz(base: str, paths: list[str]) -> dict:
    host, port = base.removeprefix("http://").split(":")
    statuses: collections.Counter = collections.Counter()
    failures: list[str] = []
    lock = threading.Lock()
    queue = list(reversed(paths))

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            try:
                connection.request("GET", path)
                answer = connection.getresponse()
                body = answer.read()
                status, kind = answer.status, answer.getheader("Content-Type", "")
                whole = complete(status, kind, body)
            except (http.client.HTTPException, OSError) as error:
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=120)
                status, whole = -1, False
                kind = type(error).__name__
            with lock:
                statuses[status] += 1
                if status >= 500 or not whole:
                    failures.append(f"{status} {kind} {path}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "seconds": time.perf_counter() - started,
        "statuses": dict(sorted(statuses.items())),
        "failures": failures,
    }


def main() -> None:
    rows = []
    for url in database_urls(EVENTS):
        if url.startswith("postgis"):
            url = postgis_database(f"conflictmap_bench_fuzz_{EVENTS}")
        else:
            url = url.replace("bench_scale", "bench_fuzz")
        ensure(url, EVENTS)
        kind = "postgis" if url.startswith("postgis") else "spatialite"
        with served(url, threads=4, slots=2, per_client=1) as base:
            page = urllib.request.urlopen(base + "/api/events.geojson?limit=50").read()
            event_ids = [feature["id"] for feature in json.loads(page)["features"]]
            result = fuzz(base, requests(7, REQUESTS, event_ids))
        fives = sum(n for status, n in result["statuses"].items() if status >= 500)
        truncated = sum(1 for failure in result["failures"] if not failure.startswith("5"))
        rows.append((kind, result, fives, truncated))
        print(kind, json.dumps({**result, "failures": result["failures"][:20]}), file=sys.stderr)
    print(f"\n### Fuzzing every public endpoint over HTTP ({time.strftime('%Y-%m-%d')})\n")
    print("| database | requests | seconds | 5xx | truncated or broken 200s | statuses |")
    print("|---|---|---|---|---|---|")
    for kind, result, fives, truncated in rows:
        total = sum(result["statuses"].values())
        statuses = ", ".join(f"{s}: {n:,}" for s, n in result["statuses"].items())
        print(f"| {kind} | {total:,} | {result['seconds']:.0f} | {fives} | {truncated} | "
              f"{statuses} |")  # fmt: skip
    if any(fives or truncated for _, _, fives, truncated in rows):
        raise SystemExit("fuzzing found 5xx or truncated answers (above)")


if __name__ == "__main__":
    main()
