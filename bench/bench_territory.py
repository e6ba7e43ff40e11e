"""The territory series (issue 13): 1,000 published control zones over five years, 25
controllers each redrawing its ground every ~7 weeks (irregular 96-vertex polygons of 10–45 km
around towns), with the Syrian gazetteer's 4,600 places for the population estimate.

On PostGIS and SpatiaLite, in one process per database:
- `territory_series` for the five years by week (261 dates), by month and by day (1,826 dates):
  every zone measured once in SQL, the dates only adding up the measures of their zones;
- side by side, the obvious way: for each date and controller, the union of its zones and its
  geodesic area in SQL (timed on one date in ten, scaled to all of them);
- the demo's ten zones measured by each database, for the comparison of their areas.

    .venv/bin/python bench/bench_territory.py
"""

import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_scale import PSQL, postgis_database  # noqa: E402
from children import run_child, setup_django  # noqa: E402

START, YEARS, ZONES, CONTROLLERS = date(2015, 1, 1), 5, 1000, 25
TOWNS = [
    (36.20, 37.13),
    (33.51, 36.29),
    (34.73, 36.71),
    (35.13, 36.76),
    (35.34, 40.14),
    (35.95, 39.01),
    (34.55, 38.28),
    (33.30, 36.95),
    (32.62, 36.10),
    (36.53, 40.74),
]


def child(url: str) -> None:
    """Runs inside the database's own process: fills it once, then times."""
    setup_django(url)

    from django.contrib.gis.db.models import Union

    from events.demo.loading import DemoNotLoaded, load_demo
    from events.lib.sql import GeodesicArea
    from events.models import ControlZone, Place
    from events.selectors.territory import step_dates, territory_series
    from events.services.gazetteer import load_geonames

    if not Place.objects.filter(geonames_id__isnull=False).exists():
        load_geonames(["SY"])
    with suppress(DemoNotLoaded):  # a PostGIS database kept from an earlier run
        load_demo()
    demo_areas = {
        f"{z} ({z.status})": z.m2 / 1e6
        for z in ControlZone.objects.exclude(note__startswith="Bench").annotate(
            m2=GeodesicArea("geometry")
        )
    }
    if ControlZone.objects.filter(note__startswith="Bench").count() != ZONES:
        fill()
    end = START + timedelta(days=365 * YEARS)
    results = {"demo_areas": demo_areas}
    for step in ("week", "month", "day"):
        times = []
        for _ in range(3):
            began = time.perf_counter()
            answer = territory_series(start=START, end=end, step=step, country="Syria")
            times.append(time.perf_counter() - began)
        results[step] = {
            "seconds": statistics.median(times),
            "dates": len(step_dates(START, end, step)),
            "rows": len(answer["series"]),
        }
    # The obvious way, on one week in ten: each controller's union, measured per date.
    sample = step_dates(START, end, "week")[::10]
    began = time.perf_counter()
    for day in sample:
        zones = ControlZone.objects.valid_on(day).filter(publication="published")
        for actor in zones.values_list("actor_id", flat=True).distinct():
            zones.filter(actor_id=actor).aggregate(a=GeodesicArea(Union("geometry")))
    per_date = (time.perf_counter() - began) / len(sample)
    results["naive_week_seconds"] = per_date * results["week"]["dates"]
    print(json.dumps(results))


def fill() -> None:
    from django.contrib.gis.geos import MultiPolygon, Polygon
    from django.db import transaction

    from events.lib.geodesy import destination
    from events.models import Actor, ControlZone, PublicationStatus, Source, ZoneCitation

    rng = random.Random(13)
    ControlZone.objects.filter(note__startswith="Bench").delete()
    source, _ = Source.objects.get_or_create(title="Bench zones")
    controllers = [
        Actor.objects.get_or_create(name=f"Bench controller {i}", defaults={"actor_type": 2})[0]
        for i in range(CONTROLLERS)
    ]
    per_controller = ZONES // CONTROLLERS
    span = 365 * YEARS
    zones = []
    for index, actor in enumerate(controllers):
        lat, lon = TOWNS[index % len(TOWNS)]
        lat += rng.uniform(-0.8, 0.8)
        lon += rng.uniform(-0.8, 0.8)
        for k in range(per_controller):
            first = START + timedelta(days=k * span // per_controller)
            last = START + timedelta(days=(k + 1) * span // per_controller - 1)
            base = rng.uniform(10, 45)
            ring = [
                destination(
                    lat, lon, bearing=b * 3.75, km=base * (1 + 0.25 * math.sin(b / 3 + k))
                ).coords
                for b in range(96)
            ]
            zones.append(
                ControlZone(
                    actor=actor,
                    geometry=MultiPolygon(Polygon([*ring, ring[0]]), srid=4326),
                    valid_from=first,
                    valid_to=last,
                    note=f"Bench zone {index}-{k}",
                    publication=PublicationStatus.PUBLISHED,
                )
            )
    with transaction.atomic():
        made = ControlZone.objects.bulk_create(zones, batch_size=200)
        ZoneCitation.objects.bulk_create(ZoneCitation(zone=z, source=source) for z in made)


def run(url: str) -> dict:
    return run_child(__file__, url)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-territory-", dir=ROOT / "var") as work:
        runs = {"SpatiaLite": run(f"spatialite:///{Path(work) / 'db.sqlite3'}")}
        if subprocess.run([*PSQL, "-tAc", "SELECT 1"], capture_output=True).returncode == 0:
            runs["PostGIS"] = run(postgis_database("conflictmap_bench_territory"))
    print(f"Territory series, {ZONES:,} zones over {YEARS} years, {CONTROLLERS} controllers")
    print("| database | by week | by month | by day | the obvious way, by week | ratio |")
    print("|---|---|---|---|---|---|")
    for name, result in runs.items():
        week = result["week"]
        print(
            f"| {name} | {week['seconds']:.2f} s ({week['dates']} dates) "
            f"| {result['month']['seconds']:.2f} s | {result['day']['seconds']:.2f} s "
            f"({result['day']['dates']} dates) | {result['naive_week_seconds']:.1f} s "
            f"| {result['naive_week_seconds'] / week['seconds']:.0f}× |"
        )
    if "PostGIS" in runs:
        print("\nThe demo's zones, km²: SpatiaLite | PostGIS | difference")
        worst = 0.0
        for zone, lite in sorted(runs["SpatiaLite"]["demo_areas"].items()):
            gis = runs["PostGIS"]["demo_areas"][zone]
            worst = max(worst, abs(lite - gis) / gis)
            print(f"| {zone} | {lite:,.3f} | {gis:,.3f} | {abs(lite - gis) / gis:.2e} |")
        print(f"largest relative difference: {worst:.2e}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
