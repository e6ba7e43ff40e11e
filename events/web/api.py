"""The read API: thin views over the selectors. Every answer is published data only.

Bad parameters answer 400 with {"error": ..., "field": ...}; answers carry an ETag taken from
the data version (events/web/http.py), so browsers revalidate instead of downloading again.
"""

import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.urls import reverse

from events.interchange.exporter import acled_csv, csv_rows
from events.interchange.zone_files import geojson_to_gpkg
from events.lib.errors import BadParameter
from events.lib.filters import (
    EventFilters,
    parse_choice,
    parse_date,
    parse_ids,
    parse_instant,
    parse_whole,
    refuse_unknown,
)
from events.lib.tiles import MAX_ZOOM, tile_bbox
from events.selectors.events import (
    actor_list_public,
    event_acled_records,
    event_features,
    event_list_public,
    event_view,
    timeline_counts,
    weekly_counts,
    withdrawn_since,
)
from events.selectors.geojson import feature_collection
from events.selectors.places import place_labels
from events.selectors.territory import (
    MAX_STEPS,
    STEPS,
    country_named,
    country_names,
    step_dates,
    territory_series,
)
from events.selectors.zones import (
    territory_changes,
    zone_export_collection,
    zone_list_public,
)
from events.web.downloads import holding_a_slot
from events.web.http import (
    GEOJSON,
    cached,
    facts,
    public_read,
    stream,
    view_query,
    zone_collection,
    zones_day,
)

PAGE_DEFAULT, PAGE_MAX = 1_000, 10_000


@public_read
def events_geojson(request: HttpRequest) -> HttpResponseBase:
    """A page of events (`limit`, at most PAGE_MAX; `offset`; a `next` link when there are
    more), lean unless `fields=full`. `download=1` is the export: every event, full, streamed."""
    filters = EventFilters.from_query(
        request.GET, also_allowed=("download", "fields", "limit", "offset")
    )
    events = event_list_public(filters)
    if request.GET.get("download"):
        features = event_features(events)
        return holding_a_slot(
            request,
            lambda: stream(feature_collection(features), GEOJSON, "conflictmap-events.geojson"),
        )
    fields = parse_choice(request.GET, "fields", ("lean", "full"))
    limit = parse_whole(request.GET, "limit", minimum=1, maximum=PAGE_MAX) or PAGE_DEFAULT
    offset = parse_whole(request.GET, "offset", maximum=10**9) or 0
    page = event_features(events[offset : offset + limit + 1], lean=fields == "lean")
    return stream(_page(request, page, limit=limit, offset=offset), GEOJSON)


def _page(request: HttpRequest, features: Iterator[str], *, limit: int, offset: int):
    """A FeatureCollection of at most `limit` features, then how many and the next page."""
    yield '{"type": "FeatureCollection", "features": ['
    returned = 0
    more = False
    for feature in features:
        if returned == limit:
            more = True
            break
        yield ("," if returned else "") + feature
        returned += 1
    links = []
    if more:
        params = request.GET.copy()
        params["offset"] = str(offset + limit)
        links.append({"rel": "next", "href": f"{request.path}?{params.urlencode()}"})
    yield f'], "numberReturned": {returned}, "links": {json.dumps(links)}}}'


@public_read
def events_view(request: HttpRequest) -> HttpResponseBase:
    """What the map shows of a view (`bbox` required, `zoom`): every event in it, lean, when
    there are at most VIEW_POINTS_MAX; else their counts per grid cell (64 px at that zoom).
    Never the whole database: the answer is bounded by the view, or by the number of cells."""
    filters, zoom = view_query(request)
    return JsonResponse(cached(request, lambda: event_view(event_list_public(filters), zoom=zoom)))


def _one_feature(request: HttpRequest, pk: int) -> str:
    refuse_unknown(request.GET)
    feature = next(event_features(event_list_public().filter(pk=pk)), None)
    if feature is None:
        raise Http404("No published event with this id.")
    return feature


@public_read
def event_geojson(request: HttpRequest, pk: int) -> HttpResponseBase:
    return HttpResponse(cached(request, lambda: _one_feature(request, pk)), content_type=GEOJSON)


@public_read
def event_json(request: HttpRequest, pk: int) -> HttpResponseBase:
    return JsonResponse(facts(cached(request, lambda: _one_feature(request, pk))))


