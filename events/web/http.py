"""What the public web's reads share: GET only, conditional on the data version's ETag, a bad
parameter answered 400 naming its field, streaming from the replica, the answers cached per
data version; and the query parsing and answer shapes the API and staff's preview both use.

No Last-Modified: its one-second resolution answered 304 to a client that asked again within
the second of a change.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe
from django.views.defaults import page_not_found

from events.lib.errors import BadParameter
from events.lib.filters import (
    EventFilters,
    parse_date,
    parse_whole,
    refuse_unknown,
)
from events.models import ControlZone, DataVersion
from events.selectors.geojson import feature_collection
from events.selectors.zones import (
    zone_features,
)
from events.web.caching import per_data_version
from events.web.replica import reads_from_replica, streamed_from_replica

GEOJSON = "application/geo+json"


T = TypeVar("T")


def data_version(request: HttpRequest) -> DataVersion:
    """The data version this request's answer is of: read once, whatever asks for it."""
    known: DataVersion | None = getattr(request, "_data_version", None)
    if known is None:
        known = DataVersion.current()
        setattr(request, "_data_version", known)  # noqa: B010 - not an attribute HttpRequest declares
    return known


def etag(request: HttpRequest, *args: object, **kwargs: object) -> str:
    # Answers without a date depend on today's date (the zones' default).
    key = f"{data_version(request).token}|{request.get_full_path()}|{date.today()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def public_read(view: Callable[..., Any]) -> Callable[..., Any]:
    """GET/HEAD only, conditional (304 when unchanged), 400 on bad parameters, revalidated;
    read from the replica when there is one."""

    @reads_from_replica
    @require_safe
    @condition(etag_func=etag)
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response: HttpResponseBase = view(request, *args, **kwargs)
        except BadParameter as error:
            return JsonResponse({"error": str(error), "field": error.field}, status=400)
        patch_cache_control(response, no_cache=True, public=True)
        return response

    return wrapper


def stream(chunks: Iterator[str], content_type: str, filename: str = "") -> StreamingHttpResponse:
    response = StreamingHttpResponse(streamed_from_replica(chunks), content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def view_query(request: HttpRequest) -> tuple[EventFilters, int]:
    """The view endpoints' filters and zoom; the view's box is required."""
    filters = EventFilters.from_query(request.GET, also_allowed=("zoom",))
    if not filters.bbox:
        raise BadParameter("bbox", "bbox is required: the view's minLon,minLat,maxLon,maxLat.")
    zoom = parse_whole(request.GET, "zoom", maximum=22)
    if zoom is None:
        raise BadParameter("zoom", "zoom is required: the map's zoom level, 0 to 22.")
    return filters, zoom


def cached(request: HttpRequest, compute: Callable[[], T]) -> T:
    """The answer to this query, computed once per state of the data. The key is the
    normalised query (its parameters sorted), so `?b=1&a=2` and `?a=2&b=1` share an answer."""
    query = sorted((name, sorted(values)) for name, values in request.GET.lists())
    key = f"api|{request.path}|{json.dumps(query)}|{date.today()}"
    return per_data_version(key, compute, version=data_version(request))


def facts(feature_text: str) -> dict[str, Any]:
    """An event's facts as plain JSON: the GeoJSON Feature's properties, plus its point."""
    feature = json.loads(feature_text)
    longitude, latitude = feature["geometry"]["coordinates"]
    return {**feature["properties"], "latitude": latitude, "longitude": longitude}


def zones_day(request: HttpRequest) -> date:
    refuse_unknown(request.GET, allowed=("date",))
    return parse_date(request.GET, "date") or date.today()


def zone_collection(
    zones: QuerySet[ControlZone], day: date, *, with_publication: bool = False
) -> str:
    features = zone_features(zones, with_publication=with_publication)
    return "".join(feature_collection(features, date=json.dumps(day.isoformat())))


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 (settings' handler404): under /api/ the JSON every other API answer is,
    naming what was not found, so that a client reads it as it reads a 400; elsewhere the page."""
    if request.path.startswith("/api/"):
        said = exception.args[0] if isinstance(exception, Http404) and exception.args else ""
        message = said if isinstance(said, str) and said else f"No such resource: {request.path}"
        return JsonResponse({"error": message, "field": None}, status=404)
    return page_not_found(request, exception)
