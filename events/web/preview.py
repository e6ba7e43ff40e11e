"""The staff's preview of the map: drafts, records in review and unverifiable ones drawn beside
the published, so that an editor sees a record where the public will. Staff who may view events
only; every answer is private and never stored by any cache."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from events.lib.errors import BadParameter
from events.lib.filters import refuse_unknown
from events.models.permissions import may_preview
from events.selectors.events import (
    event_features,
    event_list_for_staff,
    event_list_preview,
    event_view,
)
from events.selectors.zones import zone_list_preview
from events.web.http import GEOJSON, facts, view_query, zone_collection, zones_day


def staff_preview(view: Callable[..., Any]) -> Callable[..., Any]:
    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_preview(request.user):
            response: HttpResponse = JsonResponse(
                {"error": "Previews are for staff who may view events: sign in at /admin/."},
                status=403,
            )
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as error:
                response = JsonResponse({"error": str(error), "field": error.field}, status=400)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    return wrapper


@staff_preview
def events_view(request: HttpRequest) -> HttpResponse:
    """The map's view (as /api/events/view.json) with every event but the withdrawn, each
    with its status."""
    filters, zoom = view_query(request)
    return JsonResponse(event_view(event_list_preview(filters), zoom=zoom, with_publication=True))


@staff_preview
def event_json(request: HttpRequest, pk: int) -> HttpResponse:
    """An event's facts for a popup, whatever its status."""
    refuse_unknown(request.GET)
    text = next(event_features(event_list_for_staff().filter(pk=pk), with_publication=True), None)
    if text is None:
        return JsonResponse({"error": "No event with this id."}, status=404)
    return JsonResponse(facts(text))


@staff_preview
def zones_geojson(request: HttpRequest) -> HttpResponse:
    day = zones_day(request)
    text = zone_collection(zone_list_preview(day=day), day, with_publication=True)
    return HttpResponse(text, content_type=GEOJSON)