@public_read
def zones_geojson(request: HttpRequest) -> HttpResponseBase:
    day = zones_day(request)
    # Few zones a day, asked for on every step of the map's date: kept whole.
    text = cached(request, lambda: zone_collection(zone_list_public(day=day), day))
    return HttpResponse(text, content_type=GEOJSON)


@public_read
def zone_changes_geojson(request: HttpRequest) -> HttpResponseBase:
    """Territory gained and lost by each controller between two days (published zones)."""
    refuse_unknown(request.GET, allowed=("from", "to"))
    since, until = _required_period(request, "from", "to")
    features = cached(request, lambda: territory_changes(since=since, until=until))
    collection = {"type": "FeatureCollection", "from": str(since), "to": str(until)}
    return HttpResponse(json.dumps({**collection, "features": features}), content_type=GEOJSON)


@public_read
def territory_json(request: HttpRequest) -> HttpResponseBase:
    """Each controller's ground (km², share of the country, people) on each step date."""
    refuse_unknown(request.GET, allowed=("start", "end", "step", "actor", "country"))
    start, end = _required_period(request, "start", "end")
    step = parse_choice(request.GET, "step", ("week", *(s for s in STEPS if s != "week")))
    if len(step_dates(start, end, step)) > MAX_STEPS:
        raise BadParameter(
            "step",
            f"{start} to {end} by {step} is more than {MAX_STEPS:,} dates: take a longer step.",
        )
    actors = parse_ids(request.GET, "actor")
    country = request.GET.get("country", "").strip()
    if country and country_named(country) is None:
        raise BadParameter(
            "country", f"country={country!r} is not one of: {', '.join(country_names())}."
        )
    return JsonResponse(
        cached(
            request,
            lambda: territory_series(
                start=start, end=end, step=step, actor_ids=list(actors), country=country
            ),
        )
    )


ZONE_FILES = {"geojson": GEOJSON, "gpkg": "application/geopackage+sqlite3"}


