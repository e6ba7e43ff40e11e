"""The read API: GeoJSON of published events and of the zones valid on a date."""

import json
from datetime import date

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from events.models import ControlZone, Event
from events.selectors import event_list_public, zone_list_public


class BadParameter(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def parse_date(request: HttpRequest, field: str, default: date | None = None) -> date | None:
    raw = request.GET.get(field, "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(field, f"{field}={raw!r} is not a date in YYYY-MM-DD form.") from None


def bad_request(error: BadParameter) -> JsonResponse:
    return JsonResponse({"error": str(error), "field": error.field}, status=400)


def _fatalities(event: Event) -> dict:
    return {
        "low": event.fatalities_low,
        "best": event.fatalities_best,
        "high": event.fatalities_high,
    }


def event_feature(event: Event) -> dict:
    return {
        "type": "Feature",
        "id": event.pk,
        "geometry": json.loads(event.location.geojson),
        "properties": {
            "id": event.pk,
            "title": event.title,
            "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat(),
            "date_precision": event.get_date_precision_display(),
            "event_type": event.event_type,
            "event_type_label": event.get_event_type_display(),
            "sub_event_type": event.get_sub_event_type_display(),
            "disorder_type": event.disorder_type,
            "place": event.place.name if event.place else None,
            "geo_precision": event.geo_precision,
            "location_note": event.location_note,
            "fatalities": _fatalities(event),
            "summary": event.summary,
            "actors": [
                {"id": ea.actor_id, "name": ea.actor.name, "role": ea.get_role_display()}
                for ea in event.event_actors.all()
            ],
            "sources": [
                {
                    "publisher": c.source.publisher or None,
                    "title": c.source.title,
                    "url": c.source.url or None,
                    "published_on": c.source.published_on.isoformat()
                    if c.source.published_on
                    else None,
                    "quote": c.quote,
                }
                for c in event.citations.all()
            ],
        },
    }


def zone_feature(zone: ControlZone) -> dict:
    return {
        "type": "Feature",
        "id": zone.pk,
        "geometry": json.loads(zone.geometry.geojson),
        "properties": {
            "id": zone.pk,
            "controller_id": zone.actor_id,
            "controller": zone.actor.name,
            "controller_label": zone.actor.label,
            "colour": zone.actor.colour,
            "status": zone.status,
            "valid_from": zone.valid_from.isoformat(),
            "valid_to": zone.valid_to.isoformat() if zone.valid_to else None,
            "confidence": zone.get_confidence_display(),
            "note": zone.note,
        },
    }


@require_GET
def events_geojson(request: HttpRequest) -> JsonResponse:
    events = event_list_public()
    features = [event_feature(event) for event in events]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_GET
def zones_geojson(request: HttpRequest) -> JsonResponse:
    try:
        day = parse_date(request, "date", default=date.today())
    except BadParameter as error:
        return bad_request(error)
    features = [zone_feature(zone) for zone in zone_list_public(day=day)]
    return JsonResponse(
        {"type": "FeatureCollection", "date": day.isoformat(), "features": features}
    )
