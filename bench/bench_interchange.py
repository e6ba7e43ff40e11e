"""Imports and exports at scale.

1. Import 100,000 generated ACLED rows (current layout: 300 places, 60 actors, 40 sources) on a
   fresh SpatiaLite file and a fresh PostGIS database, each in its own process: rows/s.
2. Beside it, a real-shaped file: 20,000 rows in the 2019–2022 layout, 20 % distinct locations
   (4,000 places, Arabic place-name shapes, Syria and Iraq), ~2,000 actors with a long tail, an
   actor on both sides now and then, 1–3 sources a row, long notes; imported into a database
   that holds the offline gazetteer of SY and IQ, as a real one does: rows/s.
3. Export 1,000,000 events as ACLED CSV from SpatiaLite, in a child process: its peak memory
   (ru_maxrss) and rows/s.

    .venv/bin/python bench/bench_interchange.py [--rows 100000] [--real-rows 20000]
        [--export-events 1000000]
"""

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PG = os.environ.get(
    "BENCH_POSTGIS_URL", "postgis://postgres@127.0.0.1:5432/conflictmap_bench_import"
)
sys.path.insert(0, str(ROOT))


def generate_acled(path: Path, rows: int) -> None:
    from events.interchange.acled import COLUMNS
    from events.lib.taxonomy import SUB_EVENT_TYPES, EventType, SubEventType

    rng = random.Random(2017)
    pairs = [(t, s) for t, subs in SUB_EVENT_TYPES.items() for s in subs]
    places = [(f"Place {i}", 32.5 + rng.random() * 4, 36 + rng.random() * 5) for i in range(300)]
    actors = [
        (
            f"Bench actor {i}",
            ["State forces", "Rebel group", "Political militia", "Civilians"][i % 4],
        )
        for i in range(60)
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for i in range(rows):
            event_type, sub = pairs[i % len(pairs)]
            name, lat, lon = places[i % len(places)]
            a1, a2 = actors[i % 60], actors[(i * 7 + 3) % 60]
            day = f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}"
            values = {
                "event_id_cnty": f"BEN{i}",
                "event_date": day,
                "year": "2017",
                "time_precision": "1",
                "disorder_type": "",
                "event_type": EventType(event_type).label,
                "sub_event_type": SubEventType(sub).label,
                "actor1": a1[0],
                "assoc_actor_1": actors[(i + 11) % 60][0] if i % 3 == 0 else "",
                "inter1": a1[1],
                "actor2": a2[0],
                "assoc_actor_2": "",
                "inter2": a2[1],
                "interaction": "",
                "civilian_targeting": "",
                "iso": "760",
                "region": "Middle East",
                "country": "Syria",
                "admin1": "Rif Dimashq",
                "admin2": "",
                "admin3": "",
                "location": name,
                "latitude": f"{lat:.4f}",
                "longitude": f"{lon:.4f}",
                "geo_precision": "1",
                "source": f"Bench source {i % 40}",
                "source_scale": "National",
                "notes": f"Generated row {i} for the import benchmark.",
                "fatalities": str(i % 9),
                "tags": "",
                "timestamp": "1618505430",
            }
            writer.writerow([values[c] for c in COLUMNS])
            if i % 20_000 == 0:
                print(f"\r  generating rows: {i:,}/{rows:,}", end="", file=sys.stderr, flush=True)
    print(f"\r  generating rows: {rows:,}/{rows:,}", file=sys.stderr)


SYLLABLES = ["kafr", "tal", "deir", "ain", "bir", "qasr", "jabal", "umm", "abu", "khirbet"]
ROOTS = [
    "nabl",
    "dakwa",
    "hamra",
    "zur",
    "shams",
    "rifa",
    "salam",
    "nur",
    "hajar",
    "tuba",
    "kharab",
    "sinn",
    "batin",
    "ward",
    "jisr",
    "hadid",
    "ghazal",
    "suwayd",
    "safa",
    "raml",
]


