"""/healthz and the exports while four whole-database downloads run, under gunicorn.

50,000 synthetic published events (generate_synthetic), on SpatiaLite and PostGIS. Four
clients (four loopback addresses) download the whole database at once (events.csv,
events.acled.csv, the GeoJSON export, the map's GeoPackage) while /healthz is asked every
50 ms until the last download ends. Three ways, side by side in one run:
- "sync, no limit": 3 sync workers and no download slots (how the site ran before);
- "make serve": 3 workers × 4 threads (a worker whose threads are busy accepts no more), 2
  download slots, 1 per client (the defaults): two run, two are told 429 at once;
- "four at once": 3 workers × 4 threads, 4 slots, 4 per client (four really run together).
Run with `make bench` (or alone: .venv/bin/python bench/bench_downloads.py)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import ROOT, VAR, database_urls, ensure, env_for, free_port

EVENTS = int(os.environ.get("BENCH_DOWNLOAD_EVENTS", "50000"))
DOWNLOADS = [
    "/api/events.csv",
    "/api/events.acled.csv",
    "/api/events.geojson?download=1",
    "/api/view.gpkg?map_date=2017-06-21",
]
ONLY = os.environ.get("BENCH_DOWNLOAD_CONFIGS", "")
CONFIGS = {
    "sync, no limit": {"threads": 1, "slots": 100, "per_client": 100},
    "make serve": {"threads": 4, "slots": 2, "per_client": 1},
    "four at once": {"threads": 4, "slots": 4, "per_client": 4},
}


@contextmanager
def served(url: str, *, threads: int, slots: int, per_client: int):
    port = free_port()
    scratch = tempfile.mkdtemp(prefix="bench-downloads-", dir=VAR)
    env = {
        **env_for(url),
        "CACHE_URL": f"file://{scratch}/cache",
        "DJANGO_EXPORT_SLOTS": str(slots),
        "DJANGO_EXPORT_SLOTS_PER_CLIENT": str(per_client),
        "DJANGO_EXPORT_SLOTS_DIR": f"{scratch}/slots",
        "DJANGO_IMPORTS_DIR": f"{scratch}/imports",
        "DJANGO_GPKG_MAX_EVENTS": str(EVENTS),
    }
    command = [
        str(ROOT / ".venv/bin/gunicorn"), "conflictmap.wsgi", "--workers", "3",
        "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    if threads > 1:  # as make serve: a worker whose threads are all busy accepts no more
        command += ["--worker-connections", str(threads)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)
        shutil.rmtree(scratch, ignore_errors=True)


# One client, in a process of its own: the probe's timings must not include waiting for this
# process's own interpreter lock while four readers decode 130 MB.
DOWNLOADER = """
import http.client, json, sys, time
host, port, path, client = sys.argv[1:5]
started = time.perf_counter()
connection = http.client.HTTPConnection(host, int(port), timeout=600, source_address=(client, 0))
connection.request("GET", path)
answer = connection.getresponse()
size = 0
while chunk := answer.read(1 << 20):
    size += len(chunk)
print(json.dumps([path, answer.status, size, time.perf_counter() - started]))
"""


def healthz_under_load(base: str) -> dict:
    host, port = base.removeprefix("http://").split(":")
    clients = [
        # Each from its own loopback address, as four people would be.
        subprocess.Popen(
            [sys.executable, "-c", DOWNLOADER, host, port, path, f"127.0.0.{2 + n}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n, path in enumerate(DOWNLOADS)
    ]
    latencies = []
    while any(client.poll() is None for client in clients):
        started = time.perf_counter()
        try:
            body = urllib.request.urlopen(base + "/healthz", timeout=60).read()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"/healthz answered {error.code}: {error.read()[:300]!r}") from None
        latencies.append(time.perf_counter() - started)
        assert json.loads(body)["status"] == "ok"
        time.sleep(0.05)
    results = [json.loads(client.communicate()[0].strip().splitlines()[-1]) for client in clients]
    latencies.sort()
    ran = [r for r in results if r[1] == 200]
    return {
        "healthz_p50_ms": 1000 * latencies[len(latencies) // 2],
        "healthz_p95_ms": 1000 * latencies[min(len(latencies) - 1, round(0.95 * len(latencies)))],
        "healthz_max_ms": 1000 * latencies[-1],
        "probes": len(latencies),
        "ran": len(ran),
        "refused_429": sum(1 for r in results if r[1] == 429),
        "errors": sorted({r[1] for r in results} - {200, 429}),
        "slowest_s": max((r[3] for r in ran), default=0.0),
        "megabytes": sum(r[2] for r in ran) / 2**20,
    }


def main() -> None:
    rows = []
    for url in database_urls(EVENTS):
        url = url.replace("bench_scale", "bench_downloads")
        if url.startswith("postgis"):
            from bench_scale import postgis_database

            url = postgis_database(f"conflictmap_bench_downloads_{EVENTS}")
        ensure(url, EVENTS)
        kind = "postgis" if url.startswith("postgis") else "spatialite"
        for name, config in CONFIGS.items():
            if ONLY and name not in ONLY.split(","):
                continue
            with served(url, **config) as base:
                figures = healthz_under_load(base)
            rows.append((kind, name, figures))
            print(kind, name, json.dumps(figures), file=sys.stderr)
    print(f"\n### /healthz while four whole-database downloads run, {EVENTS:,} events "
          f"({time.strftime('%Y-%m-%d')})\n")  # fmt: skip
    print("| database | server | downloads run / refused (429) | slowest download | "
          "/healthz p50 / p95 / max |")  # fmt: skip
    print("|---|---|---|---|---|")
    for kind, name, f in rows:
        print(
            f"| {kind} | {name} | {f['ran']} / {f['refused_429']}"
            f"{' (errors: ' + str(f['errors']) + ')' if f['errors'] else ''} | "
            f"{f['slowest_s']:.1f} s | {f['healthz_p50_ms']:.0f} / {f['healthz_p95_ms']:.0f} / "
            f"{f['healthz_max_ms']:.0f} ms ({f['probes']} probes) |"
        )


if __name__ == "__main__":
    main()
