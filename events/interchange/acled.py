"""ACLED files in every layout ACLED has published, in and out.

Layouts met in the wild, all read by one parser once their headers are normalised:
- current (2023–): 31 lower-case columns, `disorder_type`, `civilian_targeting`, inter codes
  and `interaction` as labels ("State forces", "Political militia-Civilians");
- 2019–2022: `data_id,iso,event_id_cnty,event_id_no_cnty,…,iso3`, the current taxonomy, inter
  codes as numbers and a numeric `interaction` ("17"), dates as "9-May-20" or "21 March 2020";
- legacy (before 2019): no `sub_event_type`, the old taxonomy ("Battle-No change of
  territory"), `ally_actor_1/2`; the oldest with UPPER-CASE headers, `GWNO` and, in the Africa
  files, `GEO_PRECIS`; dates as "18/04/2001".

What the model has no field for is kept in the event's `dataset_fields["acled"]` exactly as the
file gave it (the country's name and ISO code, `interaction`, `civilian_targeting`, admin areas,
and any column this parser does not know), and the export writes it back: only what a file did
not say is derived.
"""

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from events.interchange import countries
from events.interchange.records import (
    ActorRef,
    EventRecord,
    RowCells,
    SourceRef,
    whole_number,
)
from events.lib.taxonomy import EVENT_TYPE_OF, EventType, SubEventType, disorder_type
from events.models import ActorType

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
# Older names of current columns (headers are compared in lower case).
HEADER_ALIASES = {
    "geo_precis": "geo_precision",
    "ally_actor_1": "assoc_actor_1",
    "ally_actor_2": "assoc_actor_2",
}
# Columns of older layouts that the current one dropped: known, kept as they were.
OLDER_COLUMNS = {"data_id", "event_id_no_cnty", "iso3", "gwno"}
REQUIRED = {
    "event_id_cnty",
    "event_date",
    "event_type",
    "actor1",
    "latitude",
    "longitude",
    "country",
}
# Kept with the event as the file wrote them and exported as given: the model has no field for
# them, or derives them otherwise. Every other column is the model's (or its actors' and
# citations'), and is not kept twice.
AS_WRITTEN = {
    "disorder_type",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "source_scale",
    "tags",
}
MODELLED = set(COLUMNS) - AS_WRITTEN
# Columns ACLED derives itself and may leave empty: kept even when empty, so that an export
# does not fill in what ACLED left empty ("civilian_targeting").
DERIVED = ("interaction", "civilian_targeting")

TYPE_BY_LABEL = {label.casefold(): value for value, label in EventType.choices}
SUB_BY_LABEL = {label.casefold(): value for value, label in SubEventType.choices}
INTER_BY_LABEL = {label.casefold(): value for value, label in ActorType.choices}
INTER_LABEL = dict(ActorType.choices)
# The legacy taxonomy (ACLED before 2019) on the current one, by legacy_key().
LEGACY_TYPES = {
    "battle-no change of territory": ("battles", "armed_clash"),
    "battle-government regains territory": ("battles", "gov_regains"),
    "battle-non-state actor overtakes territory": ("battles", "nsa_overtakes"),
    "battle-non-state actors overtake territory": ("battles", "nsa_overtakes"),
    "remote violence": ("explosions", "shelling"),
    "violence against civilians": ("vac", "attack"),
    "riots/protests": ("protests", "peaceful_protest"),
    "protests": ("protests", "peaceful_protest"),
    "riots": ("riots", "violent_demonstration"),
    "strategic development": ("strategic", "other"),
    "strategic developments": ("strategic", "other"),
    "non-violent transfer of territory": ("strategic", "non_violent_transfer"),
    "non-violent activity by a conflict actor": ("strategic", "other"),
    "headquarters or base established": ("strategic", "hq_established"),
}
DATE_FORMATS = {  # strptime pattern: how the report names it
    "%d %B %Y": "D Month YYYY",
    "%d-%B-%Y": "D-Month-YYYY",
    "%d-%b-%Y": "D-Mon-YYYY",
    "%d/%m/%Y": "DD/MM/YYYY",
    "%d-%b-%y": "D-Mon-YY",
    "%d %b %Y": "D Mon YYYY",
}


