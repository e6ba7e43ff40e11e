"""Record builders for the tests: the fewest fields a valid record needs, any of them
overridden by keyword. Imported by the tests (and by conftest.py's fixtures), never a fixture."""

import datetime as dt
import importlib

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from events.models import (
    Actor,
    Citation,
    ControlZone,
    Event,
    Place,
    PublicationStatus,
    Source,
)


def member_of(role: str, username: str | None = None) -> User:
    """A staff user whose only rights are the role's group (made by migration 0011)."""
    if not Group.objects.filter(name=role).exists():
        # A transactional test's flush empties every table the migrations filled: make the
        # roles again with the migration's own code.
        roles = importlib.import_module("events.migrations.0011_roles")
        roles.create_groups(django_apps)
    name = username or role.lower().replace(" ", "_")
    user = User.objects.create_user(name, password=f"{name}-pass", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def make_actor(name: str = "Actor A", **fields) -> Actor:
    return Actor.objects.create(name=name, actor_type=fields.pop("actor_type", 1), **fields)


def make_source(**fields) -> Source:
    fields.setdefault("title", "A report")
    fields.setdefault("published_on", dt.date(2017, 6, 21))
    return Source.objects.create(**fields)


def event_fields(**overrides) -> dict:
    fields = {
        "title": "Clash",
        "start_date": dt.date(2017, 6, 20),
        "end_date": dt.date(2017, 6, 20),
        "event_type": "battles",
        "sub_event_type": "armed_clash",
        "location": Point(36.86, 33.03, srid=4326),
        "geo_precision": 2,
        "summary": "Our own words.",
    }
    fields.update(overrides)
    return fields


def make_event(*, cite: bool = False, **overrides) -> Event:
    event = Event.objects.create(**event_fields(**overrides))
    if cite:
        Citation.objects.create(event=event, source=make_source(), quote="a short quote")
    return event


def square(x: float = 38.0, y: float = 33.0, size: float = 0.5) -> MultiPolygon:
    ring = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
    return MultiPolygon(Polygon(ring), srid=4326)


def bowtie() -> MultiPolygon:
    """A self-intersecting ring: its two halves cross at (38.5, 33.5)."""
    ring = [(38.0, 33.0), (39.0, 34.0), (39.0, 33.0), (38.0, 34.0), (38.0, 33.0)]
    return MultiPolygon(Polygon(ring), srid=4326)


def make_zone(actor: Actor, **overrides) -> ControlZone:
    fields = {
        "actor": actor,
        "geometry": square(),
        "valid_from": dt.date(2017, 5, 1),
        "valid_to": dt.date(2017, 6, 1),
        "publication": PublicationStatus.PUBLISHED,
    }
    fields.update(overrides)
    return ControlZone.objects.create(**fields)


def make_place(name: str = "Somewhere", **fields) -> Place:
    fields.setdefault("location", Point(36.29, 33.51, srid=4326))
    return Place.objects.create(name=name, **fields)
