"""docs/data-dictionary.md names every property of every output and every code of every list:
a property added to an output without its line there fails here."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from events.interchange.exporter import CSV_COLUMNS
from events.lib.taxonomy import EventType, SubEventType
from events.models import (
    ActorType,
    DatePrecision,
    EventActor,
    GeoPrecision,
    PlaceKind,
    PublicationStatus,
)
from events.models.events import ActorRole
from events.models.zones import Confidence, ControlStatus
from tests.factories import make_actor, make_event, make_place, make_zone

pytestmark = pytest.mark.django_db

DICTIONARY = (Path(__file__).parents[2] / "docs" / "data-dictionary.md").read_text()
NAMED = set(re.findall(r"`([^`]+)`", DICTIONARY))


def first_feature(client, url: str, **params) -> dict:
    response = client.get(url, params)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)["features"][0]


def test_every_property_of_events_zones_places_and_territory_is_described(client):
    holder = make_actor("Holder")
    event = make_event(cite=True, publication="published")
    EventActor.objects.create(event=event, actor=holder, role=ActorRole.SIDE_A)
    make_zone(holder, valid_to=None)
    make_place("Somewhere", population=10)
    outputs = {
        "event": first_feature(client, reverse("api-events"), fields="full")["properties"],
        "zone": first_feature(client, reverse("api-zones"), date="2017-06-01")["properties"],
        "place": first_feature(client, "/ogc/collections/places/items")["properties"],
        "territory": client.get(
            reverse("api-territory"), {"start": "2017-06-01", "end": "2017-06-01"}
        ).json()["series"][0],
    }
    missing = {(output, key) for output, properties in outputs.items() for key in properties} - {
        (output, key) for output in outputs for key in NAMED
    }
    assert missing == set()
    event = outputs["event"]
    nested = {*event["actors"][0], *event["sources"][0]}
    assert nested - NAMED == set()
    assert set(CSV_COLUMNS) <= NAMED


@pytest.mark.parametrize(
    "codes",
    [EventType, SubEventType, DatePrecision, GeoPrecision, ActorType, ActorRole, ControlStatus,
     Confidence, PublicationStatus],
)  # fmt: skip
def test_every_code_of_every_list_is_listed(codes):
    assert {str(code.value) for code in codes} <= NAMED


def test_place_kinds_are_listed():
    assert all(kind.value in DICTIONARY for kind in PlaceKind)