def normalise_header(header: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Lower-case names with older aliases renamed, and the renames made (original, new)."""
    names, renamed = [], []
    for original in header:
        name = original.strip().lower()
        name = HEADER_ALIASES.get(name, name)
        if name != original.strip().lower():
            renamed.append((original.strip(), name))
        names.append(name)
    return names, renamed


def layout(header: list[str], original: list[str] | None = None) -> str:
    """A name for the layout, for the report. `header` is normalised."""
    names = set(header)
    if is_legacy(header):
        name = "legacy (before 2019)"
    elif "disorder_type" in names or "civilian_targeting" in names:
        name = "current"
    else:
        name = "2019–2022"
    if original and any(h.strip() and h.strip() == h.strip().upper() for h in original):
        name += ", upper-case headers"
    return name


def is_legacy(header: list[str]) -> bool:
    return "sub_event_type" not in header


def missing_columns(header: list[str]) -> list[str]:
    return sorted(REQUIRED - set(header))


def unknown_columns(header: list[str]) -> list[str]:
    known = set(COLUMNS) | OLDER_COLUMNS
    return [name for name in header if name and name not in known]


@lru_cache(maxsize=8192)  # a file has a few thousand distinct dates; strptime is slow
def parse_date(text: str) -> tuple[date, str]:
    """The date, and the pattern it was written in ("" for ISO)."""
    text = text.strip()
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        pass
    for pattern, name in DATE_FORMATS.items():
        try:
            return datetime.strptime(text, pattern).date(), name
        except ValueError:
            continue
    raise ValueError("not a date (expected YYYY-MM-DD, “21 June 2017”, “9-May-20”, “18/04/2001”)")


def legacy_key(text: str) -> str:
    """ "Battle-Non-state actors overtake territory", "Battle - Non-State…": one spelling."""
    return re.sub(r"\s*-\s*", "-", " ".join(text.split())).casefold()


def inter_code(text: str) -> int:
    text = text.strip()
    if re.fullmatch(r"[1-8](\.0)?", text):
        return int(float(text))
    if text.casefold() in INTER_BY_LABEL:
        return INTER_BY_LABEL[text.casefold()]
    raise ValueError("not an ACLED inter code (1–8, or a label such as “State forces”)")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


class _Row(RowCells):
    """An ACLED row: cells read back from the formula-safe form our exports write."""

    def get(self, column: str) -> str:
        return formula_safe_read(super().get(column))

    def code(self, column: str, allowed: str, reason: str, default: int) -> int:
        value = self.get(column)
        if not value:
            return default
        if value in allowed.split():
            return int(value)
        self.problem(column, reason)
        return default


def _types(r: _Row, legacy: bool) -> tuple[str | None, str | None]:
    raw = r.get("event_type")
    if legacy:
        found = LEGACY_TYPES.get(legacy_key(raw))
        if not found:
            r.problem("event_type", "not an event type of ACLED's legacy (pre-2019) codebook")
            return None, None
        labels = f"{EventType(found[0]).label}: {SubEventType(found[1]).label}"
        r.mapped.append(("event_type", raw, labels))
        return found
    event_type = TYPE_BY_LABEL.get(raw.casefold())
    sub_event_type = SUB_BY_LABEL.get(r.get("sub_event_type").casefold())
    if not event_type:
        r.problem("event_type", "not one of ACLED's six event types")
    if not sub_event_type:
        r.problem("sub_event_type", "not one of ACLED's 25 sub-event types")
    elif event_type and EVENT_TYPE_OF[sub_event_type] != event_type:
        r.problem(
            "sub_event_type", f"belongs to “{EventType(EVENT_TYPE_OF[sub_event_type]).label}”"
        )
    return event_type, sub_event_type


def _coordinates(r: _Row) -> tuple[float | None, float | None]:
    values: list[float | None] = []
    for column, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        try:
            value = float(r.get(column))
            if not low <= value <= high:
                raise ValueError
            values.append(value)
        except ValueError:
            r.problem(column, f"must be a number from {low} to {high}")
            values.append(None)
    return values[0], values[1]


def _actors(r: _Row) -> list[ActorRef]:
    """Both sides and their associated actors, in the file's order. An actor may appear twice
    (both sides of an intra-group clash): each role is its own ActorRef."""
    actors: list[ActorRef] = []
    if not r.get("actor1"):
        r.problem("actor1", "missing: every ACLED event has an actor 1")
    for side, actor, assoc, inter in (
        ("a", "actor1", "assoc_actor_1", "inter1"),
        ("b", "actor2", "assoc_actor_2", "inter2"),
    ):
        if not r.get(actor):
            continue
        try:
            code = inter_code(r.get(inter))
        except ValueError as error:
            r.problem(inter, str(error))
            code = ActorType.EXTERNAL_OTHER
        actors.append(ActorRef(r.get(actor)[:200], f"side_{side}", code, inter=code))
        # An associated actor's type is not in the file: take its side's, as a guess only.
        actors += [
            ActorRef(name[:200], f"assoc_{side}", code, type_known=False)
            for name in _split(r.get(assoc))
        ]
    return actors


def _country(r: _Row) -> str:
    """ISO alpha-2 for the gazetteer: from the row's ISO numeric code, else from its name."""
    name, iso = r.get("country"), r.get("iso")
    code = countries.code_of_numeric(iso) if iso else ""
    if not code:
        code = countries.code_of(name)
        if code:  # the file gave no code: say which one its name was taken for
            r.mapped.append(("country", name, code))
    if not code:
        r.problem("country", "not a country name this importer knows, and no ISO code")
    return code


def _kept(r: _Row, header: list[str], legacy: bool) -> dict[str, Any]:
    """Every cell the model has no field for, as the file wrote it."""
    kept = {c: r.get(c) for c in header if c and c not in MODELLED and r.get(c)}
    kept.update({c: r.get(c) for c in DERIVED if c in header})
    if legacy:
        kept["legacy_event_type"] = r.get("event_type")
    return kept


def parse_row(
    row: dict[str, Any], *, line: int, legacy: bool, header: list[str] | None = None
) -> tuple[EventRecord, dict[str, Any]]:
    """One ACLED row (normalised header) as an EventRecord, or RowInvalid with every problem."""
    r = _Row(row, line)
    external_id = r.get("event_id_cnty") or r.get("data_id")
    if not external_id:
        r.problem("event_id_cnty", "missing: every row needs its ACLED id")
    elif len(external_id) > 30:
        r.problem("event_id_cnty", "longer than 30 characters")
    day = None
    try:
        day, pattern = parse_date(r.get("event_date"))
        if pattern:
            r.mapped.append(("event_date", pattern, "YYYY-MM-DD"))
    except ValueError as error:
        r.problem("event_date", str(error))
    precision = r.code("time_precision", "1 2 3", "must be 1 (day), 2 (week) or 3 (month)", 1)
    event_type, sub_event_type = _types(r, legacy)
    lat, lon = _coordinates(r)
    geo_precision = r.code("geo_precision", "1 2 3", "must be 1, 2 or 3", 1)
    fatalities = None
    if r.get("fatalities"):
        fatalities = whole_number(r.get("fatalities"))  # ACLED's 0 is a count: best = 0
        if fatalities is None:
            r.problem("fatalities", "must be a whole number from 0 to 999,999")
    actors = _actors(r)
    country = _country(r)
    r.raise_problems()
    # (raise_problems has refused the row if any of these is missing)
    assert day and event_type and sub_event_type and lat is not None and lon is not None

    location = r.get("location")
    actor2 = r.get("actor2")
    title = f"{SubEventType(sub_event_type).label}: {r.get('actor1')}"
    title += (f" / {actor2}" if actor2 else "") + (f" ({location})" if location else "")
    record = EventRecord(
        dataset="acled",
        external_id=external_id,
        title=title[:200],
        start_date=day,
        end_date=day,
        date_precision=precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        latitude=lat,
        longitude=lon,
        geo_precision=geo_precision,
        location_name=(location or f"{lat:.4f}, {lon:.4f}")[:200],
        country_code=country,
        admin1=r.get("admin1"),
        location_note="",
        fatalities=(None, fatalities, None),
        summary=r.get("notes"),
        actors=actors,
        sources=[SourceRef(name=name) for name in _split(r.get("source"))],
        dataset_fields={"acled": _kept(r, header or list(row), legacy)},
        mapped=r.mapped,
    )
    return record, row


# ---- export --------------------------------------------------------------------------------

TIME_PRECISION = {1: "1", 2: "2", 3: "3", 4: "3"}  # ACLED has no year precision: month


def interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's wording: the lower inter code first ("Political militia-Civilians")."""
    codes = sorted(i for i in (inter1, inter2) if i)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{INTER_LABEL[codes[0]]} only"
    return "-".join(INTER_LABEL[i] for i in codes)


def _interaction(kept: dict[str, Any], inter1: int | None, inter2: int | None) -> str:
    """The file's own wording while it still describes the event's inter codes; else derived
    (a numeric "17" of the 2019–2022 layout becomes the current wording of the same codes)."""
    given = kept.get("interaction", "")
    if given and not given.isdigit():
        only = given.casefold().endswith(" only")
        labels = [given[:-5]] if only else given.split("-")
        codes = sorted(INTER_BY_LABEL.get(label.strip().casefold(), 0) for label in labels)
        # A wording this module cannot read is ACLED's to keep.
        if 0 in codes or codes == sorted(i for i in (inter1, inter2) if i):
            return str(given)
    return interaction(inter1, inter2)


def _roles(actors: list[Any]) -> dict[str, list[tuple[str, int]]]:
    roles: dict[str, list[tuple[str, int]]] = {
        "side_a": [],
        "side_b": [],
        "assoc_a": [],
        "assoc_b": [],
    }
    for name, role, inter in actors:
        roles[role].append((name, inter))
    return roles


# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# ACLED's columns that hold numbers, codes or dates: written as they are. Every other column is
# text, neutralised on export (a "'" before a leading = + - @) and restored on import, so that a
# round trip gives back the file's own words.
NOT_TEXT = {
    "event_date",
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "iso",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "timestamp",
}


def formula_safe(column: str, value: str) -> str:
    if column in NOT_TEXT or not value.startswith(FORMULA_STARTS):
        return value
    return "'" + value


def formula_safe_read(value: str) -> str:
    """What formula_safe wrote, as it was."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def export_row(event: dict[str, Any], *, timestamp: int) -> list[str]:
    """The 31 ACLED columns for one event (a dict from selectors.event_acled_records): what the
    imported file said where it said it, derived from the event where it did not."""
    kept = (event["dataset_fields"] or {}).get("acled", {})
    roles = _roles(event["actors"])
    actor1 = roles["side_a"][0] if roles["side_a"] else ("", None)
    actor2 = roles["side_b"][0] if roles["side_b"] else ("", None)
    country = event["country_code"] or ""
    civilian = actor2[1] == ActorType.CIVILIANS or any(
        t == ActorType.CIVILIANS for _, t in roles["assoc_b"]
    )
    best = event["fatalities_best"]
    start: date = event["start_date"]
    derived = {
        "disorder_type": str(disorder_type(event["sub_event_type"])),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": countries.numeric_of(country) if country else "",
        "country": countries.name_of(country) if country else "",
        "admin1": event["admin1"] or "",
        "location": event["place_name"] or "",
    }
    values = {
        **{column: "" for column in COLUMNS},
        **derived,
        **{column: value for column, value in kept.items() if column in COLUMNS},
        "event_id_cnty": event["acled_id"] or f"CM{event['id']}",
        "event_date": start.isoformat(),
        "year": str(start.year),
        "time_precision": TIME_PRECISION[event["date_precision"]],
        "event_type": EventType(event["event_type"]).label,
        "sub_event_type": SubEventType(event["sub_event_type"]).label,
        "actor1": actor1[0],
        "assoc_actor_1": "; ".join(n for n, _ in roles["assoc_a"]),
        "inter1": INTER_LABEL.get(actor1[1] or 0, ""),
        "actor2": actor2[0],
        "assoc_actor_2": "; ".join(n for n, _ in roles["assoc_b"]),
        "inter2": INTER_LABEL.get(actor2[1] or 0, ""),
        "interaction": _interaction(kept, actor1[1], actor2[1]),
        "latitude": coordinate(event["latitude"]),
        "longitude": coordinate(event["longitude"]),
        "geo_precision": str(event["geo_precision"]),
        "source": "; ".join(event["sources"]),
        "notes": event["summary"],
        "fatalities": "" if best is None else str(best),
        "timestamp": str(timestamp),
    }
    return [formula_safe(column, values[column]) for column in COLUMNS]


def coordinate(value: float) -> str:
    """As many decimals as the point has (up to 6, ~0.1 m): "36.61954" stays "36.61954"."""
    text = f"{value:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
