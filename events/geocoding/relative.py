"""Locations given relative to a named place, as reports give them.

"some 75 km (45 miles) southeast of Damascus", "62 km east of Damascus", "20 miles NNE of
Palmyra", "30 km at 135° from Raqqa", "near Palmyra", "north of Raqqa", "between Palmyra and
Deir ez-Zor". Distances and bearings become a geodesic destination (geopy, WGS84).
"""

import re
from dataclasses import dataclass

from geopy.distance import geodesic

MAX_KM = 2000
MILES_KM = 1.609344
NAUTICAL_KM = 1.852

# The 16-wind compass rose, by letters.
WINDS = {
    "n": 0,
    "nne": 22.5,
    "ne": 45,
    "ene": 67.5,
    "e": 90,
    "ese": 112.5,
    "se": 135,
    "sse": 157.5,
    "s": 180,
    "ssw": 202.5,
    "sw": 225,
    "wsw": 247.5,
    "w": 270,
    "wnw": 292.5,
    "nw": 315,
    "nnw": 337.5,
}
WORDS = {"north": "n", "east": "e", "south": "s", "west": "w"}


class RelativeError(ValueError):
    """The text is a relative location, but a wrong one: the message says what is wrong."""


@dataclass(frozen=True)
class Relative:
    kind: str  # "offset", "near", "direction", "between"
    anchor: str
    second: str = ""
    km: float | None = None
    bearing: float | None = None
    expression: str = ""


def bearing_of(word: str) -> float:
    """Degrees for a compass word: N, NNE, north-east, north northeast, 135°, 135 degrees."""
    text = word.strip().lower()
    degrees = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:°|deg|degrees?)?", text)
    if degrees:
        value = float(degrees.group(1))
        if not 0 <= value < 360:
            raise RelativeError(f"A bearing of {value:g}° is outside 0–360°.")
        return value
    letters = text
    for name, letter in WORDS.items():
        letters = letters.replace(name, letter)
    letters = re.sub(r"[\s\-]+|-?wards?$|erly$|ern$", "", letters)
    if letters in WINDS:
        return WINDS[letters]
    raise RelativeError(f"“{word}” is not a compass point (use N, NNE, north-east… or degrees).")


NUMBER = r"(?P<number>-?\d+(?:[.,]\d+)?)"
UNIT = r"(?P<unit>km|kms|kilometers?|kilometres?|mi|miles?|nm|nautical miles?)"
QUALIFIER = r"(?:(?:some|about|around|approximately|approx\.?|roughly|nearly|almost|~|c\.)\s*)?"
ASIDE = r"(?:\s*\([^)]*\))?"  # "75 km (45 miles)": the conversion in brackets
DIRECTION = r"(?P<direction>[a-z°\d.\- ]+?)"
OFFSET = re.compile(
    rf"^{QUALIFIER}{NUMBER}\s*{UNIT}{ASIDE}\s+(?:to\s+the\s+|at\s+(?:a\s+bearing\s+of\s+)?)?"
    rf"{DIRECTION}\s+(?:of|from)\s+(?P<anchor>.+)$",
    re.IGNORECASE,
)
NEAR = re.compile(
    r"^(?:near|nearby|outside|around|close\s+to|on\s+the\s+outskirts\s+of|the\s+outskirts\s+of|"
    r"in\s+the\s+vicinity\s+of|the\s+vicinity\s+of|in\s+the\s+area\s+of|the\s+area\s+of)\s+"
    r"(?P<anchor>.+)$",
    re.IGNORECASE,
)
BARE_DIRECTION = re.compile(
    r"^(?:(?:just|to\s+the)\s+)?(?P<direction>(?:north|south|east|west|[nsew]{1,3})"
    r"(?:[\s\-]?(?:north|south|east|west))*)\s+of\s+(?P<anchor>.+)$",
    re.IGNORECASE,
)
BETWEEN = re.compile(
    r"^(?:midway\s+|halfway\s+)?between\s+(?P<anchor>.+?)\s+and\s+(?P<second>.+)$", re.IGNORECASE
)


def _km(number: str, unit: str) -> float:
    value = float(number.replace(",", "."))
    unit = unit.lower()
    if unit.startswith(("mi",)):
        value *= MILES_KM
    elif unit.startswith(("nm", "nautical")):
        value *= NAUTICAL_KM
    if value <= 0:
        raise RelativeError(f"A distance must be positive, not {number} {unit}.")
    if value > MAX_KM:
        raise RelativeError(
            f"{number} {unit} ({value:,.0f} km) is too far to place an event by: the limit is "
            f"{MAX_KM:,} km."
        )
    return value


def parse(text: str) -> Relative | None:
    """The relative location in `text`, None when it is not one; RelativeError when it is wrong."""
    text = " ".join(text.strip().rstrip(".").split())
    match = OFFSET.match(text)
    if match:
        km = _km(match["number"], match["unit"])
        return Relative(
            "offset",
            match["anchor"].strip(),
            km=km,
            bearing=bearing_of(match["direction"]),
            expression=text,
        )
    match = BETWEEN.match(text)
    if match:
        return Relative(
            "between", match["anchor"].strip(), match["second"].strip(), expression=text
        )
    match = BARE_DIRECTION.match(text)
    if match:
        return Relative(
            "direction",
            match["anchor"].strip(),
            bearing=bearing_of(match["direction"]),
            expression=text,
        )
    match = NEAR.match(text)
    if match:
        return Relative("near", match["anchor"].strip(), expression=text)
    if re.match(rf"^{QUALIFIER}-?\d", text, re.IGNORECASE) and re.search(r"\b(of|from)\b", text):
        raise RelativeError(
            f"“{text}” looks like a distance from a place, but its unit or direction is not "
            "understood (e.g. “75 km southeast of Damascus”, “20 miles NNE of Palmyra”)."
        )
    return None


def destination(lat: float, lon: float, *, km: float, bearing: float) -> tuple[float, float]:
    end = geodesic(kilometers=km).destination((lat, lon), bearing=bearing)
    return end.latitude, end.longitude


def midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Halfway along the geodesic from a to b."""
    line = geodesic(a, b)
    forward = line.geod.Inverse(a[0], a[1], b[0], b[1])
    return destination(a[0], a[1], km=line.km / 2, bearing=forward["azi1"])
