"""OGC API – Features, Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) at /ogc/: what QGIS, ArcGIS
Pro and GDAL/OGR (so R's sf and geopandas) read as a live, paged, filterable layer.

Collections: `events`, `zones` and `places`, published records only, read through the same
selectors (and the same filters, as queryables) as the map. Hand-written on the selectors rather
than through pygeoapi or django-oapif: see bench/RESULTS.md for the spike that chose this.
Every resource answers JSON, or HTML to a browser (Accept: text/html) or with `f=html`.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from events.lib.errors import BadParameter
from events.lib.filters import (
    EventFilters,
    in_range,
    parse_bbox,
    parse_whole,
    refuse_unknown,
)
from events.selectors.events import event_features, event_list_public, public_date_span
from events.selectors.places import place_features, place_list
from events.selectors.zones import zone_export_features, zone_list_between
from events.web.http import public_read

GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
LIMIT_DEFAULT, LIMIT_MAX = 100, 10_000
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
# The map's event filters, offered as queryables (and, as the spec allows, as parameters).
EVENT_QUERYABLES = {
    "type": "ACLED event type code (battles, explosions, vac, protests, riots, strategic)",
    "sub_type": "ACLED sub-event type code (armed_clash, air_drone_strike, …)",
    "actor": "actor id (from /api/actors.json)",
    "min_fatalities": "at least this many fatalities (best estimate)",
    "q": "text in titles, summaries, places and actor names",
}
COMMON = ("f", "bbox", "bbox-crs", "datetime", "limit", "offset")

COLLECTIONS: dict[str, dict[str, Any]] = {
    "events": {
        "title": "Conflict events",
        "description": "Published, geocoded conflict events (ACLED's event types), one point "
        "each, with dates, actors, fatalities and sources.",
        "queryables": EVENT_QUERYABLES,
    },
    "zones": {
        "title": "Control zones",
        "description": "Published territorial control zones: who held or contested the ground, "
        "from valid_from to valid_to (datetime selects the zones valid on some day of it).",
        "queryables": {},
    },
    "places": {
        "title": "Gazetteer",
        "description": "The places events are geocoded against (GeoNames and editors' places).",
        "queryables": {},
    },
}


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("ogc-landing")).rstrip("/")


def _wants_html(request: HttpRequest) -> bool:
    f = request.GET.get("f", "")
    if f:
        if f not in ("json", "html"):
            raise BadParameter("f", "f must be json or html.")
        return f == "html"
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept


def _answer(
    request: HttpRequest, document: dict[str, Any], *, title: str, content_type: str
) -> HttpResponse:
    if _wants_html(request):
        rows = [
            (feature.get("id"), [(key, for_people(value)) for key, value in properties.items()])
            for feature in document.get("features", [])
            for properties in [feature.get("properties") or {}]
        ]
        context = {
            "title": title,
            "document": document,
            "rows": rows,
            "pretty": json.dumps(document, indent=2),
        }
        return render(request, "ogc/page.html", context)
    return HttpResponse(json.dumps(document), content_type=content_type)


def for_people(value: Any) -> str:
    """A property's value as a reader reads it on the HTML pages: "—" for nothing, lists joined,
    an object by its parts ("low 24, best 30, high 40"), an actor or a source by its name."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(for_people(item) for item in value)
    if isinstance(value, dict):
        for name in ("name", "title"):
            if isinstance(value.get(name), str):
                role = value.get("role_label") or value.get("publisher")
                return f"{value[name]} ({role})" if role else value[name]
        return ", ".join(f"{key} {for_people(v)}" for key, v in value.items() if v is not None)
    return str(value)


def _links(base: str, path: str, *, title: str) -> list[dict[str, Any]]:
    return [
        {"href": f"{base}{path}?f=json", "rel": "self", "type": "application/json", "title": title},
        {"href": f"{base}{path}?f=html", "rel": "alternate", "type": "text/html", "title": title},
    ]


@public_read
def landing(request: HttpRequest) -> HttpResponse:
    refuse_unknown(request.GET, allowed=("f",))
    base = _base(request)
    document = {
        "title": "conflictmap",
        "description": "Conflict events, control zones over time and the gazetteer, as OGC API "
        "– Features (published records only).",
        "links": [
            *_links(base, "/", title="This document"),
            {"href": f"{base}/api", "rel": "service-desc", "type": OPENAPI,
             "title": "The API definition (OpenAPI 3.0)"},
            {"href": f"{base}/conformance", "rel": "conformance", "type": "application/json",
             "title": "Conformance classes"},
            {"href": f"{base}/collections", "rel": "data", "type": "application/json",
             "title": "Collections"},
        ],
    }  # fmt: skip
    return _answer(request, document, title="conflictmap", content_type="application/json")


