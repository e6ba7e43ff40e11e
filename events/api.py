"""The read API: thin views over the selectors. Every answer is published data only.

Bad parameters answer 400 with {"error": ..., "field": ...}. Answers carry an ETag and a
Last-Modified taken from the data version, so browsers revalidate instead of downloading again.
"""

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

from events.filters import BadParameter, EventFilters, parse_date, refuse_unknown
from events.interchange.exporter import acled_csv, csv_rows
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
    refuse_unknown(request.GET)
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
    refuse_unknown(request.GET, allowed=("date",))
    day = parse_date(request.GET, "date") or date.today()
    features = zone_features(zone_list_public(day=day))
    return _stream(feature_collection(features, date=json.dumps(day.isoformat())), GEOJSON)


@public_read
def timeline_json(request: HttpRequest) -> HttpResponse:
    filters = EventFilters.from_query(request.GET)
    return JsonResponse({"days": timeline_counts(event_list_public(filters))})


@public_read
def actors_json(request: HttpRequest) -> HttpResponse:
    refuse_unknown(request.GET)
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


@public_read
def events_acled_csv(request: HttpRequest) -> HttpResponse:
    """The same events in ACLED's 31 columns, for tools that read ACLED files."""
    filters = EventFilters.from_query(request.GET)
    return _stream(
        acled_csv(event_list_public(filters)),
        "text/csv; charset=utf-8",
        "conflictmap-events-acled.csv",
    )
