"""The map's calls under load: gunicorn (4 workers, debug off) on PostGIS at 127.0.0.1, 32
clients for 60 s (wrk), repeating what a map asks when many people look at the same views: the
view's events or cells, the zones of the day, the timeline, an event's facts. On the demo and on
100,000 synthetic events; each with the answers cached per data version (the site as it runs)
and, side by side in the same run, with no cache at all (CACHE_URL=none: every request
computes its answer, as before the cache covered every public read).

    .venv/bin/python bench/bench_load.py [--seconds 60] [--clients 32] [--sizes demo,100000]

Needs Debian's wrk (`make loadtest` installs it when missing) and the PostgreSQL server on
127.0.0.1:5432 with PostGIS.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from bench_scale import (
    PSQL,
    ROOT,
    VAR,
    ensure,
    env_for,
    free_port,
    postgis_database,
    wait_until_up,
)

PY = sys.executable
LUA = r"""
local paths = {PATHS}
local counter = 0
local errors = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
response = function(status, headers, body)
  if status >= 400 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, ' ..
    '"socket_errors": %d, "http_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""

DEMO_PATHS = [
    "/api/events/view.json?bbox=34.5,31.0,41.0,35.5&zoom=7",
    "/api/events/view.json?bbox=36.0,32.5,38.0,34.0&zoom=9&start=2017-06-01&end=2017-06-30",
    "/api/zones.geojson?date=2017-06-21",
    "/api/zones.geojson?date=2017-05-01",
    "/api/timeline.json",
    "/api/timeline.json?type=battles",
]
SCALE_PATHS = [
    "/api/events/view.json?bbox=34.0,29.0,49.0,38.0&zoom=6",
    "/api/events/view.json?bbox=36.5,35.7,37.7,36.7&zoom=10&start=2016-03-01&end=2016-03-31",
    "/api/zones.geojson?date=2016-06-01",
    "/api/timeline.json",
    "/api/timeline.json?type=battles",
    "/api/events/view.json?bbox=35.5,32.3,42.4,37.4&zoom=7&start=2019-01-01&end=2019-12-31",
]


def demo_database() -> str:
    url = postgis_database("conflictmap_load_demo")
    env = env_for(url)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "load_demo"], cwd=ROOT, env=env, capture_output=True)
    return url


def facts_paths(url: str, count: int = 4) -> list[str]:
    code = (
        "from events.models import Event; print(json.dumps(list(Event.objects.filter("
        f"status='published').order_by('pk').values_list('pk', flat=True)[:{count}])))"
    )
    out = (
        subprocess.run(
            [PY, "manage.py", "shell", "--no-imports", "-c", "import json; " + code],
            cwd=ROOT,
            env=env_for(url),
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return [f"/api/events/{pk}.json" for pk in json.loads(out)]


def load(url: str, paths: list[str], *, cache: str, seconds: int, clients: int) -> dict:
    port = free_port()
    env = {**env_for(url), "DJANGO_DEBUG": "0", "CACHE_URL": cache}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "conflictmap.wsgi",
            "-w",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA.replace("{PATHS}", "{" + ", ".join(json.dumps(p) for p in paths) + "}"))
    try:
        wait_until_up(base)
        result = subprocess.run(
            ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "-s", script.name, base],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        os.unlink(script.name)
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    answer["rps"] = answer["requests"] / answer["seconds"]
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--sizes", default="demo,100000")
    args = parser.parse_args()
    # Within `make bench`, a machine without wrk or PostgreSQL says so and goes on.
    if shutil.which("wrk") is None:
        print("bench_load: wrk not found, not run (`make loadtest` installs Debian's wrk).")
        return
    if subprocess.run([*PSQL, "-tAc", "SELECT 1"], capture_output=True).returncode:
        print("bench_load: PostgreSQL does not answer on 127.0.0.1:5432, not run.")
        return
    VAR.mkdir(exist_ok=True)
    rows = []
    for size in args.sizes.split(","):
        if size == "demo":
            url, paths = demo_database(), list(DEMO_PATHS)
        else:
            url = postgis_database(f"conflictmap_bench_scale_{int(size)}")
            ensure(url, int(size))
            paths = list(SCALE_PATHS)
        paths += facts_paths(url)
        for cache in ("db", "none"):
            result = load(url, paths, cache=cache, seconds=args.seconds, clients=args.clients)
            label = "cached per data version" if cache == "db" else "no cache"
            rows.append((size, label, result))
            print(f"  {size} {label}: {result['rps']:.0f} requests/s", file=sys.stderr)
    print(f"\n### Load: {args.clients} clients × {args.seconds} s, gunicorn 4 workers, PostGIS\n")
    print("| events | answers | requests/s | p50 | p95 | p99 | errors |")
    print("|---|---|---|---|---|---|---|")
    for size, label, r in rows:
        errors = r["socket_errors"] + r["http_errors"]
        print(
            f"| {size} | {label} | {r['rps']:,.0f} | {r['p50']:.0f} ms | {r['p95']:.0f} ms "
            f"| {r['p99']:.0f} ms | {errors} |"
        )
    for size in dict.fromkeys(size for size, _, _ in rows):
        cached, plain = (r["rps"] for s, _, r in rows if s == size)
        print(f"\n{size}: the cache answers {cached / plain:.1f}× the requests/s of no cache.")


if __name__ == "__main__":
    main()