@public_read
def conformance(request: HttpRequest) -> HttpResponse:
    refuse_unknown(request.GET, allowed=("f",))
    document = {"conformsTo": CONFORMANCE}
    return _answer(request, document, title="Conformance", content_type="application/json")


def _extent(name: str) -> dict[str, Any]:
    first, last = public_date_span()
    interval = [
        f"{first.isoformat()}T00:00:00Z" if first else None,
        f"{last.isoformat()}T23:59:59Z" if last else None,
    ]
    extent: dict[str, Any] = {"spatial": {"bbox": [[-180, -90, 180, 90]], "crs": CRS84}}
    if name != "places":
        extent["temporal"] = {
            "interval": [interval],
            "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
        }
    return extent


def _collection(base: str, name: str) -> dict[str, Any]:
    meta = COLLECTIONS[name]
    return {
        "id": name,
        "title": meta["title"],
        "description": meta["description"],
        "itemType": "feature",
        "crs": [CRS84],
        "extent": _extent(name),
        "links": [
            *_links(base, f"/collections/{name}", title=meta["title"]),
            {"href": f"{base}/collections/{name}/items?f=json", "rel": "items", "type": GEOJSON,
             "title": f"{meta['title']} (GeoJSON)"},
            {"href": f"{base}/collections/{name}/items?f=html", "rel": "items",
             "type": "text/html", "title": f"{meta['title']} (HTML)"},
            {"href": f"{base}/collections/{name}/schema", "rel": "describedby",
             "type": "application/schema+json", "title": "The features' properties"},
        ],
    }  # fmt: skip


@public_read
def collections(request: HttpRequest) -> HttpResponse:
    refuse_unknown(request.GET, allowed=("f",))
    base = _base(request)
    document = {
        "links": _links(base, "/collections", title="Collections"),
        "collections": [_collection(base, name) for name in COLLECTIONS],
    }
    return _answer(request, document, title="Collections", content_type="application/json")


@public_read
def collection(request: HttpRequest, name: str) -> HttpResponse:
    if name not in COLLECTIONS:
        raise Http404(f"No collection {name!r}: events, zones or places.")
    refuse_unknown(request.GET, allowed=("f",))
    document = _collection(_base(request), name)
    return _answer(
        request, document, title=COLLECTIONS[name]["title"], content_type="application/json"
    )


# The properties' types (JSON Schema), so that GIS clients type their fields before reading
# any feature: a page of events without fatalities would otherwise make them text.
INTEGER, TEXT, DAY = {"type": "integer"}, {"type": "string"}, {"type": "string", "format": "date"}
SCHEMAS = {
    "events": {
        "id": INTEGER, "title": TEXT, "start_date": DAY, "end_date": DAY, "event_type": TEXT,
        "sub_event_type": TEXT, "geo_precision": INTEGER, "fatalities_low": INTEGER,
        "fatalities_best": INTEGER, "fatalities_high": INTEGER, "date_precision": INTEGER,
        "place": TEXT, "location_note": TEXT, "summary": TEXT, "acled_id": TEXT,
        "ucdp_id": INTEGER,
    },
    "zones": {
        "id": INTEGER, "controller_id": INTEGER, "controller": TEXT, "controller_inter": INTEGER,
        "colour": TEXT, "status": TEXT, "valid_from": DAY, "valid_to": DAY, "confidence": INTEGER,
        "note": TEXT, "predecessor_id": INTEGER,
    },
    "places": {
        "id": INTEGER, "name": TEXT, "kind": TEXT, "country_code": TEXT, "admin1": TEXT,
        "population": INTEGER, "geo_precision": INTEGER, "geonames_id": INTEGER,
    },
}  # fmt: skip


@public_read
def schema(request: HttpRequest, name: str) -> HttpResponse:
    if name not in COLLECTIONS:
        raise Http404(f"No collection {name!r}: events, zones or places.")
    refuse_unknown(request.GET, allowed=("f",))
    document = {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": f"{_base(request)}/collections/{name}/schema",
        "type": "object",
        "title": COLLECTIONS[name]["title"],
        "properties": SCHEMAS[name],
    }
    return HttpResponse(json.dumps(document), content_type="application/schema+json")


