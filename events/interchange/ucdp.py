"""UCDP GED files (the 49-column layout of GED 23.1) in."""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from events.interchange import countries
from events.interchange.records import (
    ActorRef,
    EventRecord,
    RowCells,
    SourceRef,
    whole_number,
)
from events.lib.taxonomy import EventType, SubEventType
from events.models import ActorType, DatePrecision, GeoPrecision

REQUIRED = {
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "best",
    "low",
    "high",
}
# where_prec: 1 exact place, 2 within ~25 km, 3 second-order admin area, 4 first-order admin
# area, 5 a line or between places, 6 only the country, 7 international waters or airspace.
WHERE_PREC = {
    1: GeoPrecision.EXACT,
    2: GeoPrecision.NEAR,
    3: GeoPrecision.NEAR,
    4: GeoPrecision.REGION,
    5: GeoPrecision.NEAR,
    6: GeoPrecision.REGION,
    7: GeoPrecision.REGION,
}
# date_prec: 1 the day, 2 within 2–6 days, 3 the week, 4 the month, 5 the year or longer.
DATE_PREC = {
    1: DatePrecision.DAY,
    2: DatePrecision.WEEK,
    3: DatePrecision.WEEK,
    4: DatePrecision.MONTH,
    5: DatePrecision.YEAR,
}
# type_of_violence: 1 state-based, 2 non-state, 3 one-sided (against civilians).
VIOLENCE = {1: ("battles", "armed_clash"), 2: ("battles", "armed_clash"), 3: ("vac", "attack")}
KEPT = (
    "relid",
    "country",
    "country_id",
    "conflict_name",
    "dyad_name",
    "adm_1",
    "adm_2",
    "where_coordinates",
    "event_clarity",
    "region",
    "number_of_sources",
    "source_original",
    "year",
    "active_year",
    "code_status",
    "conflict_new_id",
    "dyad_new_id",
    "side_a_new_id",
    "side_b_new_id",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "priogrid_gid",
    "gwnoa",
    "gwnob",
)
# The GED's columns (release 23.1, and the API's); others are reported as unknown.
COLUMNS = {
    *REQUIRED,
    *KEPT,
    "conflict_dset_id",
    "dyad_dset_id",
    "side_a_dset_id",
    "side_b_dset_id",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "where_description",
    "geom_wkt",
}


def missing_columns(header: list[str]) -> list[str]:
    return sorted(REQUIRED - set(header))


def unknown_columns(header: list[str]) -> list[str]:
    return [name for name in header if name and name not in COLUMNS]


# The API's JSON, saved as CSV, writes dates as datetimes at midnight.
API_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]00:00:00(?:\.0+)?(?:Z|[+-]00:?00)?)?$")


def parse_date(text: str) -> date:
    """ "2013-07-24", or the API's "2013-07-24T00:00:00"; ValueError otherwise."""
    match = API_DATETIME.match(text.strip())
    if not match:
        raise ValueError(text)
    return date.fromisoformat(match[1])


def _actor_type(name: str, type_of_violence: int) -> int:
    if name.startswith("Government of"):
        return ActorType.STATE_FORCES
    if name.casefold() == "civilians":
        return ActorType.CIVILIANS
    return ActorType.REBEL_GROUP if type_of_violence == 1 else ActorType.POLITICAL_MILITIA


def _articles(row: dict[str, str]) -> list[SourceRef]:
    """Older rows name their sources only in source_article: one source per entry."""
    entries = [e.strip().strip('"').strip() for e in (row.get("source_article") or "").split(";")]
    return [
        SourceRef(name="", title=entry, locator="UCDP GED source_article")
        for entry in entries
        if entry
    ]


def _sources(row: dict[str, str]) -> list[SourceRef]:
    if not (row.get("source_office") or "").strip():
        return _articles(row)
    offices = (row.get("source_office") or "").split(";")
    dates = (row.get("source_date") or "").split(";")
    headlines = (row.get("source_headline") or "").split(";")
    sources = []
    for i, office in enumerate(offices):
        office = office.strip()
        if not office:
            continue
        try:
            published = parse_date(dates[i]) if i < len(dates) else None
        except ValueError:
            published = None
        headline = headlines[i].strip() if i < len(headlines) else ""
        sources.append(
            SourceRef(
                name=office[:200],
                title=(headline or office)[:500],
                published_on=published,
                locator="UCDP GED source_article",
            )
        )
    return sources


def _code(r: RowCells, column: str, allowed: Mapping[int, object]) -> int:
    """One of UCDP's numeric codes (written "1" or "1.0"); 0 with a problem otherwise."""
    try:
        value = int(float(r.get(column)))
        if value in allowed:
            return value
    except (ValueError, OverflowError):  # "x", "nan"; "inf"
        pass
    r.problem(column, f"must be one of {', '.join(map(str, allowed))}")
    return 0


