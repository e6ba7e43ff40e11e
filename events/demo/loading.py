"""Load the demo scenario (events/demo/scenario.py) into an empty database.

Set-up never overwrites what editors did: once the demo is in, `load_demo` (and `make run`)
changes nothing; `load_demo --reset` puts the demo's own rows back as the scenario has them,
found by their DemoRecord keys, and leaves every other row alone.
"""

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction

from events.demo import scenario as scenario
from events.geocoding import curated_places as curated
from events.lib.geodesy import geodesic_circle
from events.models import (
    Actor,
    Citation,
    ControlZone,
    DemoRecord,
    Event,
    EventActor,
    EventValues,
    PublicationStatus,
    Source,
    ZoneCitation,
)
from events.services.gazetteer import load_curated_places
from events.services.setup_records import keyed, save_valid, upsert

COMPASS = {90: "E", 135: "SE", 45: "NE", 180: "S", 0: "N", 225: "SW", 270: "W", 315: "NW"}


class DemoNotLoaded(Exception):
    """The database holds data already: the demo does not touch it."""


def _derived_note(place_name: str) -> str:
    for spec in curated.DERIVED_PLACES:
        if spec["name"] == place_name:
            return (
                f"~{spec['km']} km {COMPASS[spec['bearing']]} of {spec['anchor']} as reported; "
                f"point derived by geodesic destination ({spec['bearing']}°, {spec['km']} km)"
            )
    return f"near {place_name}"


def _load_actors(*, reset: bool) -> dict[str, Actor]:
    actors, written = {}, set()
    for name, short, inter, colour, _parent, _backers, aliases in scenario.ACTORS:
        actors[name], fresh = keyed(
            Actor,
            f"actor:{name}",
            {
                "name": name,
                "short_name": short,
                "actor_type": inter,
                "colour": colour,
                "aliases": aliases,
            },
            reset=reset,
            adopt={"name": name},
        )
        if fresh:
            written.add(name)
    for name, _short, _inter, _colour, parent, backers, _aliases in scenario.ACTORS:
        if name not in written:
            continue
        actor = actors[name]
        actor.parent = actors[parent] if parent else None
        save_valid(actor)
        actor.backed_by.set([actors[b] for b in backers])
    return actors


def _sync_citations(model, owner_field: str, owner, source: Source, quotes: list[str]) -> None:
    model.objects.filter(**{owner_field: owner}, source=source).exclude(quote__in=quotes).delete()
    for quote in quotes:
        upsert(model, {owner_field: owner, "source": source, "quote": quote}, {})


def _load_events(places, actors, source, *, reset: bool) -> list[Event]:
    events = []
    for spec in scenario.EVENTS:
        place = places[spec["place"]]
        values = EventValues(
            title=spec["title"],
            start_date=spec["start_date"],
            end_date=spec.get("end_date", spec["start_date"]),
            date_precision=spec.get("date_precision", 1),
            event_type=spec["event_type"],
            sub_event_type=spec["sub_event_type"],
            longitude=place.location.x,
            latitude=place.location.y,
            place_id=place.pk,
            geo_precision=spec["geo_precision"],
            location_note=spec.get("location_note", _derived_note(spec["place"])),
            fatalities=spec.get("fatalities", (None, None, None)),
            summary=spec["summary"],
            publication=PublicationStatus.PUBLISHED,
        )
        event, fresh = keyed(Event, f"event:{spec['key']}", values.model_fields(), reset=reset)
        events.append(event)
        if not fresh:
            continue
        roles = {actors[name].pk: role for name, role in spec["actors"]}
        event.event_actors.exclude(actor_id__in=roles).delete()
        for actor_id, role in roles.items():
            EventActor.objects.update_or_create(
                event=event, actor_id=actor_id, defaults={"role": role}
            )
        _sync_citations(Citation, "event", event, source, spec["quotes"])
    return events


def _zone_geometry(spec, places) -> MultiPolygon:
    if "circle_around" in spec:
        centre = places[spec["circle_around"]].location
        polygon: GEOSGeometry = geodesic_circle(
            centre.y, centre.x, km=scenario.AL_TANF_ZONE_RADIUS_KM
        )
    else:
        polygon = Polygon([*spec["ring"], spec["ring"][0]], srid=4326)
    if spec.get("contested_only") or spec.get("minus_contested"):
        bir_qassab = places["Bir Qassab"].location
        contested = geodesic_circle(
            bir_qassab.y, bir_qassab.x, km=scenario.BIR_QASSAB_CONTESTED_RADIUS_KM
        ).intersection(polygon)
        polygon = contested if spec.get("contested_only") else polygon.difference(contested)
    geometry = polygon if isinstance(polygon, MultiPolygon) else MultiPolygon(polygon)
    geometry.srid = 4326
    return geometry


def _load_zones(places, actors, source, *, reset: bool) -> list[ControlZone]:
    zones = []
    for spec in scenario.ZONES:
        status = spec.get("status", "controlled")
        zone, fresh = keyed(
            ControlZone,
            f"zone:{spec['actor']}:{spec['from'].isoformat()}:{status}",
            {
                "actor": actors[spec["actor"]],
                "valid_from": spec["from"],
                "status": status,
                "valid_to": spec["to"],
                "geometry": _zone_geometry(spec, places),
                "confidence": spec.get("confidence", 1),
                "note": spec["note"],
                "publication": PublicationStatus.PUBLISHED,
            },
            reset=reset,
        )
        if fresh:
            _sync_citations(ZoneCitation, "zone", zone, source, [spec["quote"]])
        zones.append(zone)
    return zones


def _refusal() -> str | None:
    """Why the demo may not load without a reset, or None on an empty database."""
    if DemoRecord.objects.filter(key__startswith="event:").exists():
        return (
            "The demo is loaded already; editors' changes are kept. "
            "`manage.py load_demo --reset` puts the demo's records back."
        )
    held = [
        f"{model.objects.count():,} {model._meta.verbose_name_plural}"
        for model in (Event, ControlZone, Source)
        if model.objects.exists()
    ]
    if held:
        return (
            f"The database holds data ({', '.join(held)}): the demo loads into an empty "
            "database only. `manage.py load_demo --reset` adds it anyway."
        )
    return None


@transaction.atomic
def load_demo(*, reset: bool = False) -> dict[str, int]:
    """Load the demo into an empty database, or put its records back (`reset`); return how
    many of each the scenario holds. Raises DemoNotLoaded when the database holds data."""
    if not reset:
        refusal = _refusal()
        if refusal:
            raise DemoNotLoaded(refusal)
    source, _ = keyed(
        Source,
        "source:article",
        dict(scenario.ARTICLE),
        reset=reset,
    )
    places = load_curated_places(reset=reset)
    actors = _load_actors(reset=reset)
    events = _load_events(places, actors, source, reset=reset)
    zones = _load_zones(places, actors, source, reset=reset)
    return {
        "places": len(places),
        "actors": len(actors),
        "events": len(events),
        "zones": len(zones),
        "sources": 1,
    }
