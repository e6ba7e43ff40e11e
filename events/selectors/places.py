"""Places: the gazetteer's features and the map's place labels."""

from collections.abc import Iterator
from typing import Any

from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import (
    Case,
    F,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, JSONObject

from events.geocoding.names import is_arabic
from events.lib import spatialite
from events.models import (
    Place,
    PlaceKind,
)
from events.models.common import PointX, PointY
from events.selectors.geojson import COORDINATE_DECIMALS, features, geometry_json

# A place without a population (most are editors' additions: a garrison, a crossing) ranks as a
# town of this size, so that the sites reports name are labelled before the villages around them.
UNPEOPLED_RANK = {
    PlaceKind.MILITARY_BASE: 20_000,
    PlaceKind.AIRPORT: 20_000,
    PlaceKind.BORDER_CROSSING: 20_000,
    PlaceKind.CAMP: 10_000,
    PlaceKind.REGION: 10_000,
    PlaceKind.HILL: 2_000,
    PlaceKind.WELL: 1_000,
}


def place_labels(bbox: tuple[float, float, float, float], *, limit: int) -> list[dict[str, Any]]:
    """The gazetteer's `limit` most important places in a box, for the map's labels: the
    most populous first, each with its Arabic-script name when the gazetteer has one."""
    places = Place.objects.all()
    if connection.vendor == "sqlite":
        places = places.filter(pk__in=spatialite.ids_in_bbox("events_place", "location", bbox))
    rank = Coalesce(
        "population",
        Case(
            *(When(kind=kind, then=Value(size)) for kind, size in UNPEOPLED_RANK.items()),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    rows = (
        places.filter(location__intersects=Polygon.from_bbox(bbox))
        .annotate(rank=rank, lon=PointX("location"), lat=PointY("location"))
        .order_by("-rank", "name", "id")
        .values("id", "name", "kind", "alternate_names", "rank", "lon", "lat")[:limit]
    )
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "arabic": _arabic_name(row["alternate_names"]),
            "kind": row["kind"],
            "rank": row["rank"],
            "lon": round(row["lon"], COORDINATE_DECIMALS),
            "lat": round(row["lat"], COORDINATE_DECIMALS),
        }
        for row in rows
    ]


def _arabic_name(names: list[Any]) -> str:
    """The first name written wholly in Arabic script."""
    return next((n for n in names or [] if isinstance(n, str) and is_arabic(n)), "")


def place_list(*, bbox: tuple[float, float, float, float] | None) -> QuerySet[Place]:
    """The gazetteer's places in a box (every place when no box), by id."""
    places = Place.objects.all()
    if bbox:
        if connection.vendor == "sqlite":
            places = places.filter(pk__in=spatialite.ids_in_bbox("events_place", "location", bbox))
        places = places.filter(location__intersects=Polygon.from_bbox(bbox))
    return places.order_by("id")


def place_features(places: QuerySet[Place]) -> Iterator[str]:
    properties = JSONObject(
        id=F("id"),
        name=F("name"),
        kind=F("kind"),
        country_code=F("country_code"),
        admin1=F("admin1"),
        population=F("population"),
        geo_precision=F("geo_precision"),
        geonames_id=F("geonames_id"),
    )
    return features(places, geometry=geometry_json("location"), properties=properties, chunk=2000)
