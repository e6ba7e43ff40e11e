"""Geodesic helpers (WGS84, via geopy): points at a distance and bearing, circles."""

from django.contrib.gis.geos import Point, Polygon
from geopy.distance import geodesic


def destination(lat: float, lon: float, *, bearing: float, km: float) -> Point:
    """The point `km` kilometres from (lat, lon) along the initial `bearing` (degrees)."""
    end = geodesic(kilometers=km).destination((lat, lon), bearing=bearing)
    return Point(end.longitude, end.latitude, srid=4326)


def geodesic_circle(lat: float, lon: float, *, km: float, segments: int = 72) -> Polygon:
    """A polygon approximating the set of points `km` from (lat, lon) on the ellipsoid."""
    ring = [
        destination(lat, lon, bearing=360 * i / segments, km=km).coords for i in range(segments)
    ]
    return Polygon([*ring, ring[0]], srid=4326)
