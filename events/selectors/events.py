"""Events as the public, staff's preview and the exports read them: one query, one place.

The map, `/api/*`, the OGC API and the downloads all call these functions.
"""

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any

from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, JSONObject, NullIf, TruncDate
from psycopg2.extras import DateRange

from events.lib import spatialite
from events.lib.errors import BadParameter
from events.lib.filters import EventFilters
from events.lib.geodesy import approx_km
from events.lib.sql import (
    AsJSON,
    JSONGroupArray,
    Period,
    as_text,
    json_array_or_empty,
)
from events.lib.taxonomy import EventType, SubEventType, disorder_type
from events.models import (
    Actor,
    ActorRole,
    Citation,
    ControlZone,
    DatePrecision,
    Event,
    EventActor,
    PublicationStatus,
    RecordType,
    StatusChange,
)
from events.models.common import PointX, PointY
from events.selectors.geojson import (
    PUBLISHED,
    choice_label,
    citations_json,
    features,
    geometry_json,
)
from events.selectors.zones import zone_date_span

EXPORT_CHUNK = 2000  # events a query, in the exports that stream


def _disorder_type() -> Case:
    return Case(
        *[When(sub_event_type=sub, then=Value(str(disorder_type(sub)))) for sub in SubEventType],
        output_field=CharField(),
    )


NO_FILTERS = EventFilters()


def event_list_public(filters: EventFilters = NO_FILTERS) -> QuerySet[Event]:
    """Published events matching `filters`; drafts and unverifiable events never leave here."""
    return _event_list(
        Event.objects.filter(publication=PUBLISHED), filters, actor_list_public(), published=True
    )


def event_list_preview(filters: EventFilters = NO_FILTERS) -> QuerySet[Event]:
    """What staff preview on the map: every event but the withdrawn ones."""
    return _event_list(
        Event.objects.exclude(publication=PublicationStatus.WITHDRAWN),
        filters,
        Actor.objects.all(),
        published=False,
    )


VIEW_POINTS_MAX = 3_000  # more events than this in the map's view: counts per cell instead


CELL_PX, TILE_PX = 64, 256


def event_view(
    events: QuerySet[Event], *, zoom: int, with_publication: bool = False
) -> dict[str, Any]:
    """What the map draws of a view: every event in it, lean, when there are at most
    VIEW_POINTS_MAX; else their counts per grid cell (64 px at that zoom). Bounded by the view
    or by the number of cells, never by the size of the database."""
    if events.order_by()[: VIEW_POINTS_MAX + 1].count() <= VIEW_POINTS_MAX:
        features = [
            json.loads(f)
            for f in event_features(events, lean=True, with_publication=with_publication)
        ]
        return {"mode": "points", "total": len(features), "features": features}
    cells = event_cells(events, cell_degrees=360 / 2**zoom * CELL_PX / TILE_PX)
    total = sum(cell["count"] for cell in cells)
    _draw_lone_events(cells, events, with_publication=with_publication)
    return {"mode": "cells", "total": total, "cells": cells}


def _draw_lone_events(
    cells: list[dict[str, Any]], events: QuerySet[Event], *, with_publication: bool
) -> None:
    """A cell holding one event carries that event, lean, so that the map draws the event
    itself and not a bubble saying "1". One more query, of at most as many events as cells."""
    lone = {}
    for cell in cells:
        first = cell.pop("first")
        if cell["count"] == 1:
            lone[first] = cell
    if not lone:
        return
    chosen = events.filter(pk__in=list(lone))
    for text in event_features(chosen, lean=True, with_publication=with_publication):
        feature = json.loads(text)
        lone[feature["id"]]["feature"] = feature


def event_list_for_staff(filters: EventFilters = NO_FILTERS) -> QuerySet[Event]:
    """Every event, drafts included: for staff exports only."""
    return _event_list(Event.objects.all(), filters, Actor.objects.all(), published=False)


