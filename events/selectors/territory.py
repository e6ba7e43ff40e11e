"""Territory over time, read from the published control zones: how much ground each controller
holds on a series of dates (geodesic km², share of a country, people living there), and which
zones of different controllers claim the same ground on the same day.

Each zone is measured once per answer, in SQL (GeodesicArea on both databases); the dates then
only add up the measures of the zones valid on each, so a series of 260 weeks costs one query,
not 260. A controller's zones that overlap each other are measured again as one union, so that
no ground is counted twice.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.db.models import Union
from django.contrib.gis.db.models.functions import Intersection, PointOnSurface
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from events.lib.geodesy import geodesic_area_km2
from events.lib.sql import GeodesicArea
from events.models import Actor, ControlZone, Place, PublicationStatus
from events.models.zones import ControlStatus, ControlZoneQuerySet

M2_PER_KM2 = 1e6
# Overlaps smaller than this are the noise of redrawn shared edges, not ground claimed twice.
NOISE_KM2 = 0.01
STEPS = ("day", "week", "month")
MAX_STEPS = 3700  # ten years of days

# The country outlines the map draws (Natural Earth 1:10m, clipped to the region and simplified to
# about 200 m: areas within 0.1 % of the full-resolution outlines).
COUNTRIES_FILE = Path(settings.BASE_DIR) / "static" / "basemap" / "ne_10m_region_countries.geojson"

POPULATION_METHOD = (
    "An estimate: the sum of the recorded populations (GeoNames, through the gazetteer) of the "
    "populated places whose point lies inside the controller's zones. Places without a recorded "
    "population count as 0, people outside populated places are not counted, and the figures "
    "are those GeoNames gives, not the population on the date."
)
AREA_METHOD = (
    "Geodesic area on the WGS84 ellipsoid (PostGIS geography / SpatiaLite ellipsoidal ST_Area), "
    "in km²; share is the part of the area inside the country's outline (Natural Earth 1:10m) "
    "over the country's area."
)


@dataclass(frozen=True)
class Country:
    name: str
    outline: GEOSGeometry
    area_km2: float


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    collection = json.loads(COUNTRIES_FILE.read_text())
    countries = {}
    for feature in collection["features"]:
        outline = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
        name = feature["properties"]["name"]
        countries[name] = Country(name, outline, geodesic_area_km2(outline))
    return countries


def country_names() -> list[str]:
    return sorted(_countries())


def country_named(name: str) -> Country | None:
    return _countries().get(name)


def country_at(point: Point) -> Country | None:
    return next((c for c in _countries().values() if c.outline.intersects(point)), None)


def step_dates(start: date, end: date, step: str) -> list[date]:
    """start, start + 1 step, … up to end. A month step keeps the day of the month where the
    month has it (31 January, 28 February, 31 March)."""
    days: list[date] = []
    n = 0
    while True:
        if step == "day":
            day = start + timedelta(days=n)
        elif step == "week":
            day = start + timedelta(weeks=n)
        else:
            day = _months_after(start, n)
        if day > end or len(days) > MAX_STEPS:
            return days
        days.append(day)
        n += 1


def _months_after(day: date, n: int) -> date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


@dataclass(frozen=True)
class Measure:
    area_km2: float
    country_km2: float
    population: int

    @classmethod
    def of(cls, area_m2: float | None, inside_m2: float | None, people: int | None) -> "Measure":
        """From the databases' square metres (None: nothing there)."""
        return cls((area_m2 or 0) / M2_PER_KM2, (inside_m2 or 0) / M2_PER_KM2, people or 0)

    def __add__(self, other: "Measure") -> "Measure":
        return Measure(
            self.area_km2 + other.area_km2,
            self.country_km2 + other.country_km2,
            self.population + other.population,
        )


NOTHING = Measure(0.0, 0.0, 0)


def _population_inside(geometry_ref: OuterRef) -> Coalesce:
    people = (
        Place.objects.filter(location__within=geometry_ref, population__isnull=False)
        .order_by()
        .values(group=Value(1))
        .annotate(people=Sum("population"))
        .values("people")
    )
    return Coalesce(Subquery(people, output_field=IntegerField()), 0)