@public_read
def zones_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The published zones of `date`, or their whole history, as a GeoJSON or GeoPackage file."""
    if fmt not in ZONE_FILES:
        raise Http404("Zones are exported as .geojson or .gpkg.")
    refuse_unknown(request.GET, allowed=("date",))
    day = parse_date(request.GET, "date")
    name = f"conflictmap-zones-{day.isoformat() if day else 'history'}.{fmt}"
    if fmt == "geojson":
        return stream(zone_export_collection(day), GEOJSON, name)
    return _geopackage(name, zones=zone_export_collection(day))


def _geopackage(name: str, **layers: Iterator[str]) -> FileResponse:
    """A GeoPackage download of GeoJSON texts, a layer each (written by ogr2ogr to a scratch
    file, streamed from it)."""
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / name
        for index, (layer, chunks) in enumerate(layers.items()):
            geojson_to_gpkg(chunks, target, layer=layer, add=index > 0)
        handle = target.open("rb")  # still readable once its directory is gone (POSIX)
    return FileResponse(handle, as_attachment=True, filename=name, content_type=ZONE_FILES["gpkg"])


def _required_period(request: HttpRequest, first: str, last: str) -> tuple[date, date]:
    since, until = parse_date(request.GET, first), parse_date(request.GET, last)
    for name, value in ((first, since), (last, until)):
        if value is None:
            raise BadParameter(name, f"{name} is required: a date, YYYY-MM-DD.")
    assert since and until
    if since > until:
        raise BadParameter(first, f"{first}={since} is after {last}={until}.")
    return since, until


@public_read
def timeline_json(request: HttpRequest) -> HttpResponseBase:
    filters = EventFilters.from_query(request.GET)
    return JsonResponse(
        cached(request, lambda: {"days": timeline_counts(event_list_public(filters))})
    )


# Enough names to fill the 512 screen pixels the map shows a tile on (it asks for the tiles of
# the zoom above its own); the map keeps those that do not collide.
LABELS_PER_TILE = 60


@public_read
def labels_json(request: HttpRequest, z: int, x: int, y: int) -> HttpResponseBase:
    """The gazetteer's place names in one map tile, most important first: a tile's answer is
    the same for every view, so each is computed once per state of the data."""
    refuse_unknown(request.GET)
    if z > MAX_ZOOM:
        raise BadParameter("z", f"z={z}: labels go to zoom {MAX_ZOOM}.")
    for name, value in (("x", x), ("y", y)):
        if value >= 2**z:
            raise BadParameter(
                name, f"{name}={value}: a tile of zoom {z} is numbered 0 to {2**z - 1}."
            )
    bbox = tile_bbox(z, x, y)
    return JsonResponse(
        cached(request, lambda: {"labels": place_labels(bbox, limit=LABELS_PER_TILE)})
    )


@public_read
def weekly_json(request: HttpRequest) -> HttpResponseBase:
    """Events and fatalities per week and type, for the same filters as the events."""
    filters = EventFilters.from_query(request.GET)
    return JsonResponse(cached(request, lambda: weekly_counts(event_list_public(filters))))


@public_read
def actors_json(request: HttpRequest) -> HttpResponseBase:
    refuse_unknown(request.GET)
    return JsonResponse(cached(request, _actors))


def _actors() -> dict[str, Any]:
    return {
        "actors": [
            {
                "id": actor.pk,
                "name": actor.name,
                "short_name": actor.short_name or None,
                "actor_type": actor.actor_type,
                "actor_type_label": actor.get_actor_type_display(),
                "colour": actor.colour,
                "parent": actor.parent_id,
            }
            for actor in actor_list_public()
        ]
    }


@public_read
def events_csv(request: HttpRequest) -> HttpResponseBase:
    filters = EventFilters.from_query(request.GET)
    features = event_features(event_list_public(filters))
    base = request.build_absolute_uri("/")[:-1]

    def detail_url(pk: int) -> str:
        return base + reverse("event-detail", args=[pk])

    return holding_a_slot(
        request,
        lambda: stream(
            csv_rows(features, detail_url), "text/csv; charset=utf-8", "conflictmap-events.csv"
        ),
    )


def _without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@public_read
def view_gpkg(request: HttpRequest) -> HttpResponseBase:
    """What the map shows, in one GeoPackage: the events the filters select (layer `events`)
    and the zones of the map date (layer `zones`), published only. Built whole before it is
    sent, so only up to GPKG_MAX_EVENTS events: past that, the streamed GeoJSON or CSV."""
    filters = EventFilters.from_query(request.GET, also_allowed=("map_date",))
    day = parse_date(request.GET, "map_date") or date.today()
    events = event_list_public(filters)
    count = events.count()
    if count > settings.GPKG_MAX_EVENTS:
        return JsonResponse(
            {
                "error": f"These filters select {count:,} events; a GeoPackage is made of at "
                f"most {settings.GPKG_MAX_EVENTS:,}. Narrow the period, the area or the actors, "
                "or take the same events as GeoJSON or CSV, which stream.",
                "field": None,
                # The export: every event, full, streamed.
                "geojson": f"{reverse('api-events')}?{_without(request, 'map_date')}&download=1",
                "csv": f"{reverse('api-events-csv')}?{_without(request, 'map_date')}",
            },
            status=400,
        )
    return holding_a_slot(
        request,
        lambda: _geopackage(
            "conflictmap-view.gpkg",
            events=feature_collection(event_features(events)),
            zones=zone_export_collection(day),
        ),
    )


@public_read
def events_acled_csv(request: HttpRequest) -> HttpResponseBase:
    """The same events in ACLED's 31 columns, for tools that read ACLED files."""
    filters = EventFilters.from_query(request.GET)
    events = event_list_public(filters)  # a bad parameter is refused here, before any slot
    return holding_a_slot(
        request,
        lambda: stream(
            acled_csv(event_acled_records(events)),
            "text/csv; charset=utf-8",
            "conflictmap-events-acled.csv",
        ),
    )


@public_read
def withdrawn_json(request: HttpRequest) -> HttpResponseBase:
    """What was published and is withdrawn (`since` a day or an instant): mirrors drop these.
    Their content is gone from every other answer; only their ids and dates are given."""
    refuse_unknown(request.GET, allowed=("since",))
    since = parse_instant(request.GET, "since")
    return JsonResponse(
        {"since": since.isoformat() if since else None, "withdrawn": withdrawn_since(since)}
    )
