"""The read API: thin views over the selectors. Every answer is published data only.

Bad parameters answer 400 with {"error": ..., "field": ...}. Answers carry an ETag and a
Last-Modified taken from the data version, so browsers revalidate instead of downloading again.
"""

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import wraps

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from events.filters import BadParameter, EventFilters, parse_date
from events.models import DataVersion
from events.selectors import (
    actor_list_public,
    event_features,
    event_list_public,
    feature_collection,
    timeline_counts,
    zone_features,
    zone_list_public,
)

GEOJSON = "application/geo+json"


def _version(request: HttpRequest) -> DataVersion:
    if not hasattr(request, "_data_version"):
        request._data_version = DataVersion.current()
    return request._data_version


def _etag(request: HttpRequest, *args, **kwargs) -> str:
    version = _version(request)
    # Answers without a date depend on today's date (the zones' default).
    key = f"{version.counter}|{request.get_full_path()}|{date.today()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, *args, **kwargs) -> datetime:
    return _version(request).changed_at


def public_read(view: Callable) -> Callable:
    """GET/HEAD only, conditional (304 when unchanged), 400 on bad parameters, revalidated."""

    @require_safe
    @condition(etag_func=_etag, last_modified_func=_last_modified)
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as error:
            return JsonResponse({"error": str(error), "field": error.field}, status=400)
        patch_cache_control(response, no_cache=True, public=True)
        return response

    return wrapper


def _stream(chunks: Iterator[str], content_type: str, filename: str = "") -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_read
def events_geojson(request: HttpRequest) -> HttpResponse:
    filters = EventFilters.from_query(request.GET, also_allowed=("download",))
    features = event_features(event_list_public(filters))
    filename = "conflictmap-events.geojson" if request.GET.get("download") else ""
    return _stream(feature_collection(features), GEOJSON, filename)


def _one_feature(request: HttpRequest, pk: int) -> str:
    if request.GET:
        field = sorted(request.GET)[0]
        raise BadParameter(field, f"Unknown parameter {field!r}: this address takes none.")
    feature = next(event_features(event_list_public().filter(pk=pk)), None)
    if feature is None:
        raise Http404("No published event with this id.")
    return feature


@public_read
def event_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(_one_feature(request, pk), content_type=GEOJSON)


@public_read
def event_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's facts as plain JSON (the GeoJSON Feature's properties, plus its point)."""
    feature = json.loads(_one_feature(request, pk))
    longitude, latitude = feature["geometry"]["coordinates"]
    return JsonResponse({**feature["properties"], "latitude": latitude, "longitude": longitude})


@public_read
def zones_geojson(request: HttpRequest) -> HttpResponse:
    unknown = sorted(set(request.GET) - {"date"})
    if unknown:
        raise BadParameter(unknown[0], f"Unknown parameter {unknown[0]!r}; use: date.")
    day = parse_date(request.GET, "date") or date.today()
    features = zone_features(zone_list_public(day=day))
    return _stream(feature_collection(features, date=json.dumps(day.isoformat())), GEOJSON)


@public_read
def timeline_json(request: HttpRequest) -> HttpResponse:
    filters = EventFilters.from_query(request.GET)
    return JsonResponse({"days": timeline_counts(event_list_public(filters))})


@public_read
def actors_json(request: HttpRequest) -> HttpResponse:
    if request.GET:
        field = sorted(request.GET)[0]
        raise BadParameter(field, f"Unknown parameter {field!r}: this list takes none.")
    actors = [
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
    return JsonResponse({"actors": actors})


CSV_COLUMNS = [
    "id",
    "start_date",
    "end_date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "disorder_type",
    "side_a",
    "associated_a",
    "side_b",
    "associated_b",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
    "location_note",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "title",
    "summary",
    "sources",
    "url",
]
ROLE_COLUMNS = {
    "side_a": "side_a",
    "assoc_a": "associated_a",
    "side_b": "side_b",
    "assoc_b": "associated_b",
}


def _csv_safe(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: make them text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(features: Iterator[str], detail_url: Callable[[int], str]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # a BOM so spreadsheets read UTF-8 (Arabic)
    for text in features:
        feature = json.loads(text)
        p = feature["properties"]
        roles = {column: [] for column in ROLE_COLUMNS.values()}
        for actor in p["actors"]:
            roles[ROLE_COLUMNS[actor["role"]]].append(actor["name"])
        lon, lat = feature["geometry"]["coordinates"]
        sources = dict.fromkeys(  # a source quoted twice is listed once
            f"{s['publisher'] or 'Unknown publisher'} ({s['published_on'] or 'undated'}): "
            f"{s['title']}" + (f" <{s['url']}>" if s["url"] else "")
            for s in p["sources"]
        )
        row = {
            **p,
            **{k: "; ".join(v) for k, v in roles.items()},
            "date_precision": p["date_precision_label"],
            "event_type": p["event_type_label"],
            "sub_event_type": p["sub_event_type_label"],
            "latitude": lat,
            "longitude": lon,
            "fatalities_low": p["fatalities"]["low"],
            "fatalities_best": p["fatalities"]["best"],
            "fatalities_high": p["fatalities"]["high"],
            "sources": " | ".join(sources),
            "url": detail_url(p["id"]),
        }
        yield writer.writerow([_csv_safe(row[column]) for column in CSV_COLUMNS])


@public_read
def events_csv(request: HttpRequest) -> HttpResponse:
    filters = EventFilters.from_query(request.GET)
    features = event_features(event_list_public(filters))
    base = request.build_absolute_uri("/")[:-1]

    def detail_url(pk: int) -> str:
        return base + reverse("event-detail", args=[pk])

    return _stream(
        csv_rows(features, detail_url), "text/csv; charset=utf-8", "conflictmap-events.csv"
    )
