"""Is the geocoder ever confidently wrong? Leave-one-out on real place names.

The rows: the UCDP GED sample's events in the countries the offline gazetteer covers (SY, IQ,
JO, LB, TR) that UCDP places at a named place (where_prec 1 or 2), with the names as UCDP
wrote them ("Khaldiya village"), their governorate ("Ar Raqqah governorate") and UCDP's own
coordinates as the truth. The gazetteer: GeoNames' places of those countries plus every other
row of the file (as an import makes them), each row's own entry left out when no other row
names the same place. Each row's name is resolved three ways side by side: with the row's
country and governorate as hints, with the country only, with no hint.

Outcomes: within 2 / 10 / 25 km of the truth, wrong (> 25 km, with the precision claimed),
ambiguous (candidates and no point), not found. Targets (issue 8): wrong ≤ 2 % of the answers
given, and no wrong answer claiming precision 1.

    .venv/bin/python bench/bench_geocoding_truth.py
"""

import csv
import os
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ["DATABASE_URL"] = f"spatialite:///{ROOT / 'var' / 'bench_geocoding.sqlite3'}"
SAMPLE = ROOT / "tests" / "data" / "ucdp_ged_sample.csv"
COUNTRIES = {"SY", "IQ", "JO", "LB", "TR"}
FILE_IDS = 10_000_000  # ids of the file's own entries, apart from the database's places


def load_rows() -> list[dict]:
    from events.interchange import countries

    rows = []
    with open(SAMPLE, encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            code = countries.code_of(row["country"])
            if code in COUNTRIES and row["where_prec"] in {"1", "2"}:
                rows.append(
                    {
                        "name": row["where_coordinates"],
                        "admin1": row["adm_1"],
                        "country": code,
                        "lat": float(row["latitude"]),
                        "lon": float(row["longitude"]),
                        "precision": 1 if row["where_prec"] == "1" else 2,
                    }
                )
    return rows


def file_entries(rows: list[dict]) -> tuple[list, dict[tuple, int], Counter]:
    """One gazetteer entry per distinct (name, country, point) of the file, and row counts."""
    from events.geocoding.place_index import Entry

    entries, ids, counts = [], {}, Counter()
    for row in rows:
        key = (row["name"], row["country"], round(row["lat"], 4), round(row["lon"], 4))
        counts[key] += 1
        if key not in ids:
            ids[key] = FILE_IDS + len(ids)
            entries.append(
                Entry(
                    ids[key],
                    row["name"],
                    row["country"],
                    row["lat"],
                    row["lon"],
                    "other",
                    0,
                    True,
                    row["precision"],
                    row["admin1"],
                )
            )
    return entries, ids, counts


@contextmanager
def left_out(index, place_id: int):
    """The index without one place's names, put back afterwards."""
    removed = []
    for table in (index.by_key, index.by_skeleton):
        for places in table.values():
            if place_id in places:
                removed.append((places, places.pop(place_id)))
    try:
        yield
    finally:
        for places, name in removed:
            places[place_id] = name


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from geopy.distance import geodesic

    return geodesic(a, b).km


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from events.geocoding import resolve
    from events.geocoding.place_index import GazetteerIndex, build_index
    from events.models import Place

    call_command("migrate", verbosity=0)
    if Place.objects.count() < 4000:
        with open(os.devnull, "w") as quiet:
            call_command("load_gazetteer", stdout=quiet)
    base = build_index()
    rows = load_rows()
    entries, ids, counts = file_entries(rows)
    alternates = [
        (pid, name)
        for pid, names in Place.objects.values_list("id", "alternate_names")
        for name in names or []
    ]
    index = GazetteerIndex([*base.places.values(), *entries], alternates)

    ways = {
        "country and governorate": lambda r: {"country": r["country"], "admin1": r["admin1"]},
        "country only": lambda r: {"country": r["country"]},
        "no hint": lambda r: {},
    }
    results = {way: Counter() for way in ways}
    wrong_examples = {way: [] for way in ways}
    started = time.perf_counter()
    for row in rows:
        key = (row["name"], row["country"], round(row["lat"], 4), round(row["lon"], 4))
        own = ids[key]
        for way, hints in ways.items():
            with left_out(index, own) if counts[key] == 1 else _nothing():
                answer = resolve(row["name"], index=index, **hints(row))
            tally = results[way]
            if answer.ok:
                distance = km((row["lat"], row["lon"]), (answer.lat, answer.lon))
                if distance <= 2:
                    tally["≤ 2 km"] += 1
                elif distance <= 10:
                    tally["2–10 km"] += 1
                elif distance <= 25:
                    tally["10–25 km"] += 1
                else:
                    tally["wrong"] += 1
                    tally[f"wrong, precision {answer.geo_precision}"] += 1
                    wrong_examples[way].append((row, answer, distance))
            elif answer.alternatives:
                tally["ambiguous"] += 1
            else:
                tally["not found"] += 1
    seconds = time.perf_counter() - started

    singles = sum(
        1
        for row in rows
        if counts[(row["name"], row["country"], round(row["lat"], 4), round(row["lon"], 4))] == 1
    )
    print(
        f"\n### Leave-one-out on {len(rows):,} real place names (UCDP GED sample, SY IQ JO LB TR, "
        f"{len(ids):,} distinct; {singles:,} named by no other row)\n"
    )
    print(
        "| hints | ≤ 2 km | 2–10 km | 10–25 km | wrong (> 25 km) | of them precision 1 | "
        "ambiguous | not found | wrong / answers |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for way, tally in results.items():
        answers = tally["≤ 2 km"] + tally["2–10 km"] + tally["10–25 km"] + tally["wrong"]
        share = tally["wrong"] / answers if answers else 0
        print(
            f"| {way} | {tally['≤ 2 km']} | {tally['2–10 km']} | {tally['10–25 km']} | "
            f"{tally['wrong']} | {tally['wrong, precision 1']} | {tally['ambiguous']} | "
            f"{tally['not found']} | {share:.1%} |"
        )
    print(f"\n{len(rows) * len(ways):,} resolutions in {seconds:.1f} s.")
    for row, answer, distance in [w for way in ways for w in wrong_examples[way]][:15]:
        print(
            f"  wrong: {row['name']!r} ({row['admin1']}, {row['country']}) → {answer.place_name} "
            f"{distance:.0f} km off, precision {answer.geo_precision}, {answer.method}",
            file=sys.stderr,
        )


@contextmanager
def _nothing():
    yield


if __name__ == "__main__":
    main()
