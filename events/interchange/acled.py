"""ACLED files: the current 31-column layout and the legacy (pre-2019) one, in and out."""

from datetime import date, datetime

from events.interchange import countries
from events.interchange.records import ActorRef, EventRecord, RowInvalid, RowProblem, SourceRef
from events.models import ActorType
from events.taxonomy import EVENT_TYPE_OF, EventType, SubEventType, disorder_type

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
LEGACY_MARKERS = {"ally_actor_1", "ally_actor_2"}
REQUIRED = {
    "event_id_cnty",
    "event_date",
    "event_type",
    "actor1",
    "latitude",
    "longitude",
    "country",
}
# Columns kept as they were, for faithful exports: the model has no field for them.
KEPT = ("region", "admin1", "admin2", "admin3", "location", "source_scale", "tags")

TYPE_BY_LABEL = {label.casefold(): value for value, label in EventType.choices}
SUB_BY_LABEL = {label.casefold(): value for value, label in SubEventType.choices}
INTER_BY_LABEL = {label.casefold(): value for value, label in ActorType.choices}
# The legacy taxonomy (ACLED before 2019) on the current one.
LEGACY_TYPES = {
    "battle-no change of territory": ("battles", "armed_clash"),
    "battle-government regains territory": ("battles", "gov_regains"),
    "battle-non-state actor overtakes territory": ("battles", "nsa_overtakes"),
    "remote violence": ("explosions", "shelling"),
    "violence against civilians": ("vac", "attack"),
    "riots/protests": ("protests", "peaceful_protest"),
    "strategic development": ("strategic", "other"),
    "non-violent transfer of territory": ("strategic", "non_violent_transfer"),
    "headquarters or base established": ("strategic", "hq_established"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y", "%d-%b-%y")


def layout(header: list[str]) -> str:
    names = set(header)
    if LEGACY_MARKERS & names:
        return "legacy"
    return "current"


def missing_columns(header: list[str]) -> list[str]:
    return sorted(REQUIRED - set(header))


def parse_date(text: str) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for pattern in DATE_FORMATS[1:]:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("not a date (expected YYYY-MM-DD or “21 June 2017”)")


def _inter(text: str) -> int:
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= 8:
        return int(text)
    if text.casefold() in INTER_BY_LABEL:
        return INTER_BY_LABEL[text.casefold()]
    raise ValueError("not an ACLED inter code (1–8, or a label such as “State forces”)")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def parse_row(row: dict, *, line: int, legacy: bool) -> tuple[EventRecord, dict]:
    """One ACLED row as an EventRecord, or RowInvalid listing every problem in it."""
    problems: list[RowProblem] = []

    def problem(column: str, reason: str) -> None:
        problems.append(RowProblem(line, column, row.get(column) or "", reason))

    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    external_id = get("event_id_cnty") or get("data_id")
    if not external_id:
        problem("event_id_cnty", "missing: every row needs its ACLED id")
    elif len(external_id) > 30:
        problem("event_id_cnty", "longer than 30 characters")

    day = None
    try:
        day = parse_date(get("event_date"))
    except ValueError as error:
        problem("event_date", str(error))

    precision = 1
    if get("time_precision"):
        if get("time_precision") in {"1", "2", "3"}:
            precision = int(get("time_precision"))
        else:
            problem("time_precision", "must be 1 (day), 2 (week) or 3 (month)")

    event_type = sub_event_type = None
    raw_type = get("event_type").casefold()
    if legacy:
        if raw_type in LEGACY_TYPES:
            event_type, sub_event_type = LEGACY_TYPES[raw_type]
        else:
            problem("event_type", "not an event type of ACLED's legacy (pre-2019) codebook")
    else:
        event_type = TYPE_BY_LABEL.get(raw_type)
        sub_event_type = SUB_BY_LABEL.get(get("sub_event_type").casefold())
        if not event_type:
            problem("event_type", "not one of ACLED's six event types")
        if not sub_event_type:
            problem("sub_event_type", "not one of ACLED's 25 sub-event types")
        elif event_type and EVENT_TYPE_OF[sub_event_type] != event_type:
            problem(
                "sub_event_type", f"belongs to “{EventType(EVENT_TYPE_OF[sub_event_type]).label}”"
            )

    lat = lon = None
    for column, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        try:
            value = float(get(column))
            if not low <= value <= high:
                raise ValueError
            if column == "latitude":
                lat = value
            else:
                lon = value
        except ValueError:
            problem(column, f"must be a number from {low} to {high}")

    geo_precision = 1
    if get("geo_precision"):
        if get("geo_precision") in {"1", "2", "3"}:
            geo_precision = int(get("geo_precision"))
        else:
            problem("geo_precision", "must be 1, 2 or 3")

    fatalities = None
    if get("fatalities"):
        if get("fatalities").isdigit():
            fatalities = int(get("fatalities"))  # ACLED's 0 is a count: best = 0
        else:
            problem("fatalities", "must be a whole number ≥ 0")

    actors: list[ActorRef] = []
    if not get("actor1"):
        problem("actor1", "missing: every ACLED event has an actor 1")
    for side, actor, assoc, inter in (
        ("a", "actor1", "ally_actor_1" if legacy else "assoc_actor_1", "inter1"),
        ("b", "actor2", "ally_actor_2" if legacy else "assoc_actor_2", "inter2"),
    ):
        if not get(actor):
            continue
        try:
            code = _inter(get(inter))
        except ValueError as error:
            problem(inter, str(error))
            code = ActorType.EXTERNAL_OTHER
        actors.append(ActorRef(get(actor)[:200], f"side_{side}", code))
        # An associated actor's type is not in the file: take its side's.
        actors += [
            ActorRef(name[:200], f"assoc_{side}", code, type_known=False)
            for name in _split(get(assoc))
        ]

    country = countries.code_of(get("country")) or countries.code_of_numeric(get("iso"))
    if not country:
        problem("country", "not a country name this importer knows")

    if problems:
        raise RowInvalid(problems)
    kept = {column: get(column) for column in KEPT if get(column)}
    if legacy:
        kept["legacy_event_type"] = get("event_type")
    location = get("location")
    sub_label = SubEventType(sub_event_type).label
    title = f"{sub_label}: {get('actor1')}" + (f" / {get('actor2')}" if get("actor2") else "")
    record = EventRecord(
        dataset="acled",
        external_id=external_id,
        title=(title + (f" ({location})" if location else ""))[:200],
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
        admin1=get("admin1"),
        location_note="",
        fatalities=(None, fatalities, None),
        summary=get("notes"),
        actors=actors,
        sources=[SourceRef(name=name) for name in _split(get("source"))],
        dataset_fields={"acled": kept},
    )
    return record, row


# ---- export --------------------------------------------------------------------------------

INTER_LABEL = dict(ActorType.choices)
TIME_PRECISION = {
    1: "1",
    2: "2",
    3: "3",
    4: "3",
}  # ACLED has no year precision: month is its widest


def interaction(inter1: int | None, inter2: int | None) -> str:
    labels = sorted(INTER_LABEL[i] for i in (inter1, inter2) if i)
    if not labels:
        return ""
    return "-".join(labels) if len(labels) == 2 else f"{labels[0]} only"


def export_row(event: dict, *, timestamp: int) -> list[str]:
    """The 31 ACLED columns for one event (a dict from exporter.acled_rows)."""
    kept = (event["dataset_fields"] or {}).get("acled", {})
    roles: dict[str, list[tuple[str, int]]] = {
        "side_a": [],
        "side_b": [],
        "assoc_a": [],
        "assoc_b": [],
    }
    for name, role, actor_type in event["actors"]:
        roles[role].append((name, actor_type))
    actor1 = roles["side_a"][0] if roles["side_a"] else ("", None)
    actor2 = roles["side_b"][0] if roles["side_b"] else ("", None)
    country = event["country_code"] or ""
    civilian = actor2[1] == ActorType.CIVILIANS or any(
        t == ActorType.CIVILIANS for _, t in roles["assoc_b"]
    )
    best = event["fatalities_best"]
    start: date = event["start_date"]
    values = {
        "event_id_cnty": event["acled_id"] or f"CM{event['id']}",
        "event_date": start.isoformat(),
        "year": str(start.year),
        "time_precision": TIME_PRECISION[event["date_precision"]],
        "disorder_type": str(disorder_type(event["sub_event_type"])),
        "event_type": EventType(event["event_type"]).label,
        "sub_event_type": SubEventType(event["sub_event_type"]).label,
        "actor1": actor1[0],
        "assoc_actor_1": "; ".join(sorted(n for n, _ in roles["assoc_a"])),
        "inter1": INTER_LABEL.get(actor1[1], ""),
        "actor2": actor2[0],
        "assoc_actor_2": "; ".join(sorted(n for n, _ in roles["assoc_b"])),
        "inter2": INTER_LABEL.get(actor2[1], ""),
        "interaction": interaction(actor1[1], actor2[1]),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": countries.numeric_of(country) if country else "",
        "region": kept.get("region", ""),
        "country": countries.name_of(country) if country else "",
        "admin1": kept.get("admin1", event["admin1"] or ""),
        "admin2": kept.get("admin2", ""),
        "admin3": kept.get("admin3", ""),
        "location": kept.get("location", event["place_name"] or ""),
        "latitude": f"{event['latitude']:.4f}",
        "longitude": f"{event['longitude']:.4f}",
        "geo_precision": str(event["geo_precision"]),
        "source": "; ".join(event["sources"]),
        "source_scale": kept.get("source_scale", ""),
        "notes": event["summary"],
        "fatalities": "" if best is None else str(best),
        "tags": kept.get("tags", ""),
        "timestamp": str(timestamp),
    }
    return [values[column] for column in COLUMNS]
