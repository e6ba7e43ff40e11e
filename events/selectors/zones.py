"""Control zones as the public and staff's preview read them: a day's zones, their lineage,
territory that changed hands, the zones' exports.
"""

import json
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db.models import (
    Case,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import JSONObject

from events.lib.geodesy import geodesic_area_km2
from events.lib.sql import (
    AsJSON,
    as_text,
)
from events.models import (
    Actor,
    ControlZone,
    PublicationStatus,
    ZoneCitation,
)
from events.models.zones import Confidence, ControlZoneQuerySet
from events.selectors.geojson import (
    PUBLISHED,
    choice_label,
    citations_json,
    feature_collection,
    features,
    polygons_json,
)


def zone_list_preview(*, day: date) -> QuerySet[ControlZone]:
    """The zones staff preview on a day: every one but the withdrawn."""
    zones = ControlZone.objects.valid_on(day).exclude(publication=PublicationStatus.WITHDRAWN)
    return _marking_overlaps(zones).select_related("actor").order_by("actor__name", "id")


def zone_list_public(*, day: date) -> QuerySet[ControlZone]:
    zones = _published_on(day)
    return _marking_overlaps(zones).select_related("actor").order_by("actor__name", "id")


def zone_export_features(zones: QuerySet[ControlZone]) -> Iterator[str]:
    """Zones as GeoJSON features for files, their coordinates exactly as stored: SpatiaLite's
    AsGeoJSON rounds the last digit (36.65 comes out 36.64999999999999), which can turn a valid
    polygon with a vertex on an edge into an invalid one; Python's float repr round-trips."""
    properties = zone_properties()
    # PostgreSQL's jsonb orders keys its own way: a file's columns come in one order on both.
    order = [key.value for key in properties.get_source_expressions()[::2]]
    rows = zones.annotate(props=as_text(properties)).values_list("id", "geometry", "props")
    for pk, geometry, text in rows.iterator(chunk_size=200):
        props = json.loads(text)
        yield json.dumps(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "MultiPolygon", "coordinates": _right_hand(geometry)},
                "properties": {key: props[key] for key in order},
            },
            ensure_ascii=False,
        )


def _right_hand(geometry: MultiPolygon) -> list[Any]:
    """Outer rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6), points unchanged."""

    def signed_area(ring: list[tuple[float, float]]) -> float:
        return float(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)))

    polygons = []
    for rings in geometry.coords:
        oriented = []
        for index, ring in enumerate(rings):
            counter_clockwise = signed_area(ring) > 0
            wanted = index == 0
            oriented.append(
                [list(p) for p in (ring if counter_clockwise == wanted else ring[::-1])]
            )
        polygons.append(oriented)
    return polygons


def zone_export_collection(day: date | None = None) -> Iterator[str]:
    """The published zones of one day, or of every day (a whole history), oldest first, as a
    FeatureCollection's text for a file: coordinates exactly as stored."""
    zones = zone_list_between(bbox=None, start=day, end=day)
    members = {"date": json.dumps(day.isoformat() if day else None)}
    return feature_collection(zone_export_features(zones), **members)


def _published_on(day: date) -> ControlZoneQuerySet:
    return ControlZone.objects.valid_on(day).filter(publication=PUBLISHED)


def _marking_overlaps(zones: ControlZoneQuerySet) -> QuerySet[ControlZone]:
    """Each zone marked `overlaps_older` when its area overlaps an older zone of another
    controller among the same day's: the map outlines it, so that both stay readable. (Edges
    that only touch, as shared front lines do, are no overlap.)"""
    older = (
        zones.exclude(actor=OuterRef("actor"))
        .filter(
            Q(valid_from__lt=OuterRef("valid_from"))
            | Q(valid_from=OuterRef("valid_from"), id__lt=OuterRef("id"))
        )
        .sharing_ground_with(OuterRef("geometry"))
    )
    return zones.annotate(overlaps_older=Exists(older))