def parse_datetime(raw: str) -> tuple[date | None, date | None]:
    """An instant or an interval (RFC 3339, open ends as '..' or empty), as the days it spans."""

    def day(part: str) -> date | None:
        part = part.strip()
        if part in ("", ".."):
            return None
        try:
            moment = datetime.fromisoformat(part.replace("Z", "+00:00")) if "T" in part else None
            named = moment.date() if moment else date.fromisoformat(part)
        except ValueError:
            raise BadParameter(
                "datetime",
                f"datetime={raw!r}: give an instant (2017-06-20 or 2017-06-20T10:00:00Z) or an "
                "interval (2017-06-01/2017-06-30, ../2017-06-30, 2017-06-01/..).",
            ) from None
        in_range("datetime", raw, named)  # before a time zone moves it
        if moment is None:
            return named
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).date()

    if "/" in raw:
        first, last = raw.split("/", 1)
        start, end = day(first), day(last)
        if first.strip() in ("", "..") and last.strip() in ("", ".."):
            raise BadParameter("datetime", "datetime=../..: give at least one end.")
        if start and end and start > end:
            raise BadParameter("datetime", f"datetime={raw!r}: the start is after the end.")
        return start, end
    instant = day(raw)
    if instant is None:
        raise BadParameter("datetime", "datetime=..: give a day or an interval.")
    return instant, instant


def parse_ogc_bbox(params: QueryDict) -> tuple[float, float, float, float] | None:
    """The map's bbox (events.lib.filters.parse_bbox, the same checks), which OGC also allows with
    heights (six numbers: minLon,minLat,minZ,maxLon,maxLat,maxZ) and a bbox-crs, CRS84 only."""
    crs = params.get("bbox-crs", CRS84)
    if crs != CRS84:
        raise BadParameter("bbox-crs", f"bbox-crs must be {CRS84} (longitude, latitude).")
    parts = params.get("bbox", "").split(",")
    if len(parts) == 6:  # heights do not apply to points and zones on the ground
        params = params.copy()
        params["bbox"] = ",".join(parts[:2] + parts[3:5])
    return parse_bbox(params)


def _event_items(request: HttpRequest, bbox, start, end):
    queryables = QueryDict(mutable=True)
    for name in EVENT_QUERYABLES:
        queryables.setlist(name, request.GET.getlist(name))
    filters = replace(EventFilters.from_query(queryables), bbox=bbox, start=start, end=end)
    events = event_list_public(filters)
    return events, lambda rows: event_features(rows)


def _zone_items(request: HttpRequest, bbox, start, end):
    zones = zone_list_between(bbox=bbox, start=start, end=end)
    return zones, zone_export_features


def _place_items(request: HttpRequest, bbox, start, end):
    return place_list(bbox=bbox), place_features


ITEMS: dict[str, Callable] = {"events": _event_items, "zones": _zone_items, "places": _place_items}


@public_read
def items(request: HttpRequest, name: str) -> HttpResponse:
    if name not in COLLECTIONS:
        raise Http404(f"No collection {name!r}: events, zones or places.")
    refuse_unknown(request.GET, allowed=(*COMMON, *COLLECTIONS[name]["queryables"]))
    limit = parse_whole(request.GET, "limit", minimum=1, maximum=LIMIT_MAX) or LIMIT_DEFAULT
    offset = parse_whole(request.GET, "offset", maximum=10**9) or 0
    bbox = parse_ogc_bbox(request.GET)
    start = end = None
    if request.GET.get("datetime", "").strip():
        if name == "places":
            raise BadParameter("datetime", "The gazetteer has no time: leave datetime out.")
        start, end = parse_datetime(request.GET["datetime"])
    rows, features = ITEMS[name](request, bbox, start, end)
    matched = rows.count()
    page = list(features(rows[offset : offset + limit]))
    base = _base(request)
    path = f"/collections/{name}/items"

    def link(rel: str, at: int, kind: str, f: str) -> dict[str, Any]:
        params = request.GET.copy()
        params["f"], params["offset"], params["limit"] = f, str(at), str(limit)
        return {"href": f"{base}{path}?{params.urlencode()}", "rel": rel, "type": kind}

    links = [link("self", offset, GEOJSON, "json"), link("alternate", offset, "text/html", "html")]
    if offset + len(page) < matched:
        links.append(link("next", offset + limit, GEOJSON, "json"))
    if offset:
        links.append(link("prev", max(0, offset - limit), GEOJSON, "json"))
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if _wants_html(request):
        document = {
            "type": "FeatureCollection",
            "features": [json.loads(f) for f in page],
            "numberMatched": matched,
            "numberReturned": len(page),
            "links": links,
        }
        return _answer(request, document, title=COLLECTIONS[name]["title"], content_type=GEOJSON)
    body = (
        '{"type": "FeatureCollection", "features": [' + ",".join(page) + "], "
        f'"numberMatched": {matched}, "numberReturned": {len(page)}, '
        f'"timeStamp": "{stamp}", "links": {json.dumps(links)}}}'
    )
    return HttpResponse(body, content_type=GEOJSON)