def _dates(r: RowCells) -> tuple[date | None, date | None]:
    days: dict[str, date | None] = {}
    for column in ("date_start", "date_end"):
        try:
            days[column] = parse_date(r.get(column))
        except ValueError:
            days[column] = None
            r.problem(column, "not a date in YYYY-MM-DD form (or the API's YYYY-MM-DDT00:00:00)")
    start, end = days["date_start"], days["date_end"]
    if start and end and end < start:
        r.problem("date_end", "before date_start")
    return start, end


def _coordinates(r: RowCells) -> tuple[float, float]:
    try:
        lat, lon = float(r.get("latitude")), float(r.get("longitude"))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
    except ValueError:
        pass
    r.problem("latitude", "latitude and longitude must be numbers within -90..90 / -180..180")
    return 0.0, 0.0


def _counts(r: RowCells) -> dict[str, int]:
    counts = {}
    for column in ("low", "best", "high"):
        count = whole_number(r.get(column))
        if count is None:
            r.problem(column, "must be a whole number from 0 to 999,999")
        counts[column] = count or 0
    return counts


def _fatalities(counts: dict[str, int], kept: dict[str, Any]) -> tuple[int | None, int, int | None]:
    """UCDP's estimates are off by one here and there (low 3, best 2): the best estimate
    stands, an inconsistent bound is stored as unknown, and the file's values are kept."""
    low, best, high = counts["low"], counts["best"], counts["high"]
    if low <= best <= high:
        return low, best, high
    kept.update(low=low, high=high)
    return (low if low <= best else None), best, (high if high >= best else None)


def _mapped(violence: int, where_prec: int, date_prec: int) -> list[tuple[str, str, str]]:
    """What the report says the three codes became."""
    event_type, sub_event_type = VIOLENCE[violence]
    date_label = DatePrecision(DATE_PREC[date_prec]).label
    return [
        (
            "type_of_violence",
            str(violence),
            f"{EventType(event_type).label}: {SubEventType(sub_event_type).label}",
        ),
        ("where_prec", str(where_prec), f"geo precision {WHERE_PREC[where_prec]}"),
        ("date_prec", str(date_prec), f"date precision {date_label}"),
    ]


def parse_row(
    row: dict[str, str], *, line: int, legacy: bool = False, header: list[str] | None = None
) -> tuple[EventRecord, dict[str, str]]:
    """One GED row as an EventRecord, or RowInvalid with every problem of the row."""
    r = RowCells(row, line)
    if not re.fullmatch(r"[0-9]{1,18}", r.get("id")):
        r.problem("id", "must be UCDP's numeric event id")
    violence = _code(r, "type_of_violence", VIOLENCE)
    where_prec = _code(r, "where_prec", WHERE_PREC)
    date_prec = _code(r, "date_prec", DATE_PREC)
    start, end = _dates(r)
    lat, lon = _coordinates(r)
    counts = _counts(r)
    side_a, side_b = r.get("side_a"), r.get("side_b")
    if not side_a or not side_b:
        r.problem("side_a", "both sides are needed")
    country = countries.code_of(r.get("country"))
    if not country:
        r.problem("country", "not a country name this importer knows")
    r.raise_problems()
    assert start is not None and end is not None  # else a problem was raised

    get = r.get
    event_type, sub_event_type = VIOLENCE[violence]
    kept: dict[str, Any] = {column: get(column) for column in KEPT if get(column)}
    kept.update(where_prec=where_prec, date_prec=date_prec, type_of_violence=violence)
    place = get("where_coordinates") or get("adm_2") or get("adm_1") or get("country")
    record = EventRecord(
        dataset="ucdp",
        external_id=get("id"),
        title=f"{get('dyad_name') or f'{side_a} - {side_b}'} "
        f"({get('where_coordinates') or get('country')})"[:200],
        start_date=start,
        end_date=end,
        date_precision=DATE_PREC[date_prec],
        event_type=event_type,
        sub_event_type=sub_event_type,
        latitude=lat,
        longitude=lon,
        geo_precision=WHERE_PREC[where_prec],
        location_name=place[:200],
        country_code=country,
        admin1=get("adm_1")[:120],
        location_note=get("where_description")[:255],
        fatalities=_fatalities(counts, kept),
        summary=(
            f"UCDP GED: {get('dyad_name') or side_a + ' vs ' + side_b}, "
            f"{get('where_description') or get('where_coordinates')}; "
            f"{counts['best']} deaths (best estimate; low {counts['low']}, high {counts['high']})."
        ),
        actors=[
            ActorRef(side_a[:200], "side_a", _actor_type(side_a, violence)),
            ActorRef(side_b[:200], "side_b", _actor_type(side_b, violence)),
        ],
        sources=_sources(row),
        dataset_fields={"ucdp": kept},
        mapped=_mapped(violence, where_prec, date_prec),
    )
    return record, row
