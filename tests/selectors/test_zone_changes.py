"""/api/zones/changes.geojson: what each controller gained and lost between two days, from the
published zones only; the same answer on both databases (GEOS computes it)."""

import datetime as dt
import json

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.urls import reverse

from events.models import PublicationStatus
from tests.factories import make_actor, make_zone, square

pytestmark = pytest.mark.django_db

CHANGES = reverse("api-zone-changes")
MAY, JUNE = dt.date(2017, 5, 10), dt.date(2017, 6, 10)


def shape(feature: dict) -> GEOSGeometry:
    return GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)


def changes(client, **params) -> dict:
    response = client.get(CHANGES, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def test_a_front_line_that_moved_east_is_a_gain_for_one_and_a_loss_for_the_other(client):
    west, east = make_actor("West", colour="#aa0000"), make_actor("East", colour="#0000aa")
    # In May the line runs along 38.5° E; in June along 38.75° E.
    make_zone(west, geometry=square(38.0, 33.0, 0.5), valid_from=MAY, valid_to=dt.date(2017, 5, 31))
    make_zone(east, geometry=square(38.5, 33.0, 0.5), valid_from=MAY, valid_to=dt.date(2017, 5, 31))
    moved = GEOSGeometry("MULTIPOLYGON(((38 33, 38.75 33, 38.75 33.5, 38 33.5, 38 33)))", srid=4326)
    rest = GEOSGeometry(
        "MULTIPOLYGON(((38.75 33, 39 33, 39 33.5, 38.75 33.5, 38.75 33)))", srid=4326
    )
    make_zone(west, geometry=moved, valid_from=dt.date(2017, 6, 1), valid_to=None)
    make_zone(east, geometry=rest, valid_from=dt.date(2017, 6, 1), valid_to=None)
    answer = changes(client, **{"from": "2017-05-10", "to": "2017-06-10"})
    assert (answer["from"], answer["to"]) == ("2017-05-10", "2017-06-10")
    found = {
        (f["properties"]["controller"], f["properties"]["change"]): shape(f)
        for f in answer["features"]
    }
    assert set(found) == {("West", "gained"), ("East", "lost")}
    strip = GEOSGeometry("POLYGON((38.5 33, 38.75 33, 38.75 33.5, 38.5 33.5, 38.5 33))", srid=4326)
    for area in found.values():
        assert area.sym_difference(strip).area < 1e-9
    west_gain = next(f for f in answer["features"] if f["properties"]["change"] == "gained")
    assert west_gain["properties"]["colour"] == "#aa0000"


def test_unpublished_zones_change_nothing(client):
    actor = make_actor("Draft holder")
    make_zone(
        actor, valid_from=dt.date(2017, 6, 1), valid_to=None, publication=PublicationStatus.DRAFT
    )
    assert changes(client, **{"from": "2017-05-10", "to": "2017-06-10"})["features"] == []


def test_a_zone_that_appears_is_all_gain(client):
    actor = make_actor("Newcomer")
    make_zone(actor, valid_from=dt.date(2017, 6, 1), valid_to=None)
    [feature] = changes(client, **{"from": "2017-05-10", "to": "2017-06-10"})["features"]
    assert feature["properties"]["change"] == "gained"
    assert round(shape(feature).area, 6) == 0.25


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"to": "2017-06-10"}, "from", "from is required: a date, YYYY-MM-DD."),
        ({"from": "2017-06-10"}, "to", "to is required: a date, YYYY-MM-DD."),
        (
            {"from": "2017-06-10", "to": "2017-06-01"},
            "from",
            "from=2017-06-10 is after to=2017-06-01.",
        ),
        ({"from": "2017-02-30", "to": "2017-06-01"}, "from", None),
        ({"from": "2017-06-01", "to": "2017-06-10", "actor": "1"}, "actor", None),
    ],
)
def test_bad_parameters_answer_400_naming_the_field(client, params, field, message):
    response = client.get(CHANGES, params)
    assert response.status_code == 400
    assert response.json()["field"] == field
    if message:
        assert response.json()["error"] == message


def test_a_zone_over_an_older_one_of_another_controller_is_marked_and_touching_is_not(client):
    older, newer, neighbour = make_actor("Older"), make_actor("Newer"), make_actor("Neighbour")
    make_zone(older, geometry=square(38.0, 33.0, 0.5), valid_from=MAY, valid_to=None)
    make_zone(newer, geometry=square(38.25, 33.0, 0.5), valid_from=JUNE, valid_to=None)
    make_zone(neighbour, geometry=square(37.5, 33.0, 0.5), valid_from=JUNE, valid_to=None)
    response = client.get(reverse("api-zones"), {"date": "2017-06-20"})
    marked = {
        f["properties"]["controller"]: f["properties"]["overlaps_older"]
        for f in response.json()["features"]
    }
    # JSON booleans on both databases; the neighbour only shares an edge with the older zone.
    assert marked == {"Older": False, "Newer": True, "Neighbour": False}