def _in_period(events: QuerySet[Event], filters: EventFilters) -> QuerySet[Event]:
    """Events overlapping the period. On PostgreSQL as a range overlap, which the GiST index on
    (location, period) bounds on both sides; two date comparisons are bounded on one only."""
    if not (filters.start or filters.end):
        return events
    if connection.vendor == "postgresql":
        period = DateRange(filters.start, filters.end, "[]")
        return events.alias(period=Period("start_date", "end_date")).filter(period__overlap=period)
    if filters.start:
        events = events.filter(end_date__gte=filters.start)
    if filters.end:
        events = events.filter(start_date__lte=filters.end)
    return events


def _where_and_when(
    events: QuerySet[Event], filters: EventFilters, published: bool
) -> QuerySet[Event]:
    """The box and the period, each read from an index on both databases."""
    if connection.vendor == "sqlite":
        events = _spatialite_candidates(events, filters, published)
    events = _in_period(events, filters)
    if filters.bbox:
        events = events.filter(location__intersects=Polygon.from_bbox(filters.bbox))
    return events


def _spatialite_candidates(
    events: QuerySet[Event], filters: EventFilters, published: bool
) -> QuerySet[Event]:
    """The events SQLite's R*Trees find, for the exact conditions to trim (GeoDjango's
    SpatiaLite lookups never consult an index). Public reads use the R*Tree of published
    events that holds box and period at once (events.lib.spatialite); the staff's reads of drafts
    SpatiaLite's own index of the points."""
    if published and (filters.bbox or filters.start or filters.end):
        ids = spatialite.where_when_ids(filters.bbox, filters.start, filters.end)
        return events.filter(pk__in=ids)
    if filters.bbox:
        return events.filter(
            pk__in=spatialite.ids_in_bbox("events_event", "location", filters.bbox)
        )
    return events


def _event_list(
    events: QuerySet[Event],
    filters: EventFilters,
    known_actors: QuerySet[Actor],
    *,
    published: bool,
) -> QuerySet[Event]:
    events = _where_and_when(events, filters, published)
    if filters.types:
        events = events.filter(event_type__in=filters.types)
    if filters.sub_types:
        events = events.filter(sub_event_type__in=filters.sub_types)
    if filters.actors:
        unknown = set(filters.actors) - set(
            known_actors.filter(pk__in=filters.actors).values_list("pk", flat=True)
        )
        if unknown:
            raise BadParameter("actor", f"actor={min(unknown)} is not a known actor id.")
        events = events.filter(
            Exists(EventActor.objects.filter(event=OuterRef("pk"), actor__in=filters.actors))
        )
    if filters.q:
        events = events.filter(
            Q(title__icontains=filters.q)
            | Q(summary__icontains=filters.q)
            | Q(location_note__icontains=filters.q)
            | Q(place__name__icontains=filters.q)
            | Exists(
                EventActor.objects.filter(event=OuterRef("pk")).filter(
                    Q(actor__name__icontains=filters.q) | Q(actor__short_name__icontains=filters.q)
                )
            )
        )
    if filters.in_zone_of is not None:
        # The same known actors as `actor`: an actor nothing public names is unknown here too.
        if not known_actors.filter(pk=filters.in_zone_of).exists():
            raise BadParameter(
                "in_zone_of", f"in_zone_of={filters.in_zone_of} is not a known actor id."
            )
        held = _zones_under(filters.zone_date or OuterRef("start_date"))
        events = events.filter(Exists(held.filter(actor_id=filters.in_zone_of)))
    if filters.min_fatalities is not None:
        events = events.filter(fatalities_best__gte=filters.min_fatalities)
    if filters.updated_since is not None:
        events = events.filter(updated_at__gte=filters.updated_since)
    return events.order_by("start_date", "id")


def _event_actors_json() -> AsJSON:
    return json_array_or_empty(
        Subquery(
            EventActor.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(
                items=JSONGroupArray(
                    JSONObject(
                        id=F("actor_id"),
                        name=F("actor__name"),
                        short_name=NullIf(F("actor__short_name"), Value("")),
                        colour=F("actor__colour"),
                        role=F("role"),
                        role_label=choice_label("role", ActorRole.choices),
                    ),
                    # SQLite walks the unique index (event, actor, role).
                    ordering=("actor_id", "role"),
                )
            )
            .values("items")
        )
    )


