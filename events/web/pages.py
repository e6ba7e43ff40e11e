"""HTML pages: the researchers' map and an event's permalink."""

import json
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from events.lib.taxonomy import SUB_EVENT_TYPES, EventType, SubEventType
from events.models import ActorRole, DataVersion
from events.models.permissions import may_preview
from events.selectors.events import (
    actor_list_public,
    event_get_for_staff,
    event_get_public,
    public_date_span,
)
from events.selectors.zones import zone_date_span
from events.web.caching import per_data_version
from events.web.replica import public_reads, reads_from_replica


@reads_from_replica
def map_page(request: HttpRequest) -> HttpResponse:
    """The map's shell. Its state lives in the URL and is applied by static/conflictmap/map/.
    `?preview=1` for staff: drafts and records in review drawn too, marked, never cached."""
    preview = request.GET.get("preview") == "1" and may_preview(request.user)
    # Both scan every published row: once per state of the data, not once per visit.
    version = DataVersion.current()  # read once for both cached answers
    first, last = per_data_version("map|date-span", public_date_span, version=version)
    zones_first, zones_last, zones_hold = per_data_version(
        "map|zone-span", zone_date_span, version=version
    )
    today = date.today()
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = last or today
    taxonomy = [
        {
            "value": event_type.value,
            "label": event_type.label,
            "sub_types": [
                {"value": sub, "label": SubEventType(sub).label}
                for sub in SUB_EVENT_TYPES[event_type]
            ],
        }
        for event_type in EventType
    ]
    actors = per_data_version(
        "map|actors",
        lambda: [{"id": a.pk, "name": a.name} for a in actor_list_public()],
        version=version,
    )
    response = render(
        request,
        "events/map.html",
        {
            "day": day,
            "first": first or day,
            "last": last or day,
            "taxonomy": taxonomy,
            "actors": actors,
            "config": json.dumps(
                {
                    "first": (first or day).isoformat(),
                    "last": (last or day).isoformat(),
                    "zones_first": zones_first and zones_first.isoformat(),
                    # None when a zone still holds: no day after the last is without zones.
                    "zones_last": None if zones_hold else zones_last and zones_last.isoformat(),
                }
            ),
            "preview": preview,
        },
    )
    if preview:
        add_never_cache_headers(response)
    return response


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event's page. Staff who may view events also see what is not published (a draft, in
    review, withdrawn), marked as a preview and never stored by any cache; they read the primary
    database, so that a change they have just saved is on the page they open next."""
    if may_preview(request.user):
        return _event_page(request, pk, staff=True)
    with public_reads():
        return _event_page(request, pk, staff=False)


def _event_page(request: HttpRequest, pk: int, *, staff: bool) -> HttpResponse:
    event = event_get_public(pk)
    preview = False
    if event is None and staff:
        event = event_get_for_staff(pk)
        preview = event is not None
    if event is None:
        raise Http404("No published event with this id.")
    roles = dict(ActorRole.choices)
    actors = [
        (ea.actor, roles[ea.role])
        for ea in event.event_actors.select_related("actor").order_by("role", "actor__name")
    ]
    citations = event.citations.select_related("source")
    response = render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "actors": actors,
            "citations": citations,
            "preview": preview,
        },
    )
    if preview or request.user.is_authenticated:
        add_never_cache_headers(response)
    return response
