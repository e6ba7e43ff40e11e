"""The events API on N synthetic events: GeoJSON built by the database vs. built in Python.

Runs once per database (SpatiaLite file under var/, and PostGIS when reachable), each in its
own process, and prints a Markdown table. Both ways are timed in the same process, alternately,
so their ratio is fair on a noisy machine. A third column times the map in Chromium: from
navigation to the count shown, with every event fetched and drawn.

    .venv/bin/python bench/bench_api.py [--events 20000] [--repeat 3]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTGIS_URL = os.environ.get(
    "BENCH_POSTGIS_URL", "postgis://postgres@127.0.0.1:5432/conflictmap_bench"
)


def progress(done: int, total: int, label: str) -> None:
    print(
        f"\r  {label}: {done:,}/{total:,}",
        end="" if done < total else "\n",
        file=sys.stderr,
        flush=True,
    )


def generate(n: int) -> None:
    """N published events with two actors and a citation each, spread over the Badia."""
    import random

    from django.contrib.gis.geos import Point

    from events.models import Actor, Citation, Event, EventActor, Source

    rng = random.Random(2017)
    actors = [
        Actor.objects.create(name=f"Bench actor {i}", actor_type=1 + i % 8) for i in range(40)
    ]
    source = Source.objects.create(title="Bench source", published_on="2017-06-21")
    batch = 2000
    for offset in range(0, n, batch):
        events = Event.objects.bulk_create(
            Event(
                title=f"Bench event {i}",
                start_date=f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}",
                end_date=f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}",
                event_type="battles",
                sub_event_type="armed_clash",
                status="published",
                geo_precision=1 + i % 3,
                location=Point(rng.uniform(36, 41), rng.uniform(32.5, 36.5), srid=4326),
                summary="Synthetic event for the benchmark. " * 3,
                fatalities_best=i % 30,
            )
            for i in range(offset, min(n, offset + batch))
        )
        EventActor.objects.bulk_create(
            EventActor(event=e, actor=actors[(k + j) % 40], role=role)
            for k, e in enumerate(events)
            for j, role in enumerate(("side_a", "side_b"))
        )
        Citation.objects.bulk_create(
            Citation(event=e, source=source, quote="a quote") for e in events
        )
        progress(min(n, offset + batch), n, "generating events")


def python_built() -> int:
    """The baseline: every event as Python objects, serialised by json.dumps."""
    from events.models import Event

    events = (
        Event.objects.filter(status="published")
        .select_related("place")
        .prefetch_related("event_actors__actor", "citations__source")
        .order_by("start_date", "id")
    )
    features = []
    for e in events:
        features.append(
            {
                "type": "Feature",
                "id": e.pk,
                "geometry": json.loads(e.location.geojson),
                "properties": {
                    "id": e.pk,
                    "title": e.title,
                    "start_date": e.start_date.isoformat(),
                    "end_date": e.end_date.isoformat(),
                    "event_type": e.event_type,
                    "event_type_label": e.get_event_type_display(),
                    "sub_event_type_label": e.get_sub_event_type_display(),
                    "geo_precision": e.geo_precision,
                    "location_note": e.location_note,
                    "fatalities": {
                        "low": e.fatalities_low,
                        "best": e.fatalities_best,
                        "high": e.fatalities_high,
                    },
                    "summary": e.summary,
                    "place": e.place.name if e.place else None,
                    "actors": [
                        {"id": a.actor_id, "name": a.actor.name, "role": a.role}
                        for a in e.event_actors.all()
                    ],
                    "sources": [
                        {"title": c.source.title, "quote": c.quote} for c in e.citations.all()
                    ],
                },
            }
        )
    return len(json.dumps({"type": "FeatureCollection", "features": features}))


def database_built() -> int:
    from events.selectors.events import event_features, event_list_public
    from events.selectors.geojson import feature_collection

    return sum(len(chunk) for chunk in feature_collection(event_features(event_list_public())))


def browser_load_seconds(database_url: str, n: int) -> float:
    """Serve the map, open it in Chromium, time until every event is counted and drawn."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1", "MAP_TILES_URL": ""}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "127.0.0.1:8765"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            started = time.perf_counter()
            page.goto("http://127.0.0.1:8765/?z=11&lat=34.5&lon=38.5", timeout=120_000)
            # The map asks for its view only (the count is of the events in view): loaded
            # when the count is a number.
            page.wait_for_function(
                "() => /^[0-9]+$/.test("
                "document.querySelector('[data-testid=event-count]').textContent)",
                timeout=120_000,
            )
            elapsed = time.perf_counter() - started
            browser.close()
        return elapsed
    finally:
        server.terminate()
        server.wait()


def run_one(database_url: str, n: int, repeat: int) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    from events.models import Event

    call_command("migrate", verbosity=0)
    if Event.objects.count() != n:
        Event.objects.all().delete()
        generate(n)
    timings = {"database": [], "python": []}
    for _ in range(repeat):  # alternate, so that both see the same machine load
        for name, build in (("database", database_built), ("python", python_built)):
            started = time.perf_counter()
            build()
            timings[name].append(time.perf_counter() - started)
    from django.db import connection

    return {
        "vendor": connection.vendor,
        "database": statistics.median(timings["database"]),
        "python": statistics.median(timings["python"]),
        "browser": browser_load_seconds(database_url, n),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.events, args.repeat)))
        return

    urls = [f"spatialite:///{ROOT / 'var' / 'bench.sqlite3'}"]
    probe = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SELECT 1"],
        capture_output=True,
        text=True,
    )
    if probe.returncode == 0:
        name = POSTGIS_URL.rsplit("/", 1)[1]
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
            capture_output=True,
        )
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                name,
                "-c",
                "CREATE EXTENSION IF NOT EXISTS postgis",
            ],
            capture_output=True,
            check=True,
        )
        urls.append(POSTGIS_URL)
    else:
        print("PostGIS not reachable on 127.0.0.1:5432: SpatiaLite only.", file=sys.stderr)

    print(f"\n### Events API, {args.events:,} published events (median of {args.repeat})\n")
    print(
        "| database | built by the database | built in Python | ratio | map: load to first view |"
    )
    print("|---|---|---|---|---|")
    for url in urls:
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                url,
                "--events",
                str(args.events),
                "--repeat",
                str(args.repeat),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        sys.stderr.write(result.stderr)
        if result.returncode:
            sys.exit(result.returncode)
        r = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"| {r['vendor']} | {r['database']:.2f} s | {r['python']:.2f} s | "
            f"{r['python'] / r['database']:.1f}× | {r['browser']:.2f} s |"
        )


if __name__ == "__main__":
    main()