# One zone's row as the query reads it, with its measure; one controller's ground on a day.
MeasuredZone = tuple[Mapping[str, Any], Measure]
Ground = tuple[date, int, str, Measure]  # (day, actor id, status, measure)


def territory_series(
    *, start: date, end: date, step: str, actor_ids: list[int] | None = None, country: str = ""
) -> dict[str, Any]:
    """Each controller's ground on each step date from start to end (published zones only):
    the zones measured once by the database, summed per step date, then shaped for the API."""
    zones = _published().valid_between(start, end)
    if actor_ids:
        zones = zones.filter(actor_id__in=actor_ids)
    chosen = country_named(country) if country else _main_country(zones)
    outline = chosen.outline if chosen else None
    measured = _measured(zones, start=start, end=end, outline=outline)
    ground = _ground_on_steps(measured, step_dates(start, end, step), outline=outline)
    return _series_document(ground, start=start, end=end, step=step, chosen=chosen)


def _published() -> ControlZoneQuerySet:
    return ControlZone.objects.filter(publication=PublicationStatus.PUBLISHED)


def _measured(
    zones: ControlZoneQuerySet, *, start: date, end: date, outline: GEOSGeometry | None
) -> list[MeasuredZone]:
    """The query: each zone's area, its area inside the country and its people, and whether
    it shares days and ground with another of the same controller and status (an open end is
    the period's), all computed by the database in one pass."""
    twin = (
        _published()
        .valid_between(start, end)
        .valid_between(OuterRef("valid_from"), Coalesce(OuterRef("valid_to"), Value(end)))
        .filter(actor=OuterRef("actor"), status=OuterRef("status"))
        .exclude(pk=OuterRef("pk"))
        .sharing_ground_with(OuterRef("geometry"))
    )
    rows = zones.annotate(
        area=GeodesicArea("geometry"),
        inside=(GeodesicArea(Intersection("geometry", Value(outline))) if outline else Value(0.0)),
        people=_population_inside(OuterRef("geometry")),
        overlaps_twin=Exists(twin),
    ).values(
        "pk",
        "actor_id",
        "status",
        "valid_from",
        "valid_to",
        "area",
        "inside",
        "people",
        "overlaps_twin",
    )
    return [
        (
            row,
            Measure(
                (row["area"] or 0) / M2_PER_KM2,
                (row["inside"] or 0) / M2_PER_KM2,
                row["people"] or 0,
            ),
        )
        for row in rows
    ]


def _ground_on_steps(
    measured: list[MeasuredZone], days: Iterable[date], *, outline: GEOSGeometry | None
) -> list[Ground]:
    """The aggregation: on each day, each controller's zones of one status summed; zones that
    overlap a twin are measured as their union (once for each set of twins), never twice."""
    unions: dict[frozenset[int], Measure] = {}
    ground: list[Ground] = []
    for day in days:
        groups: dict[tuple[int, str], list[MeasuredZone]] = {}
        for row, measure in measured:
            if row["valid_from"] <= day and (row["valid_to"] is None or row["valid_to"] >= day):
                groups.setdefault((row["actor_id"], row["status"]), []).append((row, measure))
        for (actor_id, status), members in groups.items():
            twins = frozenset(row["pk"] for row, _ in members if row["overlaps_twin"])
            total = sum((m for row, m in members if row["pk"] not in twins), NOTHING)
            if len(twins) > 1:
                if twins not in unions:
                    unions[twins] = _measure_union(twins, outline)
                total += unions[twins]
            else:
                total += sum((m for row, m in members if row["pk"] in twins), NOTHING)
            ground.append((day, actor_id, status, total))
    return ground