def generate_real_shaped(path: Path, rows: int) -> None:
    """Rows shaped like a real ACLED download (see the module docstring)."""
    from events.interchange.acled import COLUMNS

    rng = random.Random(2020)
    # The 2019–2022 layout: today's columns but the three added since, `iso` at the front, and
    # the three dropped since (data_id, event_id_no_cnty, iso3).
    not_there = {"disorder_type", "civilian_targeting", "iso", "tags"}
    header = ["data_id", "iso"]
    for column in COLUMNS:
        if column not in not_there:
            header += [column, "event_id_no_cnty"] if column == "event_id_cnty" else [column]
    header.append("iso3")
    pairs = [
        ("Battles", "Armed clash", 12),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", 12),
        ("Explosions/Remote violence", "Air/drone strike", 18),
        ("Violence against civilians", "Attack", 37),
        ("Protests", "Peaceful protest", 60),
        ("Strategic developments", "Looting/property destruction", 10),
    ]
    countries = [
        ("760", "Syria", "SYR", 32.5, 37.0, 35.8, 42.0),
        ("368", "Iraq", "IRQ", 29.5, 37.0, 39.0, 48.0),
    ]
    locations = []
    for i in range(max(1, rows // 5)):
        iso, country, iso3, lat0, lat1, lon0, lon1 = countries[i % 5 >= 3]
        name = f"{rng.choice(SYLLABLES).title()} {rng.choice(ROOTS).title()}"
        if i >= len(SYLLABLES) * len(ROOTS):
            name += f" {rng.choice(['al-Sharqi', 'al-Gharbi', 'al-Kabir', 'al-Saghir'])} {i}"
        locations.append(
            (
                iso,
                country,
                iso3,
                f"{country} Gov {i % 14}",
                f"District {i % 60}",
                name,
                rng.uniform(lat0, lat1),
                rng.uniform(lon0, lon1),
            )
        )
    actors = [f"Armed group {i} ({rng.choice(['Syria', 'Iraq'])})" for i in range(rows // 10)]
    sources = [f"Source {i}" for i in range(rows // 20)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(rows):
            event_type, sub, code = pairs[i % len(pairs)]
            iso, country, iso3, admin1, admin2, name, lat, lon = rng.choice(locations)
            a1 = actors[min(int(rng.paretovariate(1.2)) - 1, len(actors) - 1)]
            a2 = a1 if i % 40 == 0 else rng.choice(actors)
            inter1, inter2 = str(code // 10), str(code % 10)
            writer.writerow(
                [
                    str(9_000_000 + i),
                    iso,
                    f"{iso3[:3]}{i}",
                    str(i),
                    f"{1 + i % 28}-{['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'][i % 6]}-20",
                    "2020",
                    str(1 + (i % 10 == 0)),
                    event_type,
                    sub,
                    a1,
                    "; ".join(rng.sample(actors, 2)) if i % 4 == 0 else "",
                    inter1,
                    a2 if inter2 != "0" else "",
                    "",
                    inter2 if inter2 != "0" else "0",
                    str(code),
                    "Middle East",
                    country,
                    admin1,
                    admin2,
                    "",
                    name,
                    f"{lat:.4f}",
                    f"{lon:.4f}",
                    str(1 + (i % 7 == 0)),
                    "; ".join(rng.sample(sources, 1 + i % 3)),
                    "National",
                    f"On {i % 28 + 1} May 2020, an incident was reported near {name}. " * 4,
                    str(i % 5),
                    "1589300000",
                    iso3,
                ]
            )


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def import_once(database_url: str, path: Path, gazetteer: bool = False) -> dict:
    setup_django(database_url)
    from django.db import connection

    from events.services.imports.events import import_events

    if gazetteer:
        from events.services.gazetteer import load_geonames

        load_geonames(["SY", "IQ"])
    report = import_events(path, "acled", status="published")
    assert report.ok and report.committed, report.problem_lines()[:5]
    return {
        "vendor": connection.vendor,
        "rows": report.rows,
        "seconds": report.seconds,
        "places": report.places_created,
        "actors": report.actors_created,
    }


def fill_events(n: int) -> None:
    """n published events with an actor pair and a citation each, written in bulk."""
    from django.contrib.gis.geos import Point

    from events.models import Actor, Citation, Event, EventActor, Place, Source

    if Event.objects.count() >= n:
        return
    rng = random.Random(1)
    actors = [
        Actor.objects.create(name=f"Export actor {i}", actor_type=1 + i % 8) for i in range(40)
    ]
    places = [
        Place.objects.create(
            name=f"Export place {i}", location=Point(36 + i / 100, 33, srid=4326), country_code="SY"
        )
        for i in range(200)
    ]
    source = Source.objects.create(title="Export source", publisher="Bench")
    batch = 20_000
    for offset in range(Event.objects.count(), n, batch):
        events = Event.objects.bulk_create(
            Event(
                title=f"Export event {i}",
                start_date="2017-06-01",
                end_date="2017-06-01",
                event_type="battles",
                sub_event_type="armed_clash",
                status="published",
                location=Point(rng.uniform(36, 41), rng.uniform(32.5, 36.5), srid=4326),
                place=places[i % 200],
                summary="Generated for the export benchmark.",
                fatalities_best=i % 7,
                acled_id=f"EXP{i}",
            )
            for i in range(offset, min(n, offset + batch))
        )
        EventActor.objects.bulk_create(
            EventActor(event=e, actor=actors[(k + j) % 40], role=role)
            for k, e in enumerate(events)
            for j, role in enumerate(("side_a", "side_b"))
        )
        Citation.objects.bulk_create(Citation(event=e, source=source) for e in events)
        print(
            f"\r  filling events: {min(n, offset + batch):,}/{n:,}",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)


def export_once(database_url: str) -> dict:
    """Export every event as ACLED CSV to /dev/null; this process's own peak memory."""
    setup_django(database_url)
    from django.core.management import call_command

    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("export_events", "--format", "acled", "--output", os.devnull, stderr=quiet)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb}


def fresh_databases() -> list[str]:
    """A new SpatiaLite file, and a new PostGIS database when PostgreSQL answers."""
    (VAR / "bench_import.sqlite3").unlink(missing_ok=True)
    urls = [f"spatialite:///{VAR / 'bench_import.sqlite3'}"]
    name = PG.rsplit("/", 1)[1]
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
    if subprocess.run([*psql, "-tAc", "SELECT 1"], capture_output=True).returncode == 0:
        subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True)
        subprocess.run([*psql, "-c", f"CREATE DATABASE {name}"], capture_output=True, check=True)
        subprocess.run(
            [*psql, "-d", name, "-c", "CREATE EXTENSION postgis"], capture_output=True, check=True
        )
        urls.append(PG)
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--export-events", type=int, default=1_000_000)
    parser.add_argument("--real-rows", type=int, default=20_000)
    parser.add_argument("--import-only", action="store_true", help="skip the export")
    parser.add_argument("--import-one", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--fill", help=argparse.SUPPRESS)
    parser.add_argument("--export-one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_one:
        print(json.dumps(export_once(args.export_one)))
        return
    if args.import_one:
        url, path, gazetteer = args.import_one
        print(json.dumps(import_once(url, Path(path), gazetteer == "gazetteer")))
        return
    if args.fill:
        setup_django(args.fill)
        fill_events(args.export_events)
        return

    VAR.mkdir(exist_ok=True)
    source = VAR / f"bench_acled_{args.rows}.csv"
    if not source.exists():
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
        os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
        import django

        django.setup()  # for the taxonomy's labels; no database is touched
        generate_acled(source, args.rows)
    real = VAR / f"bench_acled_real_shaped_{args.real_rows}.csv"
    if not real.exists():
        generate_real_shaped(real, args.real_rows)
    print("\n### Import of generated and real-shaped ACLED rows (fresh databases)\n")
    print("| database | file | rows | seconds | rows/s | new places | new actors |")
    print("|---|---|---|---|---|---|---|")
    for label, path, gazetteer in (
        (f"generated ({args.rows:,} rows, 300 places)", source, "none"),
        ("real-shaped (20 % distinct locations, gazetteer loaded)", real, "gazetteer"),
    ):
        for url in fresh_databases():
            result = subprocess.run(
                [sys.executable, __file__, "--import-one", url, str(path), gazetteer],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if result.returncode:
                sys.exit(result.stderr)
            r = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"| {r['vendor']} | {label} | {r['rows']:,} | {r['seconds']:.1f} | "
                f"{r['rows'] / r['seconds']:,.0f} | {r['places']:,} | {r['actors']:,} |"
            )
    if args.import_only:
        return

    export_db = f"spatialite:///{VAR / 'bench_export.sqlite3'}"
    subprocess.run(
        [sys.executable, __file__, "--fill", export_db, "--export-events", str(args.export_events)],
        check=True,
        cwd=ROOT,
    )
    result = subprocess.run(
        [sys.executable, __file__, "--export-one", export_db],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    seconds, peak_mb = measured["seconds"], measured["peak_mb"]
    print(f"\n### Export of {args.export_events:,} events as ACLED CSV (SpatiaLite)\n")
    print("| events | seconds | rows/s | peak memory of the exporting process |")
    print("|---|---|---|---|")
    print(
        f"| {args.export_events:,} | {seconds:.0f} | {args.export_events / seconds:,.0f} | "
        f"{peak_mb:.0f} MB |"
    )


if __name__ == "__main__":
    main()
