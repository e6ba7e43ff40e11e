"""The researchers' filters, parsed once from a query string and shared by the map page, the API
and the exports. Bad input raises BadParameter naming the field; nothing is silently ignored."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.http import QueryDict

from events.lib.errors import BadParameter
from events.lib.numbers import ID_MAX, ascii_whole
from events.lib.taxonomy import EventType, SubEventType

FILTER_NAMES = (
    "start",
    "end",
    "bbox",
    "type",
    "sub_type",
    "actor",
    "q",
    "min_fatalities",
    "updated_since",
    "in_zone_of",
    "date",
)
MAX_TEXT = 200
MAX_FATALITIES = 10_000_000
# The days a question may name. Conflict data starts in the twentieth century (UCDP from 1946,
# ACLED from 1997); outside this range a date is a typo or a probe, and at the edges of
# Python's calendar (year 1, year 9999) a time zone or a step would overflow.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
RANGE_TEXT = f"between {EARLIEST} and {LATEST}"


def in_range(name: str, raw: str, day: date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise BadParameter(name, f"{name}={raw!r} is not {RANGE_TEXT}.")


def _single(params: QueryDict, name: str) -> str:
    values = [v.strip() for v in params.getlist(name)]
    if len(values) > 1:
        raise BadParameter(name, f"{name} was given {len(values)} times; give it once.")
    return values[0] if values else ""


def _many(params: QueryDict, name: str) -> list[str]:
    values: list[str] = []
    for raw in params.getlist(name):
        # Both ?type=a&type=b and ?type=a,b; empty values (an untouched form field) mean "any".
        values += [v.strip() for v in raw.split(",") if v.strip()]
    return values


def refuse_unknown(params: QueryDict, *, allowed: tuple[str, ...] = ()) -> None:
    """A misspelt parameter is an error, never silently ignored."""
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        expected = f"use: {', '.join(sorted(allowed))}" if allowed else "this address takes none"
        raise BadParameter(unknown[0], f"Unknown parameter {unknown[0]!r}; {expected}.")


def parse_date(params: QueryDict, name: str) -> date | None:
    raw = _single(params, name)
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, f"{name}={raw!r} is not a date in YYYY-MM-DD form.") from None
    in_range(name, raw, day)
    return day


def parse_instant(params: QueryDict, name: str) -> datetime | None:
    """A day (its first instant, UTC) or a date and time in ISO 8601; without a zone, UTC."""
    raw = _single(params, name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            name, f"{name}={raw!r} is not a date (YYYY-MM-DD) or an ISO 8601 date and time."
        ) from None
    in_range(name, raw, moment.date())  # before any arithmetic with its zone
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_bbox(params: QueryDict) -> tuple[float, float, float, float] | None:
    raw = _single(params, "bbox")
    if not raw:
        return None
    parts = raw.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise BadParameter(
            "bbox", f"bbox={raw!r} must be four numbers: minLon,minLat,maxLon,maxLat."
        ) from None
    if not (-180 <= min_lon < max_lon <= 180):
        raise BadParameter("bbox", "bbox longitudes must satisfy -180 <= minLon < maxLon <= 180.")
    if not (-90 <= min_lat < max_lat <= 90):
        raise BadParameter("bbox", "bbox latitudes must satisfy -90 <= minLat < maxLat <= 90.")
    return (min_lon, min_lat, max_lon, max_lat)


def _choices(params: QueryDict, name: str, allowed: list[str]) -> tuple[str, ...]:
    values = _many(params, name)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise BadParameter(name, f"{name}={unknown[0]!r} is not one of: {', '.join(allowed)}.")
    return tuple(dict.fromkeys(values))


def parse_ids(params: QueryDict, name: str) -> tuple[int, ...]:
    ids = []
    for raw in _many(params, name):
        value = ascii_whole(raw, maximum=ID_MAX)
        if value is None:
            raise BadParameter(name, f"{name}={raw!r} is not an id (a positive whole number).")
        ids.append(value)
    return tuple(dict.fromkeys(ids))


def parse_whole(params: QueryDict, name: str, *, maximum: int, minimum: int = 0) -> int | None:
    """A whole number in ASCII digits within [minimum, maximum], or None when absent."""
    raw = _single(params, name)
    if not raw:
        return None
    value = ascii_whole(raw, minimum=minimum, maximum=maximum)
    if value is None:
        raise BadParameter(
            name, f"{name}={raw!r} must be a whole number from {minimum} to {maximum:,}."
        )
    return value


def parse_choice(params: QueryDict, name: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (the first when absent)."""
    raw = _single(params, name) or choices[0]
    if raw not in choices:
        raise BadParameter(name, f"{name}={raw!r} must be one of: {', '.join(choices)}.")
    return raw


def _count(params: QueryDict, name: str) -> int | None:
    return parse_whole(params, name, maximum=MAX_FATALITIES)


@dataclass(frozen=True)
class EventFilters:
    start: date | None = None
    end: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    types: tuple[str, ...] = ()
    sub_types: tuple[str, ...] = ()
    actors: tuple[int, ...] = ()
    q: str = ""
    min_fatalities: int | None = None
    updated_since: datetime | None = None  # mirrors: what changed (or was published) since
    # Events on ground this actor held (its published zones): on `zone_date`, or on each
    # event's own first day when no date is given.
    in_zone_of: int | None = None
    zone_date: date | None = None

    @classmethod
    def from_query(cls, params: QueryDict, *, also_allowed: tuple[str, ...] = ()) -> "EventFilters":
        refuse_unknown(params, allowed=(*FILTER_NAMES, *also_allowed))
        start, end = parse_date(params, "start"), parse_date(params, "end")
        if start and end and end < start:
            raise BadParameter("end", f"end ({end}) is before start ({start}).")
        q = _single(params, "q")
        if len(q) > MAX_TEXT:
            raise BadParameter("q", f"q is {len(q)} characters long; the limit is {MAX_TEXT}.")
        if any(ord(c) < 32 for c in q):
            raise BadParameter("q", "q contains control characters.")
        return cls(
            start=start,
            end=end,
            bbox=parse_bbox(params),
            types=_choices(params, "type", EventType.values),
            sub_types=_choices(params, "sub_type", SubEventType.values),
            actors=parse_ids(params, "actor"),
            q=q,
            min_fatalities=_count(params, "min_fatalities"),
            updated_since=parse_instant(params, "updated_since"),
            **_zone_filter(params),
        )


def _zone_filter(params: QueryDict) -> dict[str, Any]:
    actors = parse_ids(params, "in_zone_of")
    if len(actors) > 1:
        raise BadParameter("in_zone_of", "in_zone_of takes one actor id.")
    day = parse_date(params, "date")
    if day and not actors:
        raise BadParameter("date", "date is the day of in_zone_of's territory: give in_zone_of.")
    return {"in_zone_of": actors[0] if actors else None, "zone_date": day}