def _lean_fields(*, with_publication: bool) -> dict[str, Any]:
    """What the map draws and lists; the full properties add the rest. Publication only for
    staff previews, where drafts are drawn beside published events."""
    return {
        **({"publication": F("publication")} if with_publication else {}),
        "id": F("id"),
        "title": F("title"),
        "start_date": F("start_date"),
        "end_date": F("end_date"),
        "event_type": F("event_type"),
        "sub_event_type": F("sub_event_type"),
        "geo_precision": F("geo_precision"),
        # Flat numbers: GDAL and QGIS read a nested object as a string.
        "fatalities_low": F("fatalities_low"),
        "fatalities_best": F("fatalities_best"),
        "fatalities_high": F("fatalities_high"),
    }


def event_properties(*, with_publication: bool = False) -> JSONObject:
    return JSONObject(
        **_lean_fields(with_publication=with_publication),
        date_precision=F("date_precision"),
        date_precision_label=choice_label("date_precision", DatePrecision.choices),
        event_type_label=choice_label("event_type", EventType.choices),
        sub_event_type_label=choice_label("sub_event_type", SubEventType.choices),
        disorder_type=_disorder_type(),
        place=F("place__name"),
        location_note=F("location_note"),
        fatalities=JSONObject(
            low=F("fatalities_low"), best=F("fatalities_best"), high=F("fatalities_high")
        ),
        summary=F("summary"),
        acled_id=NullIf(F("acled_id"), Value("")),
        ucdp_id=F("ucdp_id"),
        actors=_event_actors_json(),
        sources=citations_json(Citation, "event"),
        ground=_ground(),
        # Published means reviewed, and a correction is said: the day (no time, so that both
        # databases write it alike) and the note the public page shows.
        corrected_on=TruncDate("corrected_at", tzinfo=UTC),
        correction_note=F("correction_note"),
    )


def _zones_under(day: date | OuterRef) -> QuerySet[ControlZone]:
    """The published zones holding an event's point on `day` (a date or an outer reference)."""
    return ControlZone.objects.valid_on(day).filter(
        publication=PUBLISHED, geometry__contains=OuterRef("location")
    )


def _ground() -> AsJSON:
    """Who held the ground where the event happened, on its first day, as one object
    {"actor_id", "actor", "status"} (null outside every zone): a controlled zone before a
    contested one, the latest drawn first. One spatial lookup per event, not one per field."""
    zones = _zones_under(OuterRef("start_date")).order_by("-status", "-valid_from", "-id")
    held = zones.values(
        held=as_text(JSONObject(actor_id=F("actor_id"), actor=F("actor__name"), status=F("status")))
    )[:1]
    return AsJSON(Subquery(held, output_field=TextField()))


def event_properties_lean(*, with_publication: bool = False) -> JSONObject:
    """What the map draws and lists: its details come from /api/events/<id>.json on demand.
    A twentieth of the full properties' size (no actors, sources, quotes, summaries)."""
    return JSONObject(**_lean_fields(with_publication=with_publication))


def event_cells(events: QuerySet[Event], *, cell_degrees: float) -> list[dict[str, Any]]:
    """Events counted per grid cell of `cell_degrees`, with their mean point and extent, in SQL
    on both databases. Coordinates are shifted positive first, so that CAST truncates like
    floor() (SQLite has no floor() of its own)."""
    x, y = PointX("location"), PointY("location")
    rows = (
        events.order_by()
        .annotate(
            column=Cast((x + 180.0) / cell_degrees, IntegerField()),
            row=Cast((y + 90.0) / cell_degrees, IntegerField()),
        )
        .values("column", "row")
        .annotate(
            count=Count("id"),
            first=Min("id"),
            lon=Avg(x),
            lat=Avg(y),
            west=Min(x),
            south=Min(y),
            east=Max(x),
            north=Max(y),
        )
        .order_by("row", "column")
    )
    return [
        {
            "count": r["count"],
            "lat": round(r["lat"], 5),
            "lon": round(r["lon"], 5),
            "bbox": [round(r[k], 5) for k in ("west", "south", "east", "north")],
            "first": r["first"],  # the lowest id, for a cell of one event (event_view)
        }
        for r in rows
    ]