def zone_properties(*, with_publication: bool = False) -> JSONObject:
    extra = {"publication": F("publication")} if with_publication else {}
    return JSONObject(
        **extra,
        id=F("id"),
        controller_id=F("actor_id"),
        controller=F("actor__name"),
        controller_inter=F("actor__actor_type"),
        controller_label=Case(
            When(actor__short_name="", then=F("actor__name")),
            default=F("actor__short_name"),
        ),
        colour=F("actor__colour"),
        status=F("status"),
        valid_from=F("valid_from"),
        valid_to=F("valid_to"),
        confidence=F("confidence"),
        confidence_label=choice_label("confidence", Confidence.choices),
        # JSON true/false on both databases (SQLite would give 1/0).
        overlaps_older=AsJSON(
            Case(When(overlaps_older=True, then=Value("true")), default=Value("false"))
        ),
        note=F("note"),
        sources=citations_json(ZoneCitation, "zone"),
        # The drawing this one redraws ("previously …"), when the public may see it.
        predecessor_id=_if_predecessor_published("predecessor_id"),
        previous_from=_if_predecessor_published("predecessor__valid_from"),
        previous_to=_if_predecessor_published("predecessor__valid_to"),
    )


def _if_predecessor_published(field: str) -> Case:
    return Case(When(predecessor__publication=PUBLISHED, then=F(field)), default=Value(None))


def zone_features(zones: QuerySet[ControlZone], *, with_publication: bool = False) -> Iterator[str]:
    properties = zone_properties(with_publication=with_publication)
    return features(zones, geometry=polygons_json("geometry"), properties=properties, chunk=500)


# Slivers smaller than this (square degrees, about 100 m × 100 m) are the noise of redrawn
# edges, not territory that changed hands.
SLIVER = 1e-6


def _held_on(day: date) -> dict[int, tuple[Actor, GEOSGeometry]]:
    """Each controller's published zones on `day`, as one geometry."""
    held: dict[int, tuple[Actor, list[GEOSGeometry]]] = {}
    for zone in _published_on(day).select_related("actor").only("geometry", "actor"):
        held.setdefault(zone.actor_id, (zone.actor, []))[1].extend(zone.geometry)
    return {
        pk: (actor, MultiPolygon(polygons, srid=4326).unary_union)
        for pk, (actor, polygons) in held.items()
    }


def territory_changes(*, since: date, until: date) -> list[dict[str, Any]]:
    """What each controller gained and lost between two days, as GeoJSON features: the zones
    of `until` less those of `since`, and the other way round."""
    before, after = _held_on(since), _held_on(until)
    features = []
    for pk in sorted(before.keys() | after.keys()):
        actor = (after.get(pk) or before[pk])[0]
        old = before[pk][1] if pk in before else None
        new = after[pk][1] if pk in after else None
        for change, area in (
            ("gained", new.difference(old) if new and old else new),
            ("lost", old.difference(new) if new and old else old),
        ):
            if area is None or area.empty or area.area < SLIVER:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": json.loads(area.json),
                    "properties": {
                        "actor": {"id": pk, "name": actor.name, "colour": actor.colour},
                        "controller_id": pk,
                        "controller": actor.name,
                        "controller_label": actor.short_name or actor.name,
                        "colour": actor.colour,
                        "change": change,
                        "area_km2": round(geodesic_area_km2(area), 1),
                    },
                }
            )
    return features


def zone_date_span() -> tuple[date | None, date | None, bool]:
    """First and last day the published control zones cover, and whether one still holds (no
    end date: then the zones cover every day from the first)."""
    zones = ControlZone.objects.filter(publication=PUBLISHED)
    span = zones.aggregate(first=Min("valid_from"), last=Max("valid_to"))
    return span["first"], span["last"], zones.filter(valid_to__isnull=True).exists()


def zone_lineage(zone: ControlZone) -> tuple[list[ControlZone], list[ControlZone]]:
    """The zones before this one (oldest first) and its successors (its direct ones)."""
    before: list[ControlZone] = []
    seen = {zone.pk}
    current = zone.predecessor
    while current is not None and current.pk not in seen and len(before) < 500:
        before.insert(0, current)
        seen.add(current.pk)
        current = current.predecessor
    return before, list(zone.successors.select_related("actor").order_by("valid_from", "id"))


def zone_list_between(
    *, bbox: tuple[float, float, float, float] | None, start: date | None, end: date | None
) -> QuerySet[ControlZone]:
    """Published zones valid on some day of [start, end] (open ends allowed) and touching the
    box, oldest first, marked for overlaps as the map's are."""
    zones = ControlZone.objects.valid_between(start, end).filter(publication=PUBLISHED)
    if bbox:
        zones = zones.filter(geometry__intersects=Polygon.from_bbox(bbox))
    return _marking_overlaps(zones).select_related("actor").order_by("valid_from", "id")
