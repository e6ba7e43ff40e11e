"""Load the demo scenario (events/demo_scenario.py) into an empty database.

Set-up never overwrites what editors did: once the demo is in, `load_demo` (and `make run`)
changes nothing; `load_demo --reset` puts the demo's own rows back as the scenario has them,
found by their DemoRecord keys, and leaves every other row alone.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import models, transaction

from events import demo_scenario as scenario
from events.geodesy import destination, geodesic_circle
from events.models import (
    Actor,
    Citation,
    ControlZone,
    DemoRecord,
    Event,
    EventActor,
    EventValues,
    Place,
    PublicationStatus,
    Source,
    ZoneCitation,
)

COMPASS = {90: "E", 135: "SE", 45: "NE", 180: "S", 0: "N", 225: "SW", 270: "W", 315: "NW"}


class DemoNotLoaded(Exception):
    """The database holds data already: the demo does not touch it."""


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _upsert(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(obj, field, value)
    return _save(obj)


def _keyed(
    model: type[models.Model],
    key: str,
    values: dict,
    *,
    reset: bool,
    adopt: dict | None = None,
) -> tuple[models.Model, bool]:
    """The demo's row under `key`: created when missing, rewritten only on a reset. `adopt`
    finds a row that set-up itself loaded before the demo keyed it (a GeoNames town, an actor
    of the same name): it becomes the demo's. Returns the row and whether it was written."""
    record = DemoRecord.objects.filter(key=key).first()
    obj = model.objects.filter(pk=record.object_id).first() if record else None
    if obj is not None and not reset:
        return obj, False
    if obj is None and adopt:
        obj = model.objects.filter(**adopt).first()
    obj = obj or model()
    for field, value in values.items():
        setattr(obj, field, value)
    _save(obj)
    DemoRecord.objects.update_or_create(
        key=key,
        defaults={"content_type": ContentType.objects.get_for_model(model), "object_id": obj.pk},
    )
    return obj, True


def _with_names(lookup: dict, names: list[str]) -> list[str]:
    """The scenario's names added to those the place already has (from GeoNames, say)."""
    existing = Place.objects.filter(**lookup).values_list("name", "alternate_names").first()
    if not existing:
        return list(names)
    current_name, current = existing
    return list(dict.fromkeys([*current, *names, current_name]))


def load_demo_places(*, reset: bool = False) -> dict[str, Place]:
    """The scenario's places: GeoNames towns, curated bases and crossings, derived points.
    A place the demo keyed already is left as editors have it, unless `reset`."""
    places = {}
    for name, alternates, lat, lon, kind, admin1, geonames_id, origin in scenario.PLACES:
        # A gazetteer loaded from GeoNames may hold the place already, under its GeoNames name.
        lookup = {"geonames_id": geonames_id} if geonames_id else {"name": name}
        places[name], _ = _keyed(
            Place,
            f"place:{name}",
            {
                "name": name,
                "alternate_names": [n for n in _with_names(lookup, alternates) if n != name],
                "location": Point(lon, lat, srid=4326),
                "kind": kind,
                "country_code": "SY" if kind != "border_point" else "",
                "admin1": admin1,
                "geonames_id": geonames_id,
                "coordinate_source": origin,
            },
            reset=reset,
            adopt=lookup,
        )
    for spec in scenario.DERIVED_PLACES:
        anchor = places[spec["anchor"]].location
        point = destination(anchor.y, anchor.x, bearing=spec["bearing"], km=spec["km"])
        lookup = {"name": spec["name"]}
        places[spec["name"]], _ = _keyed(
            Place,
            f"place:{spec['name']}",
            {
                "name": spec["name"],
                "alternate_names": [
                    n for n in _with_names(lookup, spec["alternate_names"]) if n != spec["name"]
                ],
                "location": point,
                "kind": spec["kind"],
                "country_code": "SY",
                "admin1": spec["admin1"],
                "geo_precision": 2,  # a reported distance, not a surveyed point
                "coordinate_source": (
                    f"derived: geodesic destination {spec['km']} km at {spec['bearing']}° from "
                    f"{spec['anchor']} (WGS84); {spec['source_note']}"
                ),
            },
            reset=reset,
            adopt=lookup,
        )
    return places


def _derived_note(place_name: str) -> str:
    for spec in scenario.DERIVED_PLACES:
        if spec["name"] == place_name:
            return (
                f"~{spec['km']} km {COMPASS[spec['bearing']]} of {spec['anchor']} as reported; "
                f"point derived by geodesic destination ({spec['bearing']}°, {spec['km']} km)"
            )
    return f"near {place_name}"


def _load_actors(*, reset: bool) -> dict[str, Actor]:
    actors, written = {}, set()
    for name, short, inter, colour, _parent, _backers, aliases in scenario.ACTORS:
        actors[name], fresh = _keyed(
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
        _save(actor)
        actor.backed_by.set([actors[b] for b in backers])
    return actors


def _sync_citations(model, owner_field: str, owner, source: Source, quotes: list[str]) -> None:
    model.objects.filter(**{owner_field: owner}, source=source).exclude(quote__in=quotes).delete()
    for quote in quotes:
        _upsert(model, {owner_field: owner, "source": source, "quote": quote}, {})


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
            status=PublicationStatus.PUBLISHED,
        )
        event, fresh = _keyed(Event, f"event:{spec['key']}", values.model_fields(), reset=reset)
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
        polygon = geodesic_circle(centre.y, centre.x, km=scenario.AL_TANF_ZONE_RADIUS_KM)
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
        zone, fresh = _keyed(
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
    source, _ = _keyed(
        Source,
        "source:article",
        dict(scenario.ARTICLE),
        reset=reset,
    )
    places = load_demo_places(reset=reset)
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
