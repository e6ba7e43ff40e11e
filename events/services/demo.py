"""Load the demo scenario (events/demo_scenario.py). Idempotent: a rerun changes nothing."""

from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import transaction

from events import demo_scenario as scenario
from events.geodesy import destination, geodesic_circle
from events.models import (
    Actor,
    Citation,
    ControlZone,
    Event,
    EventActor,
    Place,
    PublicationStatus,
    Source,
    ZoneCitation,
)

COMPASS = {90: "E", 135: "SE", 45: "NE", 180: "S", 0: "N", 225: "SW", 270: "W", 315: "NW"}


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _upsert(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(obj, field, value)
    return _save(obj)


def _with_names(lookup: dict, names: list[str]) -> list[str]:
    """The scenario's names added to those the place already has (from GeoNames, say)."""
    existing = Place.objects.filter(**lookup).values_list("name", "alternate_names").first()
    if not existing:
        return list(names)
    current_name, current = existing
    return list(dict.fromkeys([*current, *names, current_name]))


def load_demo_places() -> dict[str, Place]:
    """The scenario's places: GeoNames towns, curated bases and crossings, derived points."""
    places = {}
    for name, alternates, lat, lon, kind, admin1, geonames_id, origin in scenario.PLACES:
        # A gazetteer loaded from GeoNames may hold the place already, under its GeoNames name.
        lookup = {"geonames_id": geonames_id} if geonames_id else {"name": name}
        places[name] = _upsert(
            Place,
            lookup,
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
        )
    for spec in scenario.DERIVED_PLACES:
        anchor = places[spec["anchor"]].location
        point = destination(anchor.y, anchor.x, bearing=spec["bearing"], km=spec["km"])
        lookup = {"name": spec["name"]}
        places[spec["name"]] = _upsert(
            Place,
            lookup,
            {
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


def _load_actors() -> dict[str, Actor]:
    actors = {}
    for name, short, inter, colour, _parent, _backers, aliases in scenario.ACTORS:
        actors[name] = _upsert(
            Actor,
            {"name": name},
            {
                "short_name": short,
                "actor_type": inter,
                "colour": colour,
                "aliases": aliases,
            },
        )
    for name, _short, _inter, _colour, parent, backers, _aliases in scenario.ACTORS:
        actor = actors[name]
        actor.parent = actors[parent] if parent else None
        _save(actor)
        actor.backed_by.set([actors[b] for b in backers])
    return actors


def _sync_citations(model, owner_field: str, owner, source: Source, quotes: list[str]) -> None:
    model.objects.filter(**{owner_field: owner}, source=source).exclude(quote__in=quotes).delete()
    for quote in quotes:
        _upsert(model, {owner_field: owner, "source": source, "quote": quote}, {})


def _load_events(places, actors, source) -> list[Event]:
    events = []
    for spec in scenario.EVENTS:
        place = places[spec["place"]]
        low, best, high = spec.get("fatalities", (None, None, None))
        event = _upsert(
            Event,
            {"title": spec["title"], "start_date": spec["start_date"]},
            {
                "end_date": spec.get("end_date", spec["start_date"]),
                "date_precision": spec.get("date_precision", 1),
                "event_type": spec["event_type"],
                "sub_event_type": spec["sub_event_type"],
                "place": place,
                "location": place.location,
                "geo_precision": spec["geo_precision"],
                "location_note": spec.get("location_note", _derived_note(spec["place"])),
                "fatalities_low": low,
                "fatalities_best": best,
                "fatalities_high": high,
                "summary": spec["summary"],
                "status": PublicationStatus.PUBLISHED,
            },
        )
        roles = {actors[name].pk: role for name, role in spec["actors"]}
        event.event_actors.exclude(actor_id__in=roles).delete()
        for actor_id, role in roles.items():
            EventActor.objects.update_or_create(
                event=event, actor_id=actor_id, defaults={"role": role}
            )
        _sync_citations(Citation, "event", event, source, spec["quotes"])
        events.append(event)
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


def _load_zones(places, actors, source) -> list[ControlZone]:
    zones = []
    for spec in scenario.ZONES:
        status = spec.get("status", "controlled")
        zone = _upsert(
            ControlZone,
            {
                "actor": actors[spec["actor"]],
                "valid_from": spec["from"],
                "status": status,
            },
            {
                "valid_to": spec["to"],
                "geometry": _zone_geometry(spec, places),
                "confidence": spec.get("confidence", 1),
                "note": spec["note"],
                "publication": PublicationStatus.PUBLISHED,
            },
        )
        _sync_citations(ZoneCitation, "zone", zone, source, [spec["quote"]])
        zones.append(zone)
    return zones


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create or update the demo records; return how many of each the scenario holds."""
    source = _upsert(
        Source,
        {"title": scenario.ARTICLE["title"]},
        {k: v for k, v in scenario.ARTICLE.items() if k != "title"},
    )
    places = load_demo_places()
    actors = _load_actors()
    events = _load_events(places, actors, source)
    zones = _load_zones(places, actors, source)
    return {
        "places": len(places),
        "actors": len(actors),
        "events": len(events),
        "zones": len(zones),
        "sources": 1,
    }