def _series_document(
    ground: list[Ground], *, start: date, end: date, step: str, chosen: Country | None
) -> dict[str, Any]:
    """The shaping: the API's document, each step's controllers by name, rounded."""
    actors = Actor.objects.in_bulk({actor_id for _, actor_id, _, _ in ground})
    return {
        "step": step,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "country": (
            {"name": chosen.name, "area_km2": round(chosen.area_km2, 1)} if chosen else None
        ),
        "method": {"area": AREA_METHOD, "population": POPULATION_METHOD},
        "series": [
            {
                "date": day.isoformat(),
                "actor": {
                    "id": actor_id,
                    "name": actors[actor_id].name,
                    # the name the map's legend gives it too: one name per actor on the page
                    "label": actors[actor_id].short_name or actors[actor_id].name,
                    "colour": actors[actor_id].colour,
                },
                "status": "contested" if status == ControlStatus.CONTESTED else "held",
                "area_km2": round(total.area_km2, 1),
                "share": round(total.country_km2 / chosen.area_km2, 5) if chosen else None,
                "population": total.population,
            }
            for day, actor_id, status, total in sorted(
                ground, key=lambda item: (item[0], actors[item[1]].name, item[2])
            )
        ],
    }


def _main_country(zones: QuerySet[ControlZone]) -> Country | None:
    """The country most of the zones lie in (by a point inside each)."""
    counts: dict[str, int] = {}
    for point in zones.annotate(inside=PointOnSurface("geometry")).values_list("inside", flat=True):
        found = country_at(point)
        if found:
            counts[found.name] = counts.get(found.name, 0) + 1
    if not counts:
        return None
    return _countries()[max(counts, key=lambda name: (counts[name], name))]


def _measure_union(ids: frozenset[int], outline: GEOSGeometry | None) -> Measure:
    zones = ControlZone.objects.filter(pk__in=ids)
    areas = zones.aggregate(
        area=GeodesicArea(Union("geometry")),
        inside=GeodesicArea(Intersection(Union("geometry"), Value(outline)))
        if outline
        else Value(0.0),
    )
    people = Place.objects.filter(
        Exists(zones.filter(geometry__contains=OuterRef("location"))), population__isnull=False
    ).aggregate(n=Sum("population"))["n"]
    return Measure(
        (areas["area"] or 0) / M2_PER_KM2, (areas["inside"] or 0) / M2_PER_KM2, people or 0
    )


@dataclass(frozen=True)
class Conflict:
    """Two zones of different controllers, neither contested, claiming the same ground."""

    other: ControlZone
    first_day: date
    last_day: date | None
    area_km2: float


def zone_conflicts(zone: ControlZone, *, published_only: bool = False) -> list[Conflict]:
    """The zones of other controllers that overlap `zone` in time and ground while neither is
    marked contested, largest overlap first. Withdrawn zones claim nothing."""
    if zone.geometry is None or zone.valid_from is None:
        return []
    if zone.status == ControlStatus.CONTESTED:
        return []
    others = ControlZone.objects.exclude(
        publication__in=[PublicationStatus.WITHDRAWN, PublicationStatus.UNVERIFIABLE]
    )
    if published_only:
        others = others.filter(publication=PublicationStatus.PUBLISHED)
    if zone.pk:
        others = others.exclude(pk=zone.pk)
    if zone.actor_id:
        others = others.exclude(actor_id=zone.actor_id)
    others = (
        others.exclude(status=ControlStatus.CONTESTED)
        .valid_between(zone.valid_from, zone.valid_to)
        .filter(geometry__intersects=zone.geometry)
    )
    overlaps = others.annotate(
        shared=GeodesicArea(Intersection("geometry", Value(zone.geometry)))
    ).select_related("actor")
    conflicts = []
    for other in overlaps:
        area = (other.shared or 0) / M2_PER_KM2
        if area < NOISE_KM2:
            continue
        lasts = [d for d in (zone.valid_to, other.valid_to) if d]
        conflicts.append(
            Conflict(
                other=other,
                first_day=max(zone.valid_from, other.valid_from),
                last_day=min(lasts) if lasts else None,
                area_km2=round(area, 2),
            )
        )
    return sorted(conflicts, key=lambda c: -c.area_km2)


def describe_conflicts(conflicts: list[Conflict]) -> str:
    return "; ".join(
        f"{c.other} ({c.area_km2:,.2f} km² from {c.first_day} to {c.last_day or 'now'})"
        for c in conflicts
    )