def _one(name: str, pk: int) -> Iterator[str]:
    if name == "events":
        return event_features(event_list_public().filter(pk=pk))
    if name == "zones":
        return zone_export_features(
            zone_list_between(bbox=None, start=None, end=None).filter(pk=pk)
        )
    return place_features(place_list(bbox=None).filter(pk=pk))


@public_read
def item(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    if name not in COLLECTIONS:
        raise Http404(f"No collection {name!r}: events, zones or places.")
    refuse_unknown(request.GET, allowed=("f",))
    found = next(iter(_one(name, pk)), None)
    if found is None:
        raise Http404(f"No published {name[:-1]} {pk}.")
    feature = json.loads(found)
    base = _base(request)
    path = f"/collections/{name}/items/{pk}"
    feature["links"] = [
        {"href": f"{base}{path}?f=json", "rel": "self", "type": GEOJSON},
        {"href": f"{base}{path}?f=html", "rel": "alternate", "type": "text/html"},
        {
            "href": f"{base}/collections/{name}?f=json",
            "rel": "collection",
            "type": "application/json",
        },
    ]
    return _answer(
        request, feature, title=f"{COLLECTIONS[name]['title']}: {pk}", content_type=GEOJSON
    )


def _parameter(
    name: str, description: str, schema: dict[str, Any], *, required: bool = False
) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema, "style": "form", "explode": False}  # fmt: skip


@public_read
def openapi(request: HttpRequest) -> HttpResponse:
    refuse_unknown(request.GET, allowed=("f",))
    base = _base(request)
    common = [
        _parameter("f", "json or html", {"type": "string", "enum": ["json", "html"]}),
    ]
    paging = [
        _parameter("limit", f"features per page (default {LIMIT_DEFAULT})",
                   {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX,
                    "default": LIMIT_DEFAULT}),
        _parameter("offset", "features to skip (the next link gives it)",
                   {"type": "integer", "minimum": 0}),
        _parameter("bbox", "minLon,minLat,maxLon,maxLat (CRS84)",
                   {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}),
        _parameter("bbox-crs", "only CRS84", {"type": "string", "format": "uri"}),
        _parameter("datetime", "an instant or an interval (open ends as ..)", {"type": "string"}),
    ]  # fmt: skip
    paths: dict[str, Any] = {
        "/": {"get": {"summary": "Landing page", "operationId": "getLandingPage",
                      "parameters": common, "responses": {"200": {"description": "Links"}}}},
        "/conformance": {"get": {"summary": "Conformance classes", "operationId": "getConformance",
                                 "parameters": common,
                                 "responses": {"200": {"description": "conformsTo"}}}},
        "/collections": {"get": {"summary": "Collections", "operationId": "getCollections",
                                 "parameters": common,
                                 "responses": {"200": {"description": "The collections"}}}},
    }  # fmt: skip
    for name, meta in COLLECTIONS.items():
        extra = [_parameter(q, text, {"type": "string"}) for q, text in meta["queryables"].items()]
        paths[f"/collections/{name}"] = {
            "get": {
                "summary": meta["title"],
                "operationId": f"describe_{name}",
                "parameters": common,
                "responses": {"200": {"description": "The collection"}},
            }
        }
        paths[f"/collections/{name}/items"] = {
            "get": {
                "summary": f"{meta['title']}: features",
                "operationId": f"get_{name}_features",
                "parameters": [*common, *paging, *extra],
                "responses": {
                    "200": {
                        "description": "A page of features",
                        "content": {GEOJSON: {"schema": {"type": "object"}}},
                    },
                    "400": {"description": "A bad parameter, named"},
                },
            }
        }
        paths[f"/collections/{name}/items/{{featureId}}"] = {
            "get": {
                "summary": f"{meta['title']}: one feature",
                "operationId": f"get_{name}_feature",
                "parameters": [
                    *common,
                    {
                        "name": "featureId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                ],
                "responses": {"200": {"description": "A feature"}, "404": {"description": "None"}},
            }
        }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "conflictmap OGC API – Features", "version": "1.0.0",
                 "description": "Published conflict events, control zones and the gazetteer."},
        "servers": [{"url": base}],
        "paths": paths,
    }  # fmt: skip
    if _wants_html(request):
        return _answer(request, document, title="API definition", content_type=OPENAPI)
    return JsonResponse(document, content_type=OPENAPI)
