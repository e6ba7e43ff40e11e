"""The actors, places and sources an import refers to, found or created a batch at a time.

A real file names thousands of places and actors: looking each up with its own query, and
creating each with its own INSERT, made real files import fifty times slower than generated
ones. Here every batch costs a few queries whatever it holds: names are matched in memory
(the actors' names and aliases, the gazetteer's index), new rows are inserted in bulk.

A place is only ever matched within the row's own country and within SAME_PLACE_KM of the
row's own point: an Egyptian "Rafah" event is never attached to the Palestinian Rafah 3 km
away. A place created by an import is a gazetteer entry like any other (its name, admin area,
country, point and precision, with the row's id as provenance), so later resolutions use it.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.gis.geos import Point

from events.geocoding.names import name_key
from events.geocoding.place_index import SAME_PLACE_KM, get_index
from events.interchange.records import ActorRef, EventRecord, SourceRef
from events.lib.geodesy import approx_km
from events.models import Actor, Place, PlaceKind, Source

LOOKUP_CHUNK = 400  # keys per IN (...) query: well under SQLite's variable limit


class References:
    def __init__(self, *, dataset: str, file_name: str):
        self.dataset = dataset
        self.file_name = file_name
        self.actors: dict[str, int] = Actor.objects.ids_by_name()
        self.guessed_types: set[str] = set()
        self.places: dict[tuple[str, str], list[tuple[int, float, float]]] = {}
        self.sources: dict[tuple[str, str, date | None], int] = {}
        self.gazetteer = get_index()
        self.places_created = 0
        self.actors_created = 0

    def prepare(self, records: list[EventRecord]) -> None:
        """Give every record's actors, place and sources an id (records.place_id set)."""
        self._actors([ref for record in records for ref in record.actors])
        self._places(records)
        self._sources([ref for record in records for ref in record.sources])

    def actor_id(self, ref: ActorRef) -> int:
        return self.actors[ref.name.casefold()]

    def source_id(self, ref: SourceRef) -> int:
        return self.sources[_source_key(ref)]

    # -- actors ------------------------------------------------------------------------------
    def _actors(self, refs: list[ActorRef]) -> None:
        new: dict[str, Actor] = {}
        retyped: dict[int, int] = {}
        for ref in refs:
            key = ref.name.casefold()
            if key in new:
                actor = new[key]
                if ref.type_known and key in self.guessed_types:
                    actor.actor_type = ref.actor_type
                    self.guessed_types.discard(key)
            elif key in self.actors:
                if ref.type_known and key in self.guessed_types:
                    # First met as an associated actor, its type guessed from its side: now
                    # the file gives it.
                    retyped[self.actors[key]] = ref.actor_type
                    self.guessed_types.discard(key)
            else:
                new[key] = Actor(name=ref.name, actor_type=ref.actor_type)
                if not ref.type_known:
                    self.guessed_types.add(key)
        Actor.objects.bulk_create(new.values(), batch_size=500)
        self.actors.update({key: actor.pk for key, actor in new.items()})
        self.actors_created += len(new)
        for pk, actor_type in retyped.items():
            Actor.objects.filter(pk=pk).update(actor_type=actor_type)

    # -- places ------------------------------------------------------------------------------
    def _places(self, records: list[EventRecord]) -> None:
        pending: dict[tuple[str, str], list[tuple[Place, float, float]]] = {}
        waiting: list[tuple[EventRecord, Place]] = []
        for record in records:
            key = (name_key(record.location_name), record.country_code)
            here = (record.latitude, record.longitude)
            record.place_id = self._known_place(key, here, record.location_name)
            if record.place_id is not None:
                continue
            place = next(
                (p for p, lat, lon in pending.get(key, ()) if _close(here, (lat, lon))), None
            )
            if place is None:
                place = self._new_place(record)
                pending.setdefault(key, []).append((place, *here))
            waiting.append((record, place))
        created = [place for entries in pending.values() for place, _, _ in entries]
        Place.objects.bulk_create(created, batch_size=500)
        self.places_created += len(created)
        for key, entries in pending.items():
            self.places.setdefault(key, []).extend((p.pk, lat, lon) for p, lat, lon in entries)
        for record, place in waiting:
            record.place_id = place.pk

    def _known_place(
        self, key: tuple[str, str], here: tuple[float, float], name: str
    ) -> int | None:
        for pk, lat, lon in self.places.get(key, ()):
            if _close(here, (lat, lon)):
                return pk
        entry = self.gazetteer.named_near(name, *here, country=key[1])
        if entry is None:
            return None
        self.places.setdefault(key, []).append((entry.id, entry.lat, entry.lon))
        return entry.id

    def _new_place(self, record: EventRecord) -> Place:
        return Place(
            name=record.location_name,
            location=Point(record.longitude, record.latitude, srid=4326),
            kind=PlaceKind.OTHER,
            country_code=record.country_code,
            admin1=record.admin1[:120],
            geo_precision=record.geo_precision,
            coordinate_source=(
                f"{self.dataset.upper()} {record.external_id} ({self.file_name})"[:255]
            ),
        )

    # -- sources -----------------------------------------------------------------------------
    def _sources(self, refs: list[SourceRef]) -> None:
        wanted = {_source_key(ref) for ref in refs} - self.sources.keys()
        if not wanted:
            return
        for chunk in _chunks(sorted(wanted, key=str), LOOKUP_CHUNK):
            rows = Source.objects.filter(
                publisher__in={k[0] for k in chunk}, title__in={k[1] for k in chunk}
            ).values_list("pk", "publisher", "title", "published_on")
            for pk, publisher, title, published_on in rows.order_by("pk"):
                key = (publisher, title, published_on)
                if key in wanted:
                    self.sources.setdefault(key, pk)
        missing = sorted(wanted - self.sources.keys(), key=str)
        created = Source.objects.bulk_create(
            [Source(publisher=k[0], title=k[1], published_on=k[2]) for k in missing],
            batch_size=500,
        )
        self.sources.update({key: source.pk for key, source in zip(missing, created, strict=True)})


def _source_key(ref: SourceRef) -> tuple[str, str, date | None]:
    return (ref.name, ref.title, ref.published_on)


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return approx_km(a, b) < SAME_PLACE_KM


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
