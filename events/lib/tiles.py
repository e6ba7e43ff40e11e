"""Web Mercator tile numbers (z/x/y, as Leaflet and every slippy map count them) to degrees."""

import math

MAX_ZOOM = 18


def tile_bbox(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The tile's west, south, east, north in degrees (WGS 84)."""
    size = 2**z
    west, east = x / size * 360 - 180, (x + 1) / size * 360 - 180
    return west, _latitude(y + 1, size), east, _latitude(y, size)


def _latitude(y: int, size: int) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