def event_features(
    events: QuerySet[Event], *, lean: bool = False, with_publication: bool = False
) -> Iterator[str]:
    choose = event_properties_lean if lean else event_properties
    properties = choose(with_publication=with_publication)
    return features(events, geometry=geometry_json("location"), properties=properties, chunk=2000)


def _in_chunks(events: QuerySet[Event]) -> Iterator[Sequence[Mapping[str, Any]]]:
    rows = (
        events.order_by("start_date", "id")
        .annotate(latitude=PointY("location"), longitude=PointX("location"))
        .values(
            "id",
            "acled_id",
            "start_date",
            "date_precision",
            "event_type",
            "sub_event_type",
            "latitude",
            "longitude",
            "geo_precision",
            "summary",
            "fatalities_best",
            "dataset_fields",
            "place__name",
            "place__country_code",
            "place__admin1",
        )
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        yield chunk


def event_acled_records(events: QuerySet[Event]) -> Iterator[dict[str, Any]]:
    """Each event with what ACLED's columns need (interchange.acled.export_row): its actors
    with their inter codes and its sources' names. Read in chunks of EXPORT_CHUNK, each
    chunk's actors and sources in two more queries: memory stays flat however many events."""
    for chunk in _in_chunks(events):
        ids = [row["id"] for row in chunk]
        actors: dict[int, list[tuple[str, str, str]]] = {}
        for event_id, name, role, inter in (
            EventActor.objects.filter(event_id__in=ids)
            .order_by("id")
            # The inter code the dataset gave the actor in this event, else the actor's type.
            .values_list("event_id", "actor__name", "role", Coalesce("inter", "actor__actor_type"))
        ):
            actors.setdefault(event_id, []).append((name, role, inter))
        sources: dict[int, dict[str, Any]] = {}
        for event_id, publisher, title in (
            Citation.objects.filter(event_id__in=ids)
            .order_by("id")
            .values_list("event_id", "source__publisher", "source__title")
        ):
            sources.setdefault(event_id, {})[publisher or title] = None
        for row in chunk:
            yield {
                **row,
                "place_name": row["place__name"],
                "country_code": row["place__country_code"],
                "admin1": row["place__admin1"],
                "actors": actors.get(row["id"], []),
                "sources": list(sources.get(row["id"], {})),
            }


def event_get_public(pk: int) -> Event | None:
    return event_list_public().select_related("place").filter(pk=pk).first()


def event_get_for_staff(pk: int) -> Event | None:
    """Any event, whatever its status: for staff previews only."""
    return Event.objects.select_related("place").filter(pk=pk).first()


def timeline_counts(events: QuerySet[Event]) -> list[dict[str, Any]]:
    """Events per start day, for the timeline's bars."""
    rows = events.order_by().values("start_date").annotate(n=Count("id")).order_by("start_date")
    return [{"date": row["start_date"].isoformat(), "count": row["n"]} for row in rows]


def weekly_counts(events: QuerySet[Event]) -> dict[str, Any]:
    """Events and their fatalities (best estimates, where known) per week and event type, for
    the map's charts: weeks start on Monday, every week from the first to the last is listed,
    and every type has one value per week (0 when none). The database groups by day and type
    (as for the timeline); the days are folded into weeks here, because SQLite's week
    truncation is a Python function Django registers, which concurrent requests on SQLite's
    shared-cache test database were seen to deadlock in."""
    rows = list(
        events.order_by()
        .values("start_date", "event_type")
        .annotate(n=Count("id"), dead=Sum("fatalities_best"))
        .order_by("start_date", "event_type")
    )
    if not rows:
        return {"weeks": [], "types": {}}

    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    first, last = monday(rows[0]["start_date"]), monday(rows[-1]["start_date"])
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    types: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        series = types.setdefault(
            row["event_type"], {"events": [0] * len(weeks), "fatalities": [0] * len(weeks)}
        )
        week = (monday(row["start_date"]) - first).days // 7
        series["events"][week] += row["n"]
        series["fatalities"][week] += row["dead"] or 0
    return {"weeks": [week.isoformat() for week in weeks], "types": types}


def actor_list_public() -> QuerySet[Actor]:
    """Actors named by a published event or zone, and the groups they belong to."""
    # EXISTS stops at an actor's first published event; a join would visit all of them (two
    # million rows for a million events: six seconds on SpatiaLite, on every map page).
    used = Actor.objects.filter(
        Exists(EventActor.objects.filter(actor=OuterRef("pk"), event__publication=PUBLISHED))
        | Exists(ControlZone.objects.filter(actor=OuterRef("pk"), publication=PUBLISHED))
    )
    return Actor.objects.filter(Q(pk__in=used) | Q(members__in=used)).distinct().order_by("name")


def public_date_span() -> tuple[date | None, date | None]:
    """First and last day the published events and zones speak of."""
    # Two aggregates, two queries: each is then one step down its own index (publication,
    # start_date) and (publication, end_date); together they would read every published row.
    published = Event.objects.filter(publication=PUBLISHED)
    events = {
        **published.aggregate(first=Min("start_date")),
        **published.aggregate(last=Max("end_date")),
    }
    zones_first, zones_last, _ = zone_date_span()
    firsts = [d for d in (events["first"], zones_first) if d]
    lasts = [d for d in (events["last"], zones_last) if d]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def withdrawn_since(since: datetime | None) -> list[dict[str, Any]]:
    """Events and zones once published and withdrawn since `since` (still withdrawn), with the
    time of their withdrawal: what a mirror must drop, as ACLED lists its deleted events."""
    answer = []
    for model, kind, ids in (
        (Event, RecordType.EVENT, ("acled_id", "ucdp_id")),
        (ControlZone, RecordType.ZONE, ()),
    ):
        withdrawn_at = Subquery(
            StatusChange.objects.filter(
                record_type=kind, record_id=OuterRef("pk"), to_status=PublicationStatus.WITHDRAWN
            )
            .order_by("-at")
            .values("at")[:1]
        )
        rows = (
            model.objects.filter(publication=PublicationStatus.WITHDRAWN)
            .annotate(withdrawn_at=withdrawn_at)
            .order_by("withdrawn_at", "pk")
        )
        if since is not None:
            rows = rows.filter(withdrawn_at__gte=since)
        for row in rows.values("pk", "withdrawn_at", *ids):
            answer.append(
                {
                    "type": kind,
                    "id": row["pk"],
                    **{name: row[name] or None for name in ids},
                    "withdrawn_at": row["withdrawn_at"].isoformat().replace("+00:00", "Z"),
                }
            )
    return answer


def events_like(
    *, lat: float, lon: float, start: date, end: date, event_type: str, km: float = 10
) -> list[Event]:
    """Events that may be the same as one about to be drafted: the same type, days in common,
    a point within `km` (drafts and published alike; withdrawn ones are gone)."""
    degrees = km / 111.0
    box = Polygon.from_bbox((lon - 2 * degrees, lat - degrees, lon + 2 * degrees, lat + degrees))
    candidates = (
        Event.objects.exclude(publication=PublicationStatus.WITHDRAWN)
        .filter(event_type=event_type, start_date__lte=end, end_date__gte=start)
        .filter(location__intersects=box)
        .order_by("start_date", "id")[:50]
    )
    return [
        event
        for event in candidates
        if approx_km((lat, lon), (event.location.y, event.location.x)) <= km
    ]
